import Foundation
import Lab
import Plot

/// L1: six panels (f, p, g, F_lambda for each lambda) over the (x, y) plane, with `y*(x)`,
/// the bilevel solution and PBRL paths.
func drawL1(_ record: RunRecord, _ s: L1Settings, _ ctx: FigureContext) throws -> FigureEntry {
    let objectives = l1Objectives(s.lambdas)
    let grids = try objectives.map { try record.grid($0.tag, name: "l1_landscapes") }
    let cols = 3, rows = (grids.count + cols - 1) / cols
    let fig = Figure(width: 12.6, height: 3.7 * Double(rows), rows: rows, cols: cols)
    fig.suptitle = "L1: landscapes of the two-state incentive MDP (γ = \(formatted(s.gamma)), τ = \(formatted(s.tau)))"
    let curveX = try record.required("curve.x"), curveY = try record.required("curve.y")
    let solX = try record.final("bilevel.x"), solY = try record.final("bilevel.y")
    let lam = formatted(s.pathLambda)
    var penalizedFrames: [(value: Double, axes: Axes)] = []
    for (k, (obj, grid)) in zip(objectives, grids).enumerated() {
        let ax = fig.axes(k / cols, k % cols)
        if case let .penalized(lambda, false) = obj { penalizedFrames.append((value: lambda, axes: ax)) }
        drawLandscape(fig, ax, grid, colorbarLabel: obj.label.components(separatedBy: " = f").first!)
        let pathName: String
        switch obj {
        case .bellmanPenalty: pathName = "bellman.lambda=\(lam)"
        case let .penalized(lambda, _): pathName = "value.lambda=\(formatted(lambda))"
        default: pathName = "value.lambda=\(lam)"
        }
        let first = k == 0
        ax.line(x: curveX, y: curveY, label: first ? "y*(x)" : nil, color: .white, width: 1.6)
        if let path = record.path(pathName) {
            ax.path(x: path.x, y: path.y, arrows: true, label: path.label, color: Color(hex: 0xd62728), width: 1.3, arrowCount: 4)
            ax.marker(x: path.x.first!, y: path.y.first!, marker: .circle, label: first ? "start" : nil, color: Color(hex: 0xd62728), size: 7)
            ax.marker(x: path.x.last!, y: path.y.last!, marker: .square, label: first ? "end" : nil, color: Color(hex: 0xd62728), size: 7)
        }
        ax.marker(x: solX, y: solY, marker: .star, label: first ? "bilevel solution" : nil, color: Color(hex: 0xff7f0e), size: 12)
        ax.title = obj.label
        ax.xLabel = "x (incentive)"
        ax.yLabel = "y (logit of go vs stay)"
        ax.legend(.upperRight)
    }
    // The interactive view shows the F_λ panels as one panel with a λ slider.
    fig.slider("λ", frames: penalizedFrames)
    let name = "l1_landscapes"
    try ctx.save(fig, name: name, title: "L1 landscapes of f, p, g and F_λ")
    try ctx.saveGrids(grids, name: name)
    let finals = s.lambdas.map { l in
        "λ = \(formatted(l)): x = \(String(format: "%.3f", record.finals["pbrl-value.lambda=\(formatted(l)).final_x"] ?? .nan))"
    }.joined(separator: ", ")
    let caption = """
        L1 (E4), a reconstruction: two-state, two-action incentive MDP (γ = \(formatted(s.gamma)), τ = \(formatted(s.tau)), start at home). \
        Follower reward r_x(home, stay) = x, r(home, go) = 0, r(goal, ·) = 1; designer f = −V_U with r_U(home, stay) = 1 − x \
        (values a follower at home, pays the incentive x). y = logit(go) − logit(stay) at home, the one logit that matters. \
        Filled contours (quantile levels, so each band covers a similar share of the plane) of f, p, g and F_λ = f + λp \
        for λ ∈ {\(s.lambdas.map(formatted).joined(separator: ", "))} on a \(s.resolution.x) × \(s.resolution.y) grid, computed exactly. \
        White: the lower-level solution y*(x); star: the bilevel solution x* = \(String(format: "%.4f", solX)) \
        (F = \(String(format: "%.4f", try record.final("bilevel.F")))). Red: PBRL iterates (\(s.iterations) steps, α = \(formatted(s.stepX))/λ, \
        β = \(formatted(s.stepY))/λ, x projected on [\(formatted(s.xRange.lowerBound)), \(formatted(s.xRange.upperBound))]) from the circle to the square: \
        PBRL-value with λ = \(lam) on the f and p panels, PBRL-Bellman with λ = \(lam) on the g panel, PBRL-value with the panel's λ on the F_λ panels. \
        Final x: \(finals); PBRL-Bellman (λ = \(lam)): x = \(String(format: "%.3f", record.finals["pbrl-bellman.lambda=\(lam).final_x"] ?? .nan)) \
        (g ≤ p, a weaker penalty at the same λ). One instance, exact computation (no seeds, no band). \(ctx.provenance.text).
        """
    return FigureEntry(name: name, title: "L1: f, p, g and F_λ over (x, y) with y*(x) and PBRL paths", caption: caption,
                       data: ctx.data(grids, extra: ["curve.x": curveX, "curve.y": curveY]))
}

