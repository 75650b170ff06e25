import ExperimentKit
import Foundation
import Lab
import Plot

/// The E1 figures (docs/experiments.md): E1a leader value and pi_L(0|A) against iteration;
/// E1b (i) F(x_k) band, (ii) value gap p on a log axis, (iii) final F against lambda.
struct GameFigures {
    let writer: FigureWriter
    let config: StackelbergConfig
    let records: [RunRecord]

    func part(_ p: GamePart) -> [RunRecord] { records.succeeded.filter { $0.params["part"] == Double(p.rawValue) } }

    /// (method, lambda) pairs in a fixed order: PBRL-value by lambda, PBRL-Bellman by lambda, baselines.
    func variants(_ rs: [RunRecord]) -> [(method: String, lambda: Double?)] {
        var out: [(String, Double?)] = []
        for m in ["pbrl-value", "pbrl-bellman"] {
            let ls = Set(rs.filter { $0.method == m }.compactMap { $0.params["lambda"] }).sorted()
            out += ls.map { (m, $0) }
        }
        for m in ["hypergradient", "naive"] where rs.contains(where: { $0.method == m }) { out.append((m, nil)) }
        return out
    }

    /// The constant-lambda runs of (method, lambda), by seed (`schedule`: that variant's runs).
    func runs(_ rs: [RunRecord], _ method: String, _ lambda: Double?, schedule: ScheduleVariant.Kind? = nil) -> [RunRecord] {
        rs.filter { $0.method == method && $0.params["lambda"] == lambda && ScheduleVariant.kind(params: $0.params) == schedule }
            .sorted { $0.seed < $1.seed }
    }

    func color(_ method: String, _ lambda: Double?, lambdas: [Double]) -> Color {
        switch method {
        case "hypergradient": return MethodStyle.hypergradient
        case "naive": return MethodStyle.naive
        default: return MethodStyle.color(lambdaIndex: lambdas.firstIndex(of: lambda ?? 0) ?? 0)
        }
    }

    /// Iterations k >= 1 (log axis) and the series values there.
    func positive(_ r: RunRecord, _ name: String) -> (x: [Double], y: [Double]) {
        let its = r.series["iteration"] ?? []
        let ys = r.series[name] ?? []
        let keep = its.indices.filter { its[$0] >= 1 }
        return (keep.map { its[$0] }, keep.map { ys[$0] })
    }

    func drawCommitment() throws {
        let rs = part(.commitment)
        guard !rs.isEmpty else { return }
        let lambdas = config.commitment.lambdas
        let fig = Figure(width: 10, height: 3.6, rows: 1, cols: 2)
        fig.suptitle = "E1a commitment game (γ = 0.99, τ = 0.05): leader learns which commitment at A pays"
        let left = fig.axes(0, 0), right = fig.axes(0, 1)
        left.title = "leader value at the follower's best response"
        left.xLabel = "iteration k"; left.yLabel = "V_{L}(x_{k}) = −F(x_{k})"
        right.title = "leader's commitment at A"
        right.xLabel = "iteration k"; right.yLabel = "π_{L}(0 | A)"
        left.xScale = .log; right.xScale = .log
        left.grid = true; right.grid = true
        right.yLimits = -0.02...1.02
        for (m, l) in variants(rs) {
            guard let r = runs(rs, m, l).first else { continue }
            let c = color(m, l, lambdas: lambdas), st = MethodStyle.style(m), lab = MethodStyle.label(m, l)
            let v = positive(r, "leader_value"), p = positive(r, "pi_L(0|A)")
            let w = m == "hypergradient" || m == "naive" ? 2.2 : 1.5
            left.line(x: v.x, y: v.y, label: lab, color: c, style: st, width: w)
            right.line(x: p.x, y: p.y, label: lab, color: c, style: st, width: w)
        }
        right.hline(y: 0.5, label: nil, color: .gray, style: .dotted, width: 0.8)
        right.legend(.outsideRight)
        let caption = "E1a, the commitment game of experiments.md (3 states, start S, γ = 0.99, τ = 0.05, "
            + "follower states weighted \(config.commitmentWeighting.rawValue) in its objective and penalties). "
            + "Left: the leader's unregularized value from S at the follower's exact soft best response, V_L = −F(x_k); "
            + "right: the leader's probability of action 0 at A. PBRL (value penalty solid, Bellman penalty dashed) "
            + "at λ ∈ {\(lambdas.map(formatLambda).joined(separator: ", "))} with steps α = \(config.commitment.stepXScale)/λ, "
            + "β = \(config.commitment.stepYScale)/λ\(config.commitment.clipNorm > 0 ? ", x-direction clipped to norm \(config.commitment.clipNorm)" : ""); exact hypergradient and naive gradient with step \(config.commitment.baselineStepX). "
            + "Deterministic (exact gradients, zero initialization): one run per method, no band. "
            + "\(config.commitment.iterations) iterations, metrics every \(config.commitment.evaluateEvery); k ≥ 1 on a log axis."
        var data: [String: [Double]] = [:]
        for (m, l) in variants(rs) { if let r = runs(rs, m, l).first { data[methodKey(m, l) + ".leader_value"] = r.series["leader_value"] } }
        try writer.save(fig, name: "e1a_commitment", title: "E1a: leader value and commitment at A", caption: caption, data: data)
    }

