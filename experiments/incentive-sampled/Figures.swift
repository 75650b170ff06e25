import ExperimentKit
import Foundation
import Lab
import Plot

/// The E2s table as a figure (the same strings as e2s_table.md).
func drawTable(header: [String], rows: [[String]], writer: FigureWriter, caption: String) throws {
    let first = 0.7, col = 1.5
    let width = first + col * Double(header.count - 2) + 0.2
    let nRows = Double(rows.count + 1)
    let fig = Figure(width: width, height: 0.34 * nRows + 0.7)
    fig.suptitle = "E2s Four Rooms: ours beside the published table (Thoma et al. 2024)"
    let ax = fig.axes(0, 0)
    ax.showAxes = false
    ax.xLimits = 0...(width - 0.2)
    ax.yLimits = 0...nRows
    func y(_ r: Int) -> Double { nRows - Double(r) - 0.5 }
    func x(_ j: Int) -> Double { j < 2 ? first * (Double(j) + 0.5) / 2 : first + col * (Double(j - 2) + 0.5) }
    for (j, h) in header.enumerated() { ax.text(h, x: x(j), y: y(0), anchor: .center, size: 6.5, bold: true) }
    for (i, row) in rows.enumerated() {
        for (j, t) in row.enumerated() {
            // Our entries carry "(lr ..)": put it on a second, grey line.
            let parts = t.components(separatedBy: " (")
            ax.text(parts[0], x: x(j), y: y(i + 1) + (parts.count > 1 ? 0.12 : 0), anchor: .center, size: 6.5)
            if parts.count > 1 { ax.text("(" + parts[1], x: x(j), y: y(i + 1) - 0.22, anchor: .center, color: .gray, size: 5) }
        }
    }
    ax.hline(y: nRows - 1, color: .black, style: .solid, width: 0.6)
    try writer.save(fig, name: "e2s_table", title: "E2s: ours and the published table", caption: caption, dpi: 200)
}

/// J(w_k) against k for the curve cell: mean ± 1 std over seeds per method at its selected
/// learning rate, the exact AMD curve among them for reference.
func drawConvergence(best: [String: [String: Entry]], tau: Double, cost: Double, cfg: SampledConfig, writer: FigureWriter) throws {
    let key = cellKey(tau, cost)
    let fig = Figure(width: 6.4, height: 3.8)
    let ax = fig.axes(0, 0)
    ax.title = "τ = \(fmt(tau)), c = \(fmt(cost))"
    ax.xLabel = "outer iteration k"; ax.yLabel = "J(w_{k})"; ax.grid = true
    var data: [String: [Double]] = [:]
    var seeds = 0
    for (i, m) in ["hypergradient", "hpgd", "sampled-pbrl-value", "sampled-zero-order"].enumerated() {
        guard let e = best[m]?[key], let xs = e.records.first?.series["iteration"] else { continue }
        let band = e.records.band("J")
        let label = "\(displayName(m)) (lr \(fmt(e.lr))\(e.lambdaTau.map { ", λτ \(fmt($0))" } ?? ""))"
        ax.band(x: Array(xs.prefix(band.mean.count)), mean: band.mean, lower: band.lower(.std), upper: band.upper(.std),
                label: label, color: .tab10(i))
        data["iteration"] = xs
        data["\(m).mean"] = band.mean
        data["\(m).std"] = band.std
        seeds = max(seeds, band.count)
    }
    guard !data.isEmpty else { return }
    ax.legend(.best)
    fig.suptitle = "E2s Four Rooms: sampled methods against the exact AMD curve"
    try writer.save(fig, name: "e2s_convergence", title: "E2s convergence",
                    caption: "Designer objective J(w_k) (exact best response) against outer iteration k at τ = \(fmt(tau)), c = \(fmt(cost)); line = mean, band = mean ± 1 std over \(seeds) seeds; each method at its selected learning rate. HPGD and sampled zero-order use \(cfg.transitions) sampled transitions per step; AMD is exact.",
                    data: data, dpi: 200)
}

/// Relative RMS error of each estimator against its exact counterpart, log-log against the
/// transitions per estimate, with the fitted slopes (expected -1/2 for an unbiased estimator).
func drawGradientError(_ recs: [RunRecord], cfg: SampledConfig, writer: FigureWriter) throws {
    guard let budgets = recs.first?.series["budget"] else { return }
    let fig = Figure(width: 6.4, height: 4.0)
    let ax = fig.axes(0, 0)
    ax.xScale = .log; ax.yScale = .log; ax.grid = true
    ax.xLabel = "sampled transitions per estimate"; ax.yLabel = "relative RMS error |ĝ − g| / |g|"
    ax.title = "τ = \(fmt(cfg.errorTau)), c = \(fmt(cfg.errorCost)), at w_{0}"
    var data: [String: [Double]] = ["budget": budgets]
    for (i, (name, label)) in [("hpgd", "HPGD vs exact hypergradient"), ("soft_pg", "soft policy gradient at y"),
                                ("value_penalty_dx", "value penalty ∂p/∂x")].enumerated() {
        let band = recs.band("error.\(name)")
        let geo = (0..<budgets.count).map { j in exp(recs.compactMap { $0.series["error.\(name)"]?[j] }.map(log).reduce(0, +) / Double(recs.count)) }
        let slope = logLogSlope(budgets, geo)
        ax.band(x: budgets, mean: geo, lower: band.min, upper: band.max,
                label: String(format: "%@ (slope %.2f)", label, slope), color: .tab10(i))
        ax.scatter(x: budgets, y: geo, color: .tab10(i), marker: .circle, size: 3.5)
        data["error.\(name).geometric_mean"] = geo
    }
    let y0 = (data["error.soft_pg.geometric_mean"]?.first ?? 1) * 0.5
    ax.line(x: budgets, y: budgets.map { y0 * ($0 / budgets[0]).squareRoot().reciprocal }, label: "reference slope −1/2", color: .gray, style: .dotted, width: 1.2)
    ax.legend(.lowerLeft)
    fig.suptitle = "E2s: gradient error against the sample budget"
    try writer.save(fig, name: "e2s_gradient_error", title: "E2s gradient error",
                    caption: "Relative RMS error over \(cfg.errorRepeats) independent estimates of each estimator against its exact BilevelCore counterpart, against the transitions per estimate (5 environments, restarts at the goal or after \(cfg.episodeLength) steps); line = geometric mean over \(recs.count) seeds (points w_0), band = min–max; the fitted log-log slope of the geometric mean in the legend (−1/2 for an unbiased estimator; HPGD's averaging bias decays faster, as 1/N, so its curve is steeper while the bias dominates).",
                    data: data, dpi: 200)
}

extension Double { var reciprocal: Double { 1 / self } }
