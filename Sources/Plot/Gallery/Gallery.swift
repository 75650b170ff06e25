import Foundation

/// Example figures of every plot kind on synthetic data: the `plot-gallery` command draws
/// them, and the image-regression tests compare them with committed baselines.
public enum Gallery {
    /// (file stem, figure builder), in gallery order.
    public static let figures: [(name: String, make: () -> Figure)] = [
        ("convergence", convergence),
        ("lambda_sweep", lambdaSweep),
        ("scaling_loglog", scalingLogLog),
        ("scatter_reference", scatterReference),
        ("landscape", landscape),
        ("contour_lines", contourLines),
        ("heatmaps", heatmaps),
        ("gridworld", gridworld),
        ("table", table),
    ]

    /// E1b-like convergence: mean ± band over seeds, a reference line, a log-scale penalty.
    static func convergence() -> Figure {
        var rng = GalleryRandom(seed: 1)
        let its = (0...200).map(Double.init)
        let fig = Figure(width: 6.4, height: 2.9, rows: 1, cols: 2)
        fig.suptitle = "Random Markov games: 5 seeds, band = min–max"
        let ax = fig.axes(0, 0)
        ax.title = "hyper-objective"
        ax.xLabel = "iteration k"
        ax.yLabel = "F(x_{k})"
        let fExact = 1.0
        for (c, lam) in [1.0, 10, 100].enumerated() {
            let runs = (0..<5).map { _ -> [Double] in
                let bias = 0.3 / lam, noise = 0.03 * rng.normal()
                return its.map { fExact - bias - (0.8 + noise) * exp(-$0 / (25 + 10 * Double(c))) }
            }
            let s = seedSummary(runs)
            ax.band(x: its, mean: s.mean, lower: s.lo, upper: s.hi, label: "PBRL-value λ=\(Int(lam))", color: .tab10(c))
        }
        ax.line(x: its, y: its.map { 0.45 - 0.3 * exp(-$0 / 40) }, label: "naive gradient", color: .tab10(3),
                style: .dashed, marker: .square, markEvery: 25)
        ax.hline(y: fExact, label: "exact hypergradient")
        let bx = fig.axes(0, 1)
        bx.title = "penalty (value gap)"
        bx.xLabel = "iteration k"
        bx.yLabel = "p(x_{k}, y_{k})"
        bx.yScale = .log
        for (c, lam) in [1.0, 10, 100].enumerated() {
            let runs = (0..<5).map { _ -> [Double] in
                let rate = 0.02 * (1 + 0.15 * rng.normal())
                return its.map { 2 * exp(-rate * $0 * (1 + Double(c))) + 3e-3 / lam }
            }
            var s = seedSummary(runs)
            if c == 2 {
                // mean − 2 sd style lower bound that goes negative: drawn down to the axis floor
                s.lo = zip(s.mean, s.hi).map { m, h in m - 2.5 * (h - m) }
            }
            bx.band(x: its, mean: s.mean, lower: s.lo, upper: s.hi, label: "PBRL-value λ=\(Int(lam))", color: .tab10(c))
        }
        fig.legend()
        return fig
    }

    /// E1b (iii)-like: final objective against λ on a log axis with markers, a reference line
    /// and a second method with a dashed style.
    static func lambdaSweep() -> Figure {
        let lams = [1.0, 3, 10, 30, 100, 300, 1000]
        let fig = Figure(width: 3.4, height: 2.6)
        let ax = fig.axes(0, 0)
        ax.title = "final hyper-objective against λ"
        ax.xLabel = "penalty weight λ"
        ax.yLabel = "F(x_{K})"
        ax.xScale = .log
        ax.grid = true
        let v = lams.map { 1 - 0.5 / $0 }, b = lams.map { 1 - 0.8 / $0 - 0.02 }
        ax.band(x: lams, mean: v, lower: v.map { $0 - 0.03 }, upper: v.map { $0 + 0.03 }, label: "PBRL-value", color: .tab10(0))
        ax.line(x: lams, y: v, color: .tab10(0), width: 0, marker: .circle)
        ax.errorBars(x: lams, y: b, lower: b.map { $0 - 0.05 }, upper: b.map { $0 + 0.05 }, label: "PBRL-Bellman (± s.e.)",
                     color: .tab10(1), marker: .triangleUp, style: .dashed)
        ax.line(x: lams, y: lams.map { _ in 0.62 }, label: "naive", color: .tab10(3), style: .dotted, marker: .diamond)
        ax.hline(y: 1.0, label: "exact hypergradient")
        ax.legend()
        return fig
    }