/// L3: F(x) against min_y F_lambda(x, y), and the gap on a log axis.
func drawL3(_ record: RunRecord, _ s: L3Settings, _ ctx: FigureContext) throws -> FigureEntry {
    let x = try record.required("x"), F = try record.required("F")
    let fig = Figure(width: 10.5, height: 3.8, rows: 1, cols: 2)
    fig.suptitle = "L3: hyper-objective F(x) and min_{y} F_{λ}(x, y) on the L1 instance"
    let ax = fig.axes(0, 0), bx = fig.axes(0, 1)
    ax.line(x: x, y: F, label: "F(x) = f(x, y*(x))", color: .black, width: 2.2)
    var data: [String: [Double]] = ["x": x, "F": F]
    var lo = F.min()!
    for (k, lambda) in s.lambdas.enumerated() {
        let key = "min_y F_lambda=\(formatted(lambda))"
        let m = try record.required(key)
        data[key] = m
        lo = min(lo, m.min()!)
        ax.line(x: x, y: m, label: "min_{y} F_{λ}, λ = \(formatted(lambda))", color: .tab10(k), width: 1.3)
        let gap = zip(F, m).map { max($0 - $1, 1e-16) }
        bx.line(x: x, y: gap, label: "λ = \(formatted(lambda))", color: .tab10(k), width: 1.3)
    }
    let xStar = try record.final("argmin.F")
    ax.vline(x: xStar, label: "argmin F", color: Color(hex: 0x555555), style: .dashed)
    ax.xLabel = "x (incentive)"; ax.yLabel = "value"
    ax.title = "F(x) and its penalized lower envelopes"
    ax.legend(.upperLeft)
    bx.yScale = .log
    // At x = 1 the designer's reward vanishes (f = 0 for every policy), so the gap is 0 there;
    // the axis floor keeps that single point from squashing the rest.
    let gapMax = s.lambdas.indices.map { k in (try? record.required("min_y F_lambda=\(formatted(s.lambdas[k]))")).map { zip(F, $0).map { $0 - $1 }.max()! } ?? 1 }.max() ?? 1
    bx.yLimits = max(gapMax, 1e-300) * 1e-6...max(gapMax, 1e-300) * 3
    bx.xLabel = "x (incentive)"; bx.yLabel = "F(x) − min_{y} F_{λ}(x, y)"
    bx.title = "gap (≥ 0), shrinking as λ grows"
    bx.legend(.best)
    let name = "l3_envelopes"
    try ctx.save(fig, name: name, title: "L3 F(x) versus min_y F_λ(x, y)")
    let gaps = s.lambdas.map { l in "λ = \(formatted(l)): \(String(format: "%.3g", record.finals["max_gap.lambda=\(formatted(l))"] ?? .nan))" }
        .joined(separator: ", ")
    let argmins = s.lambdas.map { l in "λ = \(formatted(l)): \(String(format: "%.3f", record.finals["argmin.lambda=\(formatted(l))"] ?? .nan))" }
        .joined(separator: ", ")
    let caption = """
        L3 (E4), a reconstruction on the L1 instance (γ = \(formatted(s.gamma)), τ = \(formatted(s.tau))): the hyper-objective F(x) \
        and min_y F_λ(x, y) = min_y [f + λp] over all four follower logits (BFGS from y*(x), gradient sup-norm at most \
        \(String(format: "%.1e", record.finals["worst_inner_gradient"] ?? .nan))), on \(s.points) values of x. Since p(x, y*(x)) = 0, \
        min_y F_λ ≤ F everywhere; the gap closes as λ grows (right, log axis; largest gap \(gaps)). \
        Grid minimizers of min_y F_λ: \(argmins); of F: \(String(format: "%.3f", xStar)). For small λ the penalized problem \
        prefers confiscation (x at the left end): the follower is not forced to respond. At x = 1 the designer's \
        reward vanishes (f = 0 for every policy), so the gap is 0 there for every λ (the right axis is cut at 10⁻⁶ of its largest gap). One instance, exact computation \
        (no seeds, no band). \(ctx.provenance.text).
        """
    return FigureEntry(name: name, title: "L3: F(x) against min_y F_λ(x, y)", caption: caption, data: data)
}
