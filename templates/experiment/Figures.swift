import ExperimentKit
import Foundation
import Lab
import Plot

/// The convergence figure: F(x_k) against iteration (mean and min–max band over the seeds'
/// instances) for PBRL-value at each lambda and for the exact hypergradient (left), and the
/// value penalty p(x_k, y_k) of PBRL on a log axis (right). Every plotted series is also
/// written to figures.json (`data`), so the report and `bilevel compare` read numbers, not pixels.
func drawConvergence(writer: FigureWriter, config: ExampleConfig, records: [RunRecord]) throws {
    let fig = Figure(width: 10, height: 3.9, rows: 1, cols: 2)
    fig.suptitle = "{{NUMBER}}: PBRL-value against the exact hypergradient"
    let left = fig.axes(0, 0), right = fig.axes(0, 1)
    left.title = "hyper-objective F(x_k)"; left.xLabel = "iteration k + 1"; left.yLabel = "F(x_k)"
    right.title = "value penalty of PBRL"; right.xLabel = "iteration k + 1"; right.yLabel = "p(x_k, y_k)"
    for ax in [left, right] { ax.xScale = .log; ax.grid = true }
    right.yScale = .log
    var data: [String: [Double]] = [:]
    let groups: [(String, [RunRecord], Color)] = config.lambdas.enumerated().map { i, lambda in
        ("PBRL-value λ=\(lambdaText(lambda))", records.runs("pbrl-value", params: ["lambda": lambda]), Color.tab10([0, 1, 2, 4, 6, 8][i % 6]))
    } + [("exact hypergradient", records.runs("hypergradient"), Color(hex: 0x111111))]
    for (label, runs, color) in groups {
        guard let k = runs.first?.series["iteration"] else { continue }
        let x = k.map { $0 + 1 }
        let F = runs.band("F")
        left.band(x: x, mean: F.mean, lower: F.min, upper: F.max, label: label, color: color,
                  style: label.hasPrefix("exact") ? .dashed : .solid)
        data[label + ".iteration"] = k
        data[label + ".F.mean"] = F.mean
        if label.hasPrefix("PBRL") {
            let p = runs.band("p")
            right.band(x: x, mean: p.mean, lower: p.min, upper: p.max, label: label, color: color)
            data[label + ".p.mean"] = p.mean
        }
    }
    left.legend(.best)
    right.legend(.best)
    let seeds = Set(records.map(\.seed)).count
    let caption = "Left: F(x_k) of PBRL-value (α = \(config.stepXScale)/λ, β = \(config.stepYScale)/λ) and of the exact hypergradient "
        + "(step \(config.hypergradientStep)), mean over \(seeds) instances with their min–max band. Right: PBRL's value penalty "
        + "p(x_k, y_k) = V*(x_k) − V^{π_y}(x_k). " + config.instanceText + "."
    try writer.save(fig, name: "{{NAME}}_convergence", title: "{{NUMBER}}: convergence", caption: caption, data: data)
}