    /// E5/E6-like log–log scaling with fitted slopes written on the plot.
    static func scalingLogLog() -> Figure {
        let lams = (0...12).map { pow(10, Double($0) / 4) }
        var rng = GalleryRandom(seed: 5)
        let p = lams.map { 0.8 * pow($0, -2) * exp(0.05 * rng.normal()) }
        let d = lams.map { 0.5 * pow($0, -1) * exp(0.05 * rng.normal()) }
        let fig = Figure(width: 4.4, height: 2.8)
        let ax = fig.axes(0, 0)
        ax.title = "scaling with λ (Garnet MDP)"
        ax.xLabel = "λ"
        ax.yLabel = "value"
        ax.xScale = .log; ax.yScale = .log
        ax.line(x: lams, y: p, label: "p(x, y_{λ})", color: .tab10(0), marker: .circle)
        ax.line(x: lams, y: d, label: "‖d_{x} − ∇F‖", color: .tab10(1), marker: .square)
        ax.line(x: lams, y: lams.map { 0.25 * pow($0, -2) }, label: "slope −2", color: .gray, style: .dashed, width: 1)
        ax.line(x: lams, y: lams.map { 0.15 * pow($0, -1) }, label: "slope −1", color: .gray, style: .dotted, width: 1)
        ax.vline(x: 100, color: .lightGray, style: .solid, width: 0.8)
        ax.text("fitted: −2.01, −0.99", x: 0.04, y: 0.05, anchor: .bottomLeft, size: 7.5, inAxesFraction: true)
        ax.legend()
        return fig
    }

    /// E5-like scatter of g against p on random policies, with reference lines g = p and p = C g.
    static func scatterReference() -> Figure {
        var rng = GalleryRandom(seed: 9)
        var gs: [Double] = [], ps: [Double] = []
        for _ in 0..<300 {
            let g = pow(10, -4 + 4 * rng.uniform())
            gs.append(g); ps.append(g * (1 + 3 * rng.uniform()))
        }
        let fig = Figure(width: 3.4, height: 3.0)
        let ax = fig.axes(0, 0)
        ax.title = "penalties on random policies"
        ax.xLabel = "Bellman penalty g"
        ax.yLabel = "value penalty p"
        ax.xScale = .log; ax.yScale = .log
        ax.scatter(x: gs, y: ps, label: "random policies", color: .tab10(0), size: 3.5, alpha: 0.6)
        let line = [1e-4, 1.0]
        ax.line(x: line, y: line, label: "p = g", color: .black, style: .dashed, width: 1)
        ax.line(x: line, y: line.map { 4 * $0 }, label: "p = C g, C = 4", color: .tab10(3), style: .dashDot, width: 1)
        ax.legend()
        return fig
    }

    /// E4-like landscapes: filled contours with lines, colour bars, the lower-level solution
    /// curve, an iterate path with arrows, start and end markers; one panel has a NaN hole.
    static func landscape() -> Figure {
        let xs = stride(from: -2.0, through: 2.0, by: 0.05).map { $0 }
        let ys = stride(from: -2.5, through: 2.5, by: 0.05).map { $0 }
        func yStar(_ x: Double) -> Double { 1.5 * tanh(x) }
        func f(_ x: Double, _ y: Double) -> Double { (x - 0.6) * (x - 0.6) + 0.5 * y }
        func g(_ x: Double, _ y: Double) -> Double { (y - yStar(x)) * (y - yStar(x)) }
        let lam = 10.0
        let fields: [(String, String, (Double, Double) -> Double)] = [
            ("upper objective f", "f(x, y)", f),
            ("penalty p", "p(x, y)", g),
            ("F_{λ} with λ = 1", "F_{1}(x, y)", { f($0, $1) + g($0, $1) }),
            ("F_{λ} with λ = 10", "F_{10}(x, y)", { f($0, $1) + lam * g($0, $1) }),
        ]
        let fig = Figure(width: 6.4, height: 5.6, rows: 2, cols: 2)
        fig.suptitle = "Penalty landscapes of a 2-state MDP"
        for (k, (title, cbLabel, fn)) in fields.enumerated() {
            let ax = fig.axes(k / 2, k % 2)
            ax.title = title
            ax.xLabel = "reward parameter x"
            ax.yLabel = "policy logit y"
            var z = ys.map { y in xs.map { x in fn(x, y) } }
            if k == 1 {
                for (j, y) in ys.enumerated() { for (i, x) in xs.enumerated() where hypot(x - 1.2, y + 1.5) < 0.45 { z[j][i] = .nan } }
                ax.text("NaN region", x: 1.0, y: -0.95, anchor: .bottom, color: .white, size: 7)
            }
            let levels: ContourLevels = k == 1 ? .values([0, 0.25, 0.5, 1, 2, 4, 8, 16]) : 12
            let m = ax.filledContour(x: xs, y: ys, z: z, levels: levels)
            ax.contour(x: xs, y: ys, z: z, levels: .values(m.levels!), color: Color(hex: 0xffffff, alpha: 0.35), width: 0.5)
            ax.line(x: xs, y: xs.map(yStar), label: "y*(x)", color: .white, style: .dashed, width: 1.3)
            if k == 3 {
                // gradient descent on F_λ, drawn as a path with arrows
                var p = (-1.7, 2.2)
                var px = [p.0], py = [p.1]
                for _ in 0..<60 {
                    let h = 1e-5
                    let F = fields[3].2
                    let gx = (F(p.0 + h, p.1) - F(p.0 - h, p.1)) / (2 * h), gy = (F(p.0, p.1 + h) - F(p.0, p.1 - h)) / (2 * h)
                    p = (p.0 - 0.02 * gx, p.1 - 0.02 * gy)
                    px.append(p.0); py.append(p.1)
                }
                ax.path(x: px, y: py, arrows: true, label: "PBRL iterates", color: .tab10(3), width: 1.3, showPoints: true)
                ax.marker(x: px[0], y: py[0], marker: .circle, label: "start", color: .tab10(1), size: 7)
                ax.marker(x: px.last!, y: py.last!, marker: .star, label: "end", color: .tab10(1), size: 11)
                fig.legend(from: [ax])
            }
            fig.colorbar(m, label: cbLabel)
        }
        return fig
    }

    /// Contour lines alone, coloured by level with inline labels, equal aspect, minima marked.
    static func contourLines() -> Figure {
        let xs = stride(from: -5.0, through: 5.0, by: 0.1).map { $0 }
        func himmelblau(_ x: Double, _ y: Double) -> Double { pow(x * x + y - 11, 2) + pow(x + y * y - 7, 2) }
        let z = xs.map { y in xs.map { x in log10(1 + himmelblau(x, y)) } }
        let fig = Figure(width: 4.3, height: 3.3)
        let ax = fig.axes(0, 0)
        ax.title = "log_{10}(1 + f) for Himmelblau's f"
        ax.xLabel = "x_{1}"; ax.yLabel = "x_{2}"
        ax.equalAspect = true
        ax.contour(x: xs, y: xs, z: z, levels: .values([0.5, 1, 1.5, 2, 2.5, 3]), color: nil, width: 1, inlineLabels: true)
        let minima = [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)]
        for (k, p) in minima.enumerated() {
            ax.marker(x: p.0, y: p.1, marker: .star, label: k == 0 ? "minima" : nil, color: .tab10(3), size: 9)
        }
        ax.legend()
        return fig
    }

    /// A heatmap on viridis and a difference field on the diverging map (symmetric range),
    /// the kind a commit comparison shows.
    static func heatmaps() -> Figure {
        let xs = (0..<40).map { Double($0) / 39 * 4 - 2 }, ys = (0..<30).map { Double($0) / 29 * 3 - 1.5 }
        var a = ys.map { y in xs.map { x in exp(-(x * x + y * y)) + 0.3 * sin(2 * x) } }
        let b = ys.map { y in xs.map { x in exp(-((x - 0.15) * (x - 0.15) + y * y)) + 0.3 * sin(2 * x) } }
        let diff = zip(a, b).map { zip($0, $1).map { $1 - $0 } }
        for j in 0..<4 { for i in 30..<40 { a[j][i] = .nan } }   // missing samples stay transparent
        let fig = Figure(width: 6.4, height: 2.5, rows: 1, cols: 2)
        let ax = fig.axes(0, 0)
        ax.title = "field at commit A"
        ax.xLabel = "x"; ax.yLabel = "y"
        let m = ax.heatmap(x: xs, y: ys, z: a)
        fig.colorbar(m, label: "F(x, y)")
        let bx = fig.axes(0, 1)
        bx.title = "difference B − A"
        bx.xLabel = "x"; bx.yLabel = "y"
        let d = bx.heatmap(x: xs, y: ys, z: diff, colormap: .difference, range: .symmetricAboutZero)
        bx.marker(x: 0, y: 0, marker: .cross, label: "argmin A", color: .black, size: 7)
        bx.marker(x: 0.15, y: 0, marker: .plus, label: "argmin B", color: .black, size: 7)
        bx.legend()
        fig.colorbar(d, label: "ΔF")
        return fig
    }

    /// E2-like Four Rooms: incentive per cell, walls, S/G/T cells and follower occupancy.
    static func gridworld() -> Figure {
        let layout = [
            "###########",
            "#S...#....#",
            "#....#....#",
            "#.........#",
            "#....#....#",
            "##.###....#",
            "#....###.##",
            "#....#....#",
            "#.........#",
            "#....#...G#",
            "###########",
        ]
        var walls = Set<GridCell>()
        for (r, line) in layout.enumerated() { for (c, ch) in line.enumerated() where ch == "#" { walls.insert(GridCell(row: r, col: c)) } }
        let n = layout.count
        let target = GridCell(row: 3, col: 7)
        let incentive = (0..<n).map { r in (0..<n).map { c -> Double in
            let d = hypot(Double(r - target.row), Double(c - target.col))
            return 0.8 * exp(-d / 2.5)
        } }
        let occupancy = (0..<n).map { r in (0..<n).map { c -> Double in
            // a band along a shortest route S -> T -> G
            let onPath = (r == 1 && c <= 4) || (c == 4 && r <= 3) || (r == 3 && c >= 4 && c <= 7) || (c == 7 && r >= 3 && r <= 9) || (r == 9 && c >= 7)
            return walls.contains(GridCell(row: r, col: c)) ? 0 : (onPath ? 1 : 0.05 * Double((r * 7 + c * 3) % 5))
        } }
        let labels = [GridCell(row: 1, col: 1): "S", GridCell(row: 9, col: 9): "G", target: "T"]
        let fig = Figure(width: 6.4, height: 3.0, rows: 1, cols: 2)
        let ax = fig.axes(0, 0)
        ax.title = "learned incentive, follower occupancy"
        let m = ax.gridMap(rows: n, cols: n, values: incentive, walls: walls, labels: labels, overlay: .circles(occupancy))!
        fig.colorbar(m, label: "incentive r_{x}(s)")
        let bx = fig.axes(0, 1)
        bx.title = "state occupancy d(s)"
        let total = occupancy.flatMap { $0 }.reduce(0, +)
        let occ = occupancy.map { $0.map { $0 / total } }
        let m2 = bx.gridMap(rows: n, cols: n, values: occ, walls: walls, labels: labels,
                            overlay: .numbers(occ.map { $0.map { $0 >= 0.01 ? $0 * 100 : .nan } }, decimals: 0),
                            colormap: .blues, range: .fixed(0...0.08))!
        fig.colorbar(m2, label: "occupancy (numbers in %)")
        return fig
    }

    /// E2 (i)-like results table drawn as a figure.
    static func table() -> Figure {
        let header = ["τ", "c", "AMD", "PBRL-value", "PBRL-Bellman", "zero-order", "naive"]
        var rows: [[String]] = []
        var rng = GalleryRandom(seed: 3)
        for tau in ["0.001", "0.003", "0.005"] {
            for c in ["1", "3", "5"] {
                rows.append([tau, c] + (0..<5).map { _ in String(format: "%.3f ± %.3f", 0.5 + 0.4 * rng.uniform(), 0.02 * rng.uniform()) })
            }
        }
        return Figure.table(header: header, rows: rows, title: "Leader objective (mean ± s.e., 10 seeds)",
                            bold: Set(rows.indices.map { GridCell(row: $0, col: 3) }))
    }
}