    func drawRandom() throws {
        let rs = part(.random)
        guard !rs.isEmpty else { return }
        let lambdas = config.random.lambdas
        let seeds = Set(rs.map(\.seed)).count
        let bandText = "mean ± 1 std over \(seeds) game instances (seeds)"
        let setup = "E1b, random general-sum Markov games (n = 10, 3 × 3 actions, 3 successors, γ = 0.9, τ = 0.1, ρ uniform, zero-initialized logits). "
            + "PBRL steps α = \(config.random.stepXScale)/λ, β = \(config.random.stepYScale)/λ; baselines step \(config.random.baselineStepX); "
            + "\(config.random.iterations) iterations"
            + (config.random.lambdaReference > 0 ? " (PBRL at λ > \(formatLambda(config.random.lambdaReference)): × λ/\(formatLambda(config.random.lambdaReference)))" : "")
            + ", metrics every \(config.random.evaluateEvery); iteration axis logarithmic (k ≥ 1)."

        // (i) F(x_k) and (ii) value gap p, one panel per penalty, baselines on both.
        for (name, series, logY, title) in [("e1b_hyperobjective", "F", false, "hyper-objective F(x_{k})"),
                                             ("e1b_value_gap", "p", true, "value gap p(x_{k}, y_{k})")] {
            let fig = Figure(width: 10, height: 3.6, rows: 1, cols: 2)
            fig.suptitle = "E1b: \(title) over \(seeds) random games"
            for (col, pen) in ["pbrl-value", "pbrl-bellman"].enumerated() {
                let ax = fig.axes(0, col)
                ax.title = pen == "pbrl-value" ? "PBRL with the value penalty" : "PBRL with the Bellman penalty"
                ax.xLabel = "iteration k"; ax.yLabel = series == "F" ? "F(x_{k}) = −V_{L}" : "p(x_{k}, y_{k})"
                ax.grid = true
                if logY { ax.yScale = .log }
                ax.xScale = .log
                for (m, l) in variants(rs) where m == pen || (!logY && (m == "hypergradient" || m == "naive")) {
                    let group = runs(rs, m, l)
                    guard let its = group.first?.series["iteration"] else { continue }
                    let b = group.band(series)
                    let keep = its.indices.filter { its[$0] >= 1 && $0 < b.mean.count }
                    let c = color(m, l, lambdas: lambdas)
                    ax.band(x: keep.map { its[$0] }, mean: keep.map { b.mean[$0] }, lower: keep.map { b.lower(.std)[$0] },
                            upper: keep.map { b.upper(.std)[$0] }, label: MethodStyle.label(m, l), color: c, style: MethodStyle.style(m))
                }
                ax.legend(.best)
            }
            let caption = (series == "F"
                ? "Hyper-objective F(x_k) = −V_L at the follower's exact best response (lower is better for the leader), "
                : "Value gap p(x_k, y_k) = V*(ρ) − V^{π_y}(ρ) of the follower's iterate (log axis; baselines keep y = log π* and have p = 0, not drawn), ")
                + "\(bandText). " + setup
            var data: [String: [Double]] = [:]
            for (m, l) in variants(rs) { data[methodKey(m, l) + ".\(series).mean"] = runs(rs, m, l).band(series).mean }
            try writer.save(fig, name: name, title: "E1b: \(title)", caption: caption, data: data)
        }

        // (iii) final F against lambda, with the baselines as reference lines; right panel per game
        // relative to the exact hypergradient's final F on the same game.
        let fig = Figure(width: 10, height: 3.8, rows: 1, cols: 2)
        fig.suptitle = "E1b: final F against λ (\(seeds) random games)"
        let ax = fig.axes(0, 0), dx = fig.axes(0, 1)
        for a in [ax, dx] { a.xScale = .log; a.grid = true; a.xLabel = "penalty weight λ" }
        ax.yLabel = "final F(x_{K})"
        ax.title = "final hyper-objective"
        dx.yLabel = "F(x_{K}) − F_{hypergradient}(x_{K})"
        dx.title = "difference to the exact hypergradient, per game"
        var data: [String: [Double]] = ["lambda": lambdas]
        let reference = runs(rs, "hypergradient", nil)
        for (i, pen) in ["pbrl-value", "pbrl-bellman"].enumerated() {
            let finals = lambdas.map { l in runs(rs, pen, l).finals("F") }
            guard finals.allSatisfy({ !$0.isEmpty }) else { continue }
            let c = Color.tab10(i == 0 ? 0 : 1), mk: Marker = i == 0 ? .circle : .square
            let label = pen == "pbrl-value" ? "PBRL-value" : "PBRL-Bellman"
            let b = SeriesBand(transpose(finals))
            ax.band(x: lambdas, mean: b.mean, lower: b.lower(.std), upper: b.upper(.std), label: label, color: c, style: MethodStyle.style(pen))
            ax.scatter(x: lambdas, y: b.mean, color: c, marker: mk, size: 5)
            data[pen + ".final_F.mean"] = b.mean
            // Per-game differences (games matched by seed).
            let ref = Dictionary(uniqueKeysWithValues: reference.map { ($0.seed, $0.finals["F"] ?? .nan) })
            let diffs = lambdas.map { l in runs(rs, pen, l).compactMap { r -> Double? in
                guard let f = r.finals["F"], let h = ref[r.seed] else { return nil }
                return f - h } }
            if diffs.allSatisfy({ $0.count == diffs[0].count && !$0.isEmpty }) {
                let d = SeriesBand(transpose(diffs))
                dx.band(x: lambdas, mean: d.mean, lower: d.lower(.std), upper: d.upper(.std), label: label, color: c, style: MethodStyle.style(pen))
                dx.scatter(x: lambdas, y: d.mean, color: c, marker: mk, size: 5)
                data[pen + ".final_F_minus_hypergradient.mean"] = d.mean
            }
        }
        for m in ["hypergradient", "naive"] {
            let f = runs(rs, m, nil).finals("F")
            guard !f.isEmpty else { continue }
            let mean = f.reduce(0, +) / Double(f.count)
            let color = m == "naive" ? MethodStyle.naive : MethodStyle.hypergradient
            ax.hline(y: mean, label: "\(MethodStyle.label(m, nil)) (mean)", color: color, style: m == "naive" ? .dotted : .dashed)
            data[m + ".final_F.mean"] = [mean]
        }
        dx.hline(y: 0, label: "exact hypergradient", color: MethodStyle.hypergradient, style: .dashed)
        let naiveDiff = runs(rs, "naive", nil).compactMap { r -> Double? in
            guard let f = r.finals["F"], let h = reference.first(where: { $0.seed == r.seed })?.finals["F"] else { return nil }
            return f - h }
        if !naiveDiff.isEmpty {
            dx.hline(y: naiveDiff.reduce(0, +) / Double(naiveDiff.count), label: "naive gradient (mean)", color: MethodStyle.naive, style: .dotted)
        }
        ax.legend(.best)
        dx.legend(.best)
        let caption = "Left: final hyper-objective F(x_K) of PBRL against the penalty weight λ, \(bandText); "
            + "horizontal lines: mean final F of the exact hypergradient and of the naive gradient over the same games. "
            + "Right: per game, PBRL's final F minus the exact hypergradient's final F on that game (0 = the hypergradient's solution), \(bandText). "
            + "Runs of different methods may end at different local minima of the non-convex F. " + setup
        try writer.save(fig, name: "e1b_final_vs_lambda", title: "E1b: final F against λ", caption: caption, data: data)
    }
}

/// `runs[i][k]` -> `[k][i]`, i.e. per-seed vectors from per-lambda lists.
func transpose(_ m: [[Double]]) -> [[Double]] {
    guard let n = m.first?.count else { return [] }
    return (0..<n).map { i in m.map { $0[i] } }
}
