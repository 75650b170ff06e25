import ExperimentKit
import Foundation
import Lab
import Plot

/// PBRL against the exact hypergradient (AMD) as lambda grows (docs/lambda-schedules.md):
/// per (tau, c) cell the shortfall `J_AMD - J_PBRL` of the tail-averaged objective (> 0: PBRL
/// worse), the distance of PBRL's final incentive parameters to AMD's on the same seed, the
/// figures and a markdown table of them.
struct LambdaAnalysis {
    var figures: [FigureEntry] = []
    var metrics: [String: Double] = [:]
    var markdown: String?
}

let amdVariant = MethodVariant(method: "hypergradient", lambdaTau: nil)

/// Mean over seeds of `|w - w_AMD|` (final parameters, seeds matched).
func distanceToAMD(_ e: CellResult, _ amd: CellResult) -> Double {
    let ref = Dictionary(uniqueKeysWithValues: amd.records.compactMap { r in r.matrices["w"]?.first.map { (r.seed, $0) } })
    let ds = e.records.compactMap { r -> Double? in
        guard let w = r.matrices["w"]?.first, let v = ref[r.seed], v.count == w.count else { return nil }
        return zip(w, v).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }
    return ds.isEmpty ? .nan : ds.reduce(0, +) / Double(ds.count)
}

func lambdaAnalysis(_ all: [MethodVariant: [GridCellKey: CellResult]], config cfg: IncentiveConfig,
                    context: FigureContext) throws -> LambdaAnalysis {
    var out = LambdaAnalysis()
    guard let amd = all[amdVariant] else { return out }
    let pbrl = all.keys.filter { $0.method.hasPrefix("pbrl-") }.sorted()
    guard !pbrl.isEmpty else { return out }
    let cells = amd.keys.sorted()
    for v in pbrl {
        var worst = -Double.infinity, worstRelative = -Double.infinity
        for cell in cells {
            guard let e = all[v]?[cell], let a = amd[cell] else { continue }
            let gap = a.mean - e.mean
            out.metrics["e2.shortfall.\(v.key).\(cell.key)"] = gap
            out.metrics["e2.distance.\(v.key).\(cell.key)"] = distanceToAMD(e, a)
            worst = max(worst, gap)
            worstRelative = max(worstRelative, gap / abs(a.mean))
        }
        if worst.isFinite {
            out.metrics["e2.max_shortfall.\(v.key)"] = worst
            out.metrics["e2.max_relative_shortfall.\(v.key)"] = worstRelative
        }
    }
    out.markdown = lambdaTable(all, pbrl: pbrl, cells: cells, amd: amd, config: cfg)
    out.figures.append(try drawObjectiveAgainstLambda(all, cells: cells, config: cfg, context: context))
    out.figures.append(try drawDistanceAgainstLambda(all, cells: cells, config: cfg, context: context))
    return out
}

