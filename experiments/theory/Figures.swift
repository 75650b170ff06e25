import ExperimentKit
import Foundation
import Lab
import Plot

/// Least-squares fits drawn on the scaling figure (on the geometric mean over seeds).
struct ScalingFits {
    var penaltySlope: Double
    var biasSlope: Double
}

/// The E5 figures: lambda scaling (log-log, fitted slopes), g versus p with its bounds, and
/// PBRL's stationarity measure against iteration.
struct TheoryFigures {
    let writer: FigureWriter
    let config: TheoryConfig
    let records: [RunRecord]

    var instanceText: String {
        "E5 Garnet instance (n = 5, m = 3, 3 successors, γ = 0.8, τ = 0.5, r_x = Φx with 3 features, f = −V_U + ½|x|², instance seed \(config.instanceSeed))"
    }

    /// Least squares `log10 y = a + b log10 x`.
    func fit(_ x: [Double], _ y: [Double]) -> (a: Double, b: Double) {
        let b = logLogSlope(x, y)
        let lx = x.map(log10), ly = y.map(log10)
        let a = ly.reduce(0, +) / Double(ly.count) - b * lx.reduce(0, +) / Double(lx.count)
        return (a, b)
    }

    func drawScaling() throws -> ScalingFits? {
        let rs = records.runs("lambda-scaling")
        guard let lambdas = rs.first?.series["lambda"] else { return nil }
        let seeds = rs.count
        let fig = Figure(width: 10, height: 3.9, rows: 1, cols: 2)
        fig.suptitle = "E5: penalty and PBRL bias at the penalized solution y_{λ}(x), \(seeds) points x"
        var fits: [Double] = []
        var data: [String: [Double]] = ["lambda": lambdas]
        for (col, key, expected, title, yLabel) in [
            (0, "p", -2.0, "value penalty p(x, y_{λ})", "p(x, y_{λ})"),
            (1, "bias", -1.0, "PBRL x-direction − exact hypergradient", "|∇_{x}f + λ∇_{x}p − ∇F(x)|")] {
            let ax = fig.axes(0, col)
            ax.xScale = .log; ax.yScale = .log; ax.grid = true
            ax.title = title; ax.xLabel = "penalty weight λ"; ax.yLabel = yLabel
            let band = rs.band(key)
            let logMean = (0..<lambdas.count).map { i in pow(10, rs.compactMap { $0.series[key]?[i] }.map(log10).reduce(0, +) / Double(seeds)) }
            ax.band(x: lambdas, mean: logMean, lower: band.min, upper: band.max, label: "geometric mean, min–max band", color: .tab10(col))
            ax.scatter(x: lambdas, y: logMean, color: .tab10(col), marker: .circle, size: 4)
            let (a, b) = fit(lambdas, logMean)
            fits.append(b)
            let perSeed = rs.finals(key == "p" ? "slope.penalty" : "slope.bias")
            let spread = perSeed.count > 1 ? String(format: " (per point x: %.3f to %.3f)", perSeed.min()!, perSeed.max()!) : ""
            ax.line(x: lambdas, y: lambdas.map { pow(10, a + b * log10($0)) }, label: String(format: "least-squares fit: slope %.3f", b) + spread,
                    color: .black, style: .dashed, width: 1.2)
            // Reference slope through the fit's value at the first lambda.
            let y0 = pow(10, a + b * log10(lambdas[0])) * 3
            ax.line(x: lambdas, y: lambdas.map { y0 * pow($0 / lambdas[0], expected) }, label: "reference slope \(Int(expected))",
                    color: .gray, style: .dotted, width: 1.2)
            ax.legend(.upperRight)
            data[key + ".geometric_mean"] = logMean
        }
        let caption = "Value penalty p(x, y_λ) (left) and distance of the PBRL x-direction ∇_x f + λ∇_x p to the exact hypergradient ∇F(x) (right) "
            + "at the penalized solution y_λ(x) = argmin_y F_λ(x, y), computed by damped Newton to gradient sup-norm ≤ \(config.newtonTolerance), "
            + "for \(config.lambdaPoints) log-spaced λ from \(formatLambda(config.lambdaMin)) to \(formatLambda(config.lambdaMax)). "
            + "Points: geometric mean over \(seeds) points x ~ N(0, \(config.xScale)² I) (one per seed); band: min–max over them. "
            + String(format: "Least-squares slopes of the mean curve: %.3f (expected −2) and %.3f (expected −1). ", fits[0], fits[1])
            + instanceText + "."
        try writer.save(fig, name: "e5_lambda_scaling", title: "E5: λ-scaling of the penalty and of the PBRL bias", caption: caption, data: data)
        return ScalingFits(penaltySlope: fits[0], biasSlope: fits[1])
    }

    func drawBounds() throws {
        let rs = records.runs("penalty-bounds")
        guard let first = rs.first, let p0 = first.series["p"], let g0 = first.series["g"], let C0 = first.finals["C"] else { return }
        let fig = Figure(width: 10, height: 3.9, rows: 1, cols: 2)
        fig.suptitle = "E5: Bellman penalty g against value penalty p on random policies"
        let ax = fig.axes(0, 0)
        ax.xScale = .log; ax.yScale = .log; ax.grid = true
        ax.title = "point x of seed \(first.seed) (C = \(String(format: "%.2f", C0)))"
        ax.xLabel = "value penalty p"; ax.yLabel = "Bellman penalty g"
        let near = first.series["near_optimum"] ?? []
        let idxNear = p0.indices.filter { near.isEmpty ? false : near[$0] == 1 }
        let idxFar = p0.indices.filter { near.isEmpty ? true : near[$0] == 0 }
        ax.scatter(x: idxNear.map { p0[$0] }, y: idxNear.map { g0[$0] }, label: "log π* + σ·N(0, I)", color: .tab10(0), size: 3.5, alpha: 0.6)
        ax.scatter(x: idxFar.map { p0[$0] }, y: idxFar.map { g0[$0] }, label: "σ·N(0, I)", color: .tab10(1), marker: .triangleUp, size: 3.5, alpha: 0.6)
        let lo = max(p0.min()!, 1e-16), hi = p0.max()!
        let span = [lo, hi]
        ax.line(x: span, y: span, label: "g = p", color: .black, style: .dashed, width: 1.2)
        ax.line(x: span, y: span.map { $0 / C0 }, label: "p = C g", color: .gray, style: .dotted, width: 1.4)
        ax.legend(.upperLeft)

        let bx = fig.axes(0, 1)
        bx.xScale = .log; bx.grid = true
        bx.title = "ratio g/p, all \(rs.count) points x"
        bx.xLabel = "value penalty p"; bx.yLabel = "g / p"
        for (i, r) in rs.enumerated() {
            guard let p = r.series["p"], let g = r.series["g"], let C = r.finals["C"] else { continue }
            let keep = p.indices.filter { p[$0] > 1e-14 }
            bx.scatter(x: keep.map { p[$0] }, y: keep.map { g[$0] / p[$0] }, label: i < 6 ? "seed \(r.seed)" : nil,
                       color: .tab10(i), size: 2.5, alpha: 0.5)
            bx.hline(y: 1 / C, label: i == 0 ? "1/C per seed" : nil, color: Color.tab10(i).withAlpha(0.8), style: .dotted, width: 1)
        }
        bx.hline(y: 1, label: "g = p", color: .black, style: .dashed)
        bx.yLimits = 0...1.05
        bx.legend(.outsideRight)
        let total = rs.compactMap { $0.series["p"]?.count }.reduce(0, +)
        let worst = rs.finals("g_minus_p.max").max() ?? .nan, worstC = rs.finals("p_minus_Cg.max").max() ?? .nan
        let caption = "Bellman penalty g against value penalty p on \(total) random policies (\(config.policiesPerScale) per σ ∈ {\(config.logitScales.map { String($0) }.joined(separator: ", "))} "
            + "and per family: logits log π*_x + σ·N(0, I) and σ·N(0, I)) at \(rs.count) points x (one per seed). "
            + "Left: seed \(first.seed) with the lines g = p and p = C g, C = max_s d*(s)/ρ(s) (unnormalized occupancy of π*_x). "
            + "Right: g/p for every seed with its 1/C. "
            + String(format: "max(g − p) = %.2e, max(p − C g) = %.2e over all policies. ", worst, worstC) + instanceText + "."
        try writer.save(fig, name: "e5_penalty_bounds", title: "E5: g ≤ p ≤ C g on random policies", caption: caption)
    }

    func drawStationarity() throws {
        let pbrl = records.runs("pbrl-value")
        let lambdas = Set(pbrl.compactMap { $0.params["lambda"] }).sorted()
        guard !lambdas.isEmpty else { return }
        let fig = Figure(width: 10, height: 3.9, rows: 1, cols: 2)
        fig.suptitle = "E5: PBRL (value penalty) with steps α = \(config.stepXScale)/λ, β = \(config.stepYScale)/λ"
        let ax = fig.axes(0, 0)
        ax.xScale = .log; ax.yScale = .log; ax.grid = true
        ax.title = "stationarity measure"
        ax.xLabel = "iteration k"; ax.yLabel = "min_{j≤k} |∇F_{λ}(x_{j}, y_{j})|^{2}"
        var data: [String: [Double]] = [:]
        var seeds = 0
        for (i, l) in lambdas.enumerated() {
            let rs = pbrl.filter { $0.params["lambda"] == l }
            seeds = rs.count
            guard let its = rs.first?.series["iteration"] else { continue }
            let b = rs.band("stationarity")
            let keep = its.indices.filter { its[$0] >= 1 && $0 < b.mean.count && b.min[$0] > 0 }
            ax.band(x: keep.map { its[$0] }, mean: keep.map { b.mean[$0] }, lower: keep.map { b.min[$0] }, upper: keep.map { b.max[$0] },
                    label: "λ = \(formatLambda(l))", color: lambdaColor(i))
            data["stationarity.lambda=\(formatLambda(l)).mean"] = b.mean
            // O(lambda / k) reference through the first recorded point.
            if let j = keep.first {
                let c = b.mean[j] * its[j]
                let ks = keep.map { its[$0] }
                ax.line(x: ks, y: ks.map { c / $0 }, label: i == 0 ? "∝ 1/k (reference)" : nil, color: lambdaColor(i).withAlpha(0.7), style: .dotted, width: 1)
            }
        }
        ax.yLimits = 1e-20...1e2
        ax.legend(.lowerLeft)

        let bx = fig.axes(0, 1)
        bx.xScale = .log; bx.yScale = .log; bx.grid = true
        bx.title = "final distance to the hypergradient solution"
        bx.xLabel = "penalty weight λ"; bx.yLabel = "|x_{K}(PBRL) − x_{K}(hypergradient)|"
        let hyper = Dictionary(uniqueKeysWithValues: records.runs("hypergradient").map { ($0.seed, $0.matrices["final_x"]?.first ?? []) })
        var dist: [[Double]] = []
        for l in lambdas {
            dist.append(pbrl.filter { $0.params["lambda"] == l }.sorted { $0.seed < $1.seed }.compactMap { r in
                guard let x = r.matrices["final_x"]?.first, let h = hyper[r.seed], h.count == x.count else { return nil }
                return zip(x, h).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            })
        }
        if dist.allSatisfy({ !$0.isEmpty && $0.count == dist[0].count }) {
            let b = SeriesBand((0..<dist[0].count).map { s in dist.map { $0[s] } })
            bx.band(x: lambdas, mean: b.mean, lower: b.min, upper: b.max, label: "mean, min–max band", color: .tab10(3))
            bx.scatter(x: lambdas, y: b.mean, color: .tab10(3), size: 4)
            data["final_x_distance.mean"] = b.mean
            bx.legend(.lowerLeft)
        }
        let caption = "Left: PBRL's stationarity measure min_{j≤k} |∇F_λ(x_j, y_j)|² (joint gradient in x and y) against iteration, "
            + "mean with min–max band over \(seeds) starting points x_0 ~ N(0, \(config.xScale)² I), y_0 = 0 (one per seed), "
            + "for λ ∈ {\(lambdas.map(formatLambda).joined(separator: ", "))}; dotted: 1/k through each curve's first point (the O(λ/k) rate). "
            + "Right: final distance between PBRL's x_K and the exact-hypergradient method's x_K (step \(config.hypergradientStep)) from the same start, "
            + "mean with min–max band. \(config.iterations) iterations, metrics every \(config.evaluateEvery)"
            + (config.lambdaReference > 0 ? " (PBRL at λ > \(formatLambda(config.lambdaReference)): both × λ/\(formatLambda(config.lambdaReference)), since its steps are ∝ 1/λ)" : "")
            + "; the measure is cut at 10⁻²⁰ (round-off level below). " + instanceText + "."
        try writer.save(fig, name: "e5_stationarity", title: "E5: PBRL stationarity against iteration", caption: caption, data: data)
    }
}
