import Foundation
import Lab
import Plot
import ExperimentKit

func methodLabel(_ method: String) -> String {
    switch method {
    case "pbrl-value": return "PBRL-value"
    case "pbrl-bellman": return "PBRL-Bellman"
    case "hypergradient": return "exact hypergradient"
    default: return method
    }
}

func methodColor(_ method: String) -> Color {
    switch method {
    case "pbrl-value": return .tab10(0)
    case "pbrl-bellman": return .tab10(1)
    default: return Color(hex: 0x111111)
    }
}

func methodMarker(_ method: String) -> Marker {
    switch method {
    case "pbrl-value": return .circle
    case "pbrl-bellman": return .square
    default: return .diamond
    }
}

/// E6: (left) seconds per iteration against n, log-log, median over seeds with a min-max band,
/// the time of one exact policy evaluation and reference slopes; (right) the same time in
/// units of one policy evaluation.
func drawScaling(_ results: [MethodScaling], config: ScalingConfig, writer: FigureWriter) throws {
    guard !results.isEmpty else { return }
    let n = config.sizes.map(Double.init)
    let fig = Figure(width: 10, height: 3.9, rows: 1, cols: 2)
    fig.suptitle = "E6: cost of one iteration on Garnet MDPs (m = \(config.actions), \(config.branching) successors, dim x = \(config.actions)n)"
    let left = fig.axes(0, 0), right = fig.axes(0, 1)
    left.title = "time per iteration"
    left.xLabel = "number of states n"; left.yLabel = "CPU seconds per iteration"
    left.xScale = .log; left.yScale = .log; left.grid = true
    for r in results {
        left.band(x: n, mean: r.median, lower: r.lower, upper: r.upper,
                  label: "\(methodLabel(r.method)) (fitted exponent \(String(format: "%.2f", r.exponent)))",
                  color: methodColor(r.method))
        left.scatter(x: n, y: r.median, color: methodColor(r.method), marker: methodMarker(r.method), size: 5, alpha: 1)
    }
    let eval = results[0].evaluation
    left.line(x: n, y: eval, label: "one exact policy evaluation", color: .gray, style: .dotted, width: 1.3, marker: .plus)
    // Reference slopes n^2 and n^3 through the policy evaluation's time at the largest size,
    // drawn over the fitted range.
    let last = n.count - 1
    let fitted = n.filter { $0 >= Double(config.fitFrom) }
    for (k, style) in [(2.0, LineStyle.dashed), (3.0, LineStyle.dashDot)] {
        let ref = fitted.map { eval[last] * pow($0 / n[last], k) }
        left.line(x: fitted, y: ref, label: "slope \(Int(k)) (∝ n^{\(Int(k))})", color: Color(hex: 0xaaaaaa), style: style, width: 0.9)
    }
    left.legend(.upperLeft)
    right.title = "cost in exact policy evaluations (one LU of I − γP_{π} each)"
    right.xLabel = "number of states n"; right.yLabel = "time per iteration / time of one evaluation"
    right.xScale = .log; right.grid = true
    for r in results {
        right.line(x: n, y: r.evaluationsPerIteration, label: methodLabel(r.method), color: methodColor(r.method),
                   marker: methodMarker(r.method))
    }
    right.hline(y: 1, label: "one evaluation", color: .gray, style: .dotted, width: 1)
    right.legend(.best)
    let seeds = results.map(\.seeds).min() ?? 0
    let exps = results.map { "\(methodLabel($0.method)) \(String(format: "%.2f", $0.exponent))" }.joined(separator: ", ")
    let caption = "E6 (reconstructed; not an experiment of the paper): CPU time (of the thread running it) of one optimizer iteration "
        + "(BilevelOptimizer.step, release build, single-threaded LAPACK) on Garnet MDPs with n ∈ {\(config.sizes.map(String.init).joined(separator: ", "))} states, "
        + "\(config.actions) actions, \(config.branching) successors per (s, a), γ = \(config.gamma), τ = \(config.tau), tabular reward r_x = x (dim x = \(config.actions)n), "
        + "upper objective −V_U + 0.005|x|², λ = \(formatNumber(config.lambda)), exact inner oracle (soft policy iteration, tolerance \(config.tolerance), warm-started). "
        + "Each point: median over \(config.timedSteps) consecutive iterations after \(config.warmupSteps) warm-up iterations, then the median over \(seeds) Garnet instances (seeds); "
        + "band = min-max over seeds. Fitted exponents (least squares on log-log, n ≥ \(config.fitFrom)): \(exps). "
        + "Right: the same times divided by the time of one exact policy evaluation at the same n (dense LU, LAPACK from n ≥ 24). "
        + "Timings are measurements on a shared 2-core machine (other jobs ran concurrently; thread CPU time excludes their turns, wall-clock medians are in the records): they vary between runs, unlike every other number of the report."
    var data: [String: [Double]] = ["n": n, "seconds_per_evaluation": eval]
    for r in results {
        data["\(r.method).seconds_per_iteration"] = r.median
        data["\(r.method).evaluations_per_iteration"] = r.evaluationsPerIteration
    }
    try writer.save(fig, name: "e6_scaling", title: "E6: time per iteration against the number of states", caption: caption, data: data)
}

func formatNumber(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
