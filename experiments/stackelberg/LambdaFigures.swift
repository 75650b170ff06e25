import ExperimentKit
import Foundation
import Lab
import Plot

/// The lambda figure of each part (issue: does PBRL approach the bilevel solution as lambda
/// grows, and at what cost in iterations): per game, PBRL's shortfall to the exact
/// hypergradient's final objective and the distance of its final leader policy to the exact
/// method's, against lambda (constant-lambda grid) with the schedule variants at the largest
/// lambda; and the objective against iteration for every run at the largest lambda.
extension GameFigures {
    /// `F(x_K)` of PBRL minus the exact hypergradient's on the same game (seed): > 0 = PBRL worse.
    func shortfalls(_ rs: [RunRecord], _ group: [RunRecord]) -> [UInt64: Double] {
        let ref = Dictionary(uniqueKeysWithValues: runs(rs, "hypergradient", nil).map { ($0.seed, $0.finals["F"] ?? .nan) })
        var out: [UInt64: Double] = [:]
        for r in group { if let f = r.finals["F"], let h = ref[r.seed] { out[r.seed] = f - h } }
        return out
    }

    /// `|pi_L - pi_L^hypergradient|` (Frobenius over states and actions) of the final leader
    /// policies on the same game.
    func distances(_ rs: [RunRecord], _ group: [RunRecord]) -> [UInt64: Double] {
        let ref = Dictionary(uniqueKeysWithValues: runs(rs, "hypergradient", nil).compactMap { r in
            r.matrices["final_leader_policy"].map { (r.seed, $0.flatMap { $0 }) } })
        var out: [UInt64: Double] = [:]
        for r in group {
            guard let pi = r.matrices["final_leader_policy"]?.flatMap({ $0 }), let e = ref[r.seed], e.count == pi.count else { continue }
            out[r.seed] = zip(pi, e).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        }
        return out
    }

    static let scheduleMarkers: [ScheduleVariant.Kind: Marker] = [.budget: .triangleUp, .ramp: .diamond, .continuation: .star]

