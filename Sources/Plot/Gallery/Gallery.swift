import Foundation

/// Example figures of every plot kind on synthetic data: the `plot-gallery` command draws
/// them, and the image-regression tests compare them with committed baselines.
public enum Gallery {
    /// (file stem, figure builder), in gallery order.
    public static let figures: [(name: String, make: () -> Figure)] = [
        ("convergence", convergence),
    ]

    /// E1b-like convergence: mean ± band over seeds, a reference line, a log-scale penalty.
    static func convergence() -> Figure {
        var rng = GalleryRandom(seed: 1)
        let its = (0...200).map(Double.init)
        let fig = Figure(width: 6.4, height: 2.6, rows: 1, cols: 2)
        fig.suptitle = "Random Markov games: 5 seeds, band = min–max"
        let ax = fig.axes(0, 0)
        ax.title = "hyper-objective"
        ax.xLabel = "iteration k"
        ax.yLabel = "F(x_{k})"
        let fExact = 1.0
        for (c, lam) in [1.0, 10, 100].enumerated() {
            let runs = (0..<5).map { _ -> [Double] in
                let bias = 0.25 / lam, noise = 0.03 * rng.normal()
                return its.map { fExact - bias - (0.8 + noise) * exp(-$0 / (25 + 10 * Double(c))) }
            }
            let s = seedSummary(runs)
            ax.band(x: its, mean: s.mean, lower: s.lo, upper: s.hi, label: "PBRL-value λ=\(Int(lam))", color: .tab10(c))
        }
        ax.line(x: its, y: its.map { 0.55 - 0.5 * exp(-$0 / 40) }, label: "naive gradient", color: .tab10(3),
                style: .dashed, marker: .square, markEvery: 20)
        ax.hline(y: fExact, label: "exact hypergradient")
        ax.legend()
        let bx = fig.axes(0, 1)
        bx.title = "penalty (value gap)"
        bx.xLabel = "iteration k"
        bx.yLabel = "p(x_{k}, y_{k})"
        bx.yScale = .log
        for (c, lam) in [1.0, 10, 100].enumerated() {
            let runs = (0..<5).map { _ -> [Double] in
                let rate = 0.03 * (1 + 0.2 * rng.normal())
                return its.map { 2 * exp(-rate * $0 * (1 + Double(c))) + 1e-4 / lam }
            }
            var s = seedSummary(runs)
            // a band whose lower bound dips below zero (mean − 2 sd): drawn to the axis floor
            s.lo = zip(s.mean, s.hi).map { m, h in m - 1.2 * (h - m) - (c == 0 ? 0.02 : 0) }
            bx.band(x: its, mean: s.mean, lower: s.lo, upper: s.hi, label: "λ=\(Int(lam))", color: .tab10(c))
        }
        bx.legend()
        return fig
    }
}