/// Rows: cells; columns: AMD's J, then per PBRL variant its shortfall to AMD (and in % of J_AMD).
func lambdaTable(_ all: [MethodVariant: [GridCellKey: CellResult]], pbrl: [MethodVariant], cells: [GridCellKey],
                 amd: [GridCellKey: CellResult], config cfg: IncentiveConfig) -> String {
    var lines = ["E2: PBRL's shortfall to the exact hypergradient, J_AMD − J_PBRL (tail-averaged J, mean over seeds, each at its selected learning rate; > 0: PBRL ends below AMD; in parentheses: % of J_AMD). Constant-λ variants run \(cfg.iterations) iterations; schedule variants: "
                 + (cfg.schedules.isEmpty ? "none" : cfg.schedules.map { "\($0.kind.rawValue) = \($0.text) (start as λτ)" }.joined(separator: "; "))
                 + ", at learning rates \(cfg.scheduleLearningRates.map(format)).", ""]
    lines.append("| τ | c | AMD J | " + pbrl.map(\.label).joined(separator: " | ") + " |")
    lines.append("|---|---|---|" + pbrl.map { _ in "---|" }.joined())
    for cell in cells {
        guard let a = amd[cell] else { continue }
        let entries = pbrl.map { v -> String in
            guard let e = all[v]?[cell] else { return "–" }
            let gap = a.mean - e.mean
            return String(format: "%+.4f (%+.1f%%)", gap, 100 * gap / abs(a.mean))
        }
        lines.append("| \(format(cell.tau)) | \(format(cell.cost)) | " + String(format: "%.4f", a.mean) + " | " + entries.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n") + "\n"
}

/// Marker of a schedule kind (and of the constant grid).
func scheduleMarker(_ k: ScheduleVariant.Kind?) -> Marker {
    switch k { case nil: return .circle; case .budget?: return .triangleUp; case .ramp?: return .diamond; case .continuation?: return .star }
}

/// One panel per (tau, c): tail J against lambda tau for both penalties (constant lambda,
/// lines), schedule variants at the largest lambda tau (markers), AMD and naive as lines.
func drawObjectiveAgainstLambda(_ all: [MethodVariant: [GridCellKey: CellResult]], cells: [GridCellKey],
                                config cfg: IncentiveConfig, context: FigureContext) throws -> FigureEntry {
    let taus = Array(Set(cells.map(\.tau))).sorted(), costs = Array(Set(cells.map(\.cost))).sorted()
    let fig = Figure(width: 3.6 * Double(costs.count) + 0.6, height: 2.9 * Double(taus.count) + 1.4, rows: taus.count, cols: costs.count)
    fig.suptitle = "E2 Four Rooms: PBRL's objective against λτ, the exact hypergradient (AMD) as reference"
    var data: [String: [Double]] = [:]
    for (i, tau) in taus.enumerated() {
        for (j, cost) in costs.enumerated() {
            let cell = GridCellKey(tau: tau, cost: cost)
            let ax = fig.axes(i, j)
            ax.title = "τ = \(format(tau)), c = \(format(cost))"
            ax.xScale = .log; ax.grid = true
            if i == taus.count - 1 { ax.xLabel = "λτ" }
            if j == 0 { ax.yLabel = "tail-averaged J" }
            if let a = all[amdVariant]?[cell] { ax.hline(y: a.mean, label: "AMD (exact hypergradient)", color: .black, style: .dashed) }
            if let n = all[MethodVariant(method: "naive", lambdaTau: nil)]?[cell] { ax.hline(y: n.mean, label: "naive gradient", color: .tab10(3), style: .dotted) }
            for (k, (method, name)) in [("pbrl-value", "PBRL-value"), ("pbrl-bellman", "PBRL-Bellman")].enumerated() {
                let c = Color.tab10(k), st: LineStyle = k == 0 ? .solid : .dashed
                let grid = all.keys.filter { $0.method == method && $0.schedule == nil }.sorted()
                let xs = grid.compactMap(\.lambdaTau), ys = grid.map { all[$0]?[cell]?.mean ?? .nan }
                ax.line(x: xs, y: ys, label: "\(name), constant λ, \(cfg.iterations) it.", color: c, style: st, width: 1.8, marker: k == 0 ? .circle : .square)
                data["\(method).\(cell.key).lambda_tau"] = xs
                data["\(method).\(cell.key).tail_J"] = ys
                for v in all.keys where v.method == method && v.schedule != nil {
                    guard let e = all[v]?[cell], let lt = v.lambdaTau, let spec = cfg.schedules.first(where: { $0.kind == v.schedule }) else { continue }
                    ax.scatter(x: [lt], y: [e.mean], label: "\(name), \(spec.text)", color: c, marker: scheduleMarker(v.schedule), size: 8, edge: .black)
                    data["\(v.key).\(cell.key).tail_J"] = [e.mean]
                }
            }
        }
    }
    fig.legend(from: [fig.axes(0, 0)], columns: 3)
    try context.save(fig, name: "e2_lambda", title: "E2 objective against lambda")
    return FigureEntry(name: "e2_lambda", title: "E2: PBRL's objective against λτ, with AMD as reference, per (τ, c)",
                       caption: "Designer objective J averaged over the last \(format(100 * context.tailFraction))% of each run's iterations, mean over \(context.seeds) seeds, each variant at its selected learning rate; per (τ, c) cell PBRL-value (solid) and PBRL-Bellman (dashed) at each constant λτ with \(cfg.iterations) iterations, the schedule variants at each penalty's largest λτ (markers: ▲ longer budget, ◆ ramp, ★ continuation; "
                        + (cfg.schedules.isEmpty ? "none configured" : cfg.schedules.map { "\($0.kind.rawValue): \($0.text), start as λτ" }.joined(separator: "; "))
                        + "; learning rates \(cfg.scheduleLearningRates.map(format)); follower step pbrl_step_y/(λ_k τ), designer step lr with the direction clipped to norm \(format(cfg.clipNorm))), and the exact hypergradient's (AMD, dashed black) and the naive gradient's (dotted red) results as reference lines. Above the AMD line PBRL ended at a better local optimum than AMD. Experiment \(context.provenance.text).",
                       data: data)
}

/// Left, middle: per cell, the distance of PBRL's final w to AMD's against lambda tau (log-log)
/// with the theory's O(1/lambda) slope; right: J against iteration at the curve cell for the
/// largest lambda tau of PBRL-value, constant and scheduled, with AMD.
func drawDistanceAgainstLambda(_ all: [MethodVariant: [GridCellKey: CellResult]], cells: [GridCellKey],
                               config cfg: IncentiveConfig, context: FigureContext) throws -> FigureEntry {
    let fig = Figure(width: 14, height: 5.4, rows: 1, cols: 3)
    fig.suptitle = "E2 Four Rooms: distance to the exact hypergradient's solution, and the cost in iterations"
    var data: [String: [Double]] = [:]
    for (k, (method, name)) in [("pbrl-value", "PBRL-value"), ("pbrl-bellman", "PBRL-Bellman")].enumerated() {
        let ax = fig.axes(0, k)
        ax.title = "\(name): ‖w − w_{AMD}‖ per (τ, c)"
        ax.xScale = .log; ax.yScale = .log; ax.grid = true
        ax.xLabel = "λτ"; ax.yLabel = "‖w_{K} − w_{AMD}‖ (mean over seeds)"
        let grid = all.keys.filter { $0.method == method && $0.schedule == nil }.sorted()
        let xs = grid.compactMap(\.lambdaTau)
        var anchor: Double?
        for (ci, cell) in cells.enumerated() {
            guard let a = all[amdVariant]?[cell] else { continue }
            let ys = grid.map { v in all[v]?[cell].map { distanceToAMD($0, a) } ?? .nan }
            ax.line(x: xs, y: ys, label: "τ \(format(cell.tau)), c \(format(cell.cost))", color: .tab10(ci), width: 1.3, marker: .circle, markerSize: 4)
            data["\(method).\(cell.key).distance"] = ys
            if let y0 = ys.first, y0.isFinite, y0 > 0 { anchor = min(anchor ?? .infinity, y0) }
            for v in all.keys where v.method == method && v.schedule != nil {
                guard let e = all[v]?[cell], let lt = v.lambdaTau else { continue }
                ax.scatter(x: [lt], y: [distanceToAMD(e, a)], color: .tab10(ci), marker: scheduleMarker(v.schedule), size: 7, edge: .black)
            }
        }
        if let d0 = anchor, let l0 = xs.first, xs.count > 1 {
            ax.line(x: xs, y: xs.map { d0 * l0 / $0 }, label: "theory O(1/λ) (slope −1)", color: .gray, style: .dotted, width: 1.6)
        }
    }
    // Cost in iterations at the curve cell.
    let cell = GridCellKey(tau: cfg.curveTau, cost: cfg.curveCost)
    let ax = fig.axes(0, 2)
    ax.title = "τ = \(format(cell.tau)), c = \(format(cell.cost)): J against iteration"
    ax.xLabel = "iteration k"; ax.yLabel = "J(w_{k}) (mean over seeds)"; ax.grid = true; ax.xScale = .log
    var curves: [(MethodVariant, String, Color, LineStyle)] = [(amdVariant, "AMD", .black, .dashed)]
    for (k, method) in ["pbrl-value", "pbrl-bellman"].enumerated() {
        guard let top = all.keys.filter({ $0.method == method }).compactMap(\.lambdaTau).max() else { continue }
        for v in all.keys.filter({ $0.method == method && $0.lambdaTau == top }).sorted() {
            let what = v.schedule.flatMap { s in cfg.schedules.first { $0.kind == s }?.text } ?? "constant λ"
            curves.append((v, "\(v.displayName.components(separatedBy: " (").first ?? v.method), \(what)", .tab10(k).withAlpha(v.schedule == nil ? 1 : 0.8),
                           v.schedule == nil ? .solid : (v.schedule == .ramp ? .dashDot : .dotted)))
        }
    }
    for (v, label, c, st) in curves {
        guard let e = all[v]?[cell], let its = e.records.first?.series["iteration"] else { continue }
        let b = e.records.band("J")
        let keep = its.indices.filter { its[$0] >= 1 && $0 < b.mean.count }
        ax.line(x: keep.map { its[$0] }, y: keep.map { b.mean[$0] }, label: label, color: c, style: st, width: 1.5)
        data["\(v.key).\(cell.key).J.mean"] = b.mean
    }
    fig.legend(columns: 3)
    try context.save(fig, name: "e2_lambda_distance", title: "E2 distance to AMD against lambda")
    return FigureEntry(name: "e2_lambda_distance", title: "E2: distance of PBRL's solution to AMD's against λτ, and the cost in iterations",
                       caption: "Left and middle: Euclidean distance of PBRL's final incentive parameters w_K to AMD's final w on the same seed (mean over \(context.seeds) seeds, each method at its selected learning rate), against λτ on log–log axes, one line per (τ, c) cell (circles: constant λ, \(cfg.iterations) iterations; ▲ longer budget, ◆ ramp, ★ continuation at the largest λτ); dotted grey: the theory's O(1/λ) rate (slope −1, from the smallest first point). The rate describes the penalized problem's solution near the same local optimum as AMD's; where the two methods end at different local optima (J differs, figure e2_lambda) or PBRL has not converged, the distance does not follow it. Right: J(w_k) against iteration at τ = \(format(cell.tau)), c = \(format(cell.cost)) for AMD and for each penalty at its largest λτ, constant and scheduled (mean over seeds). Experiment \(context.provenance.text).",
                       data: data)
}