    func drawLambda(_ part: GamePart) throws {
        let rs = self.part(part)
        let s = part == .commitment ? config.commitment : config.random
        guard !rs.isEmpty, !runs(rs, "hypergradient", nil).isEmpty, s.lambdas.count > 1 else { return }
        let lambdas = s.lambdas.sorted(), top = s.largestLambda
        let seeds = Set(rs.map(\.seed)).sorted()
        let fig = Figure(width: 14, height: 5.2, rows: 1, cols: 3)
        fig.suptitle = part == .commitment
            ? "E1a: PBRL against the exact hypergradient as λ grows"
            : "E1b: PBRL against the exact hypergradient as λ grows (\(seeds.count) random games)"
        let gap = fig.axes(0, 0), dist = fig.axes(0, 1), path = fig.axes(0, 2)
        gap.title = "final F(x_{K}) − exact hypergradient's"
        gap.xLabel = "penalty weight λ"; gap.yLabel = "F_{PBRL} − F_{exact}  (> 0: PBRL worse)"
        dist.title = "distance to the exact method's final leader policy"
        dist.xLabel = "penalty weight λ"; dist.yLabel = "‖π_{L} − π_{L}^{exact}‖"
        path.title = "at the largest λ = \(formatLambda(top)): cost in iterations"
        path.xLabel = "iteration k"; path.yLabel = "F(x_{k}) − F_{exact}(x_{K})"
        for a in [gap, dist, path] { a.xScale = .log; a.grid = true }
        dist.yScale = .log
        gap.hline(y: 0, label: "exact hypergradient", color: MethodStyle.hypergradient, style: .dashed)
        path.hline(y: 0, label: nil, color: MethodStyle.hypergradient, style: .dashed)
        var data: [String: [Double]] = ["lambda": lambdas]
        var firstDistance: Double?
        var pathFinals: [Double] = []
        for (i, pen) in ["pbrl-value", "pbrl-bellman"].enumerated() {
            let c = Color.tab10(i == 0 ? 0 : 1), st = MethodStyle.style(pen)
            let name = pen == "pbrl-value" ? "PBRL-value" : "PBRL-Bellman"
            let gaps = lambdas.map { shortfalls(rs, runs(rs, pen, $0)) }
            let ds = lambdas.map { distances(rs, runs(rs, pen, $0)) }
            guard gaps.allSatisfy({ !$0.isEmpty }) else { continue }
            // One thin line per game, the mean thick.
            if seeds.count > 1 {
                for seed in seeds {
                    gap.line(x: lambdas, y: gaps.map { $0[seed] ?? .nan }, color: c.withAlpha(0.35), style: st, width: 0.7)
                    dist.line(x: lambdas, y: ds.map { $0[seed] ?? .nan }, color: c.withAlpha(0.35), style: st, width: 0.7)
                }
            }
            let meanGap = gaps.map { mean(Array($0.values)) }, meanDist = ds.map { mean(Array($0.values)) }
            gap.line(x: lambdas, y: meanGap, label: name + (seeds.count > 1 ? " (mean; thin: per game)" : ""), color: c, style: st, width: 2, marker: i == 0 ? .circle : .square)
            dist.line(x: lambdas, y: meanDist, color: c, style: st, width: 2, marker: i == 0 ? .circle : .square)
            if firstDistance == nil, let d = meanDist.first, d > 0 { firstDistance = d }
            data[pen + ".shortfall.mean"] = meanGap
            data[pen + ".distance.mean"] = meanDist
            // Schedule variants at the largest lambda.
            for v in s.schedules {
                let g = runs(rs, pen, top, schedule: v.kind)
                guard !g.isEmpty, let mk = Self.scheduleMarkers[v.kind] else { continue }
                let sg = mean(Array(shortfalls(rs, g).values)), sd = mean(Array(distances(rs, g).values))
                gap.scatter(x: [top], y: [sg], label: "\(name), \(v.text)", color: c, marker: mk, size: 8, edge: .black)
                dist.scatter(x: [top], y: [sd], color: c, marker: mk, size: 8, edge: .black)
                data[pen + ".\(v.kind.rawValue).shortfall.mean"] = [sg]
                data[pen + ".\(v.kind.rawValue).distance.mean"] = [sd]
            }
            // Against iteration: the constant run at the largest lambda and its variants (mean over games).
            for (kind, group) in [(ScheduleVariant.Kind?.none, runs(rs, pen, top))] + s.schedules.map({ ($0.kind, runs(rs, pen, top, schedule: $0.kind)) }) {
                guard let its = group.first?.series["iteration"], !group.isEmpty else { continue }
                let ref = Dictionary(uniqueKeysWithValues: runs(rs, "hypergradient", nil).map { ($0.seed, $0.finals["F"] ?? .nan) })
                let rel = group.map { r in (r.series["F"] ?? []).map { $0 - (ref[r.seed] ?? .nan) } }
                let n = rel.map(\.count).min() ?? 0
                let m = (0..<n).map { k in rel.reduce(0) { $0 + $1[k] } / Double(rel.count) }
                let keep = (0..<n).filter { its[$0] >= 1 }
                let label = kind.map { k in "\(name), " + (s.schedules.first { $0.kind == k }?.text ?? k.rawValue) } ?? "\(name), constant λ (\(s.iterations(penalty: true, lambda: top)) it.)"
                // constant: the penalty's style; budget: solid, thin; ramp: dash-dot; continuation: dotted.
                let style: LineStyle = kind == nil ? st : (kind == .budget ? .solid : kind == .ramp ? .dashDot : .dotted)
                path.line(x: keep.map { its[$0] }, y: keep.map { m[$0] }, label: label, color: kind == nil ? c : c.withAlpha(0.75), style: style, width: kind == nil ? 1.8 : 1.1)
                pathFinals.append(m.last ?? 0)
            }
        }
        // Theory: distance O(1/lambda) (docs/math.md section 6), anchored at the value PBRL's
        // distance has at the smallest lambda; it applies where PBRL and the exact method
        // converge to the same local minimum.
        if let d0 = firstDistance {
            let l0 = lambdas[0]
            dist.line(x: lambdas, y: lambdas.map { d0 * l0 / $0 }, label: "theory O(1/λ) (slope −1, from the first point)", color: .gray, style: .dotted, width: 1.2)
        }
        // The start (F far above the exact value) would flatten the end, where the variants differ.
        if let hi = pathFinals.map(abs).max() { path.yLimits = min(-0.1, (pathFinals.min() ?? 0) - 0.1)...max(1, 4 * hi) }
        fig.legend(columns: 3)
        let budgetText = s.lambdaReference > 0
            ? "\(s.iterations) iterations × max(1, λ/\(formatLambda(s.lambdaReference)))"
            : "\(s.iterations) iterations for every λ"
        let variantsText = s.schedules.isEmpty ? "no schedule variants" : s.schedules.map { "\(Self.markerName($0.kind)) \($0.text)" }.joined(separator: "; ")
        let caption = (part == .commitment ? "E1a, the commitment game (deterministic: one run per method). " : "E1b, \(seeds.count) random general-sum games (one per seed); thin lines: each game, thick: the mean. ")
            + "Left: PBRL's final hyper-objective minus the exact hypergradient's on the same game (0 = the exact method's result; F = −V_L, so > 0 means a lower leader value). "
            + "Middle: Frobenius distance of PBRL's final leader policy to the exact method's, log–log, with the theory's O(1/λ) rate (dotted grey, slope −1, anchored at the smallest λ); the rate is a statement about the penalized problem's solution near a common local minimum and does not apply to runs that end at a different local minimum or have not converged. "
            + "Right: F(x_k) minus the exact method's final F against iteration for PBRL at the largest λ: constant λ with the grid's budget and the schedule variants (mean over games). "
            + "Constant-λ grid: λ ∈ {\(lambdas.map(formatLambda).joined(separator: ", "))}, steps α = \(s.stepXScale)/λ, β = \(s.stepYScale)/λ, \(budgetText). "
            + "Variants at λ = \(formatLambda(top)) (markers): \(variantsText); their steps follow the scheduled weight, α_k = \(s.stepXScale)/λ_k, β_k = \(s.stepYScale)/λ_k (docs/lambda-schedules.md)."
        try writer.save(fig, name: "\(part.tag)_lambda", title: "\(part == .commitment ? "E1a" : "E1b"): PBRL against the exact hypergradient as λ grows", caption: caption, data: data)
    }

    static func markerName(_ k: ScheduleVariant.Kind) -> String {
        switch k { case .budget: return "▲"; case .ramp: return "◆"; case .continuation: return "★" }
    }
}

func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }
