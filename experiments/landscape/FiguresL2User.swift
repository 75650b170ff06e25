import Foundation
import Lab
import Plot

/// L2: F_lambda on the slice through PBRL's solution of an E1b game, and its profile on the
/// segment from PBRL's solution (a = 0) to the exact bilevel solution (a = 1).
func drawL2(_ record: RunRecord, _ s: L2Settings, _ ctx: FigureContext) throws -> FigureEntry {
    let tag = LandscapeObjective.penalized(lambda: s.lambda, bellman: false).tag
    let grid = try record.grid(tag, name: "l2_slice")
    let fig = Figure(width: 11.5, height: 4.3, rows: 1, cols: 2)
    fig.suptitle = "L2: F_{λ} (λ = \(formatted(s.lambda))) through PBRL's solution of an E1b game (seed \(s.gameSeed))"
    let ax = fig.axes(0, 0)
    drawLandscape(fig, ax, grid, colorbarLabel: "F_{λ}(x, y)")
    ax.marker(x: 0, y: 0, marker: .circle, label: "PBRL solution (a = 0)", color: Color(hex: 0xd62728), size: 9)
    ax.marker(x: 1, y: 0, marker: .star, label: "exact bilevel solution (a = 1)", color: Color(hex: 0xff7f0e), size: 13)
    let m = grid.minimum
    ax.marker(x: m.a, y: m.b, marker: .cross, label: "slice minimum", color: .white, size: 9)
    ax.xLabel = "a (towards the exact bilevel solution)"
    ax.yLabel = "b (random direction, same length)"
    ax.title = "F_{λ} on z_{PBRL} + a (z_{H} − z_{PBRL}) + b r"
    ax.legend(.lowerLeft)
    let bx = fig.axes(0, 1)
    let la = try record.required("line.a")
    bx.line(x: la, y: try record.required("line.F_lambda"), label: "F_{λ}(z(a))", color: .tab10(0), width: 1.8)
    bx.line(x: la, y: try record.required("line.F"), label: "F(x(a)) (exact best response)", color: .black, style: .dashed, width: 1.4)
    bx.vline(x: 0, label: nil, color: Color(hex: 0xd62728), style: .dotted)
    bx.vline(x: 1, label: nil, color: Color(hex: 0xff7f0e), style: .dotted)
    bx.xLabel = "a (b = 0)"
    bx.yLabel = "value"
    bx.title = "profile along the segment (dotted: a = 0 PBRL, a = 1 exact)"
    bx.legend(.best)
    let name = "l2_slice"
    try ctx.save(fig, name: name, title: "L2 slice of F_λ through PBRL's E1b solution")
    try ctx.saveGrids([grid], name: name)
    let f3 = { (k: String) in String(format: "%.4f", record.finals[k] ?? .nan) }
    // Is there a ridge of F_λ between the two points on the segment (b = 0)?
    let lineF = try record.required("line.F_lambda")
    let inside = zip(la, lineF).filter { $0.0 >= 0 && $0.0 <= 1 }.map(\.1)
    let ends = [zip(la, lineF).min { abs($0.0) < abs($1.0) }!.1, zip(la, lineF).min { abs($0.0 - 1) < abs($1.0 - 1) }!.1]
    let ridge = (inside.max() ?? -.infinity) - ends.max()!
    let basins = ridge > 0
        ? "On the segment F_λ rises by \(String(format: "%.3g", ridge)) above the higher end between them: PBRL stopped in a different basin of F_λ than the exact solution's. "
        : "F_λ has no ridge on the segment between them: PBRL's point and the exact solution share a basin. "

    let caption = """
        L2 (E4), a reconstruction: F_λ = f + λp with λ = \(formatted(s.lambda)) on an E1b random general-sum Markov game \
        (seed \(s.gameSeed): 10 states, 3 × 3 actions, γ = 0.9, τ = 0.1), on the plane through PBRL-value's final point z_PBRL \
        (\(s.pbrlIterations) steps, α = \(formatted(s.stepX))/λ, β = \(formatted(s.stepY))/λ, from zero logits) spanned by \
        the direction to the exact bilevel solution z_H (\(s.hyperIterations) steps of projected hypergradient descent, step \(formatted(s.hyperStep))) \
        and a seeded random direction of the same length |z_H − z_PBRL| = \(f3("distance")). Both methods project the leader's \
        logits on [−\(formatted(s.bound)), \(formatted(s.bound))]; follower logits are centred per state. \(s.resolution.a) × \(s.resolution.b) grid, \
        exact values. F(x_PBRL) = \(f3("F.pbrl")), F(x_H) = \(f3("F.solution")); the slice minimum of F_λ is at \
        (a, b) = (\(String(format: "%.2f", record.finals["slice_min.a"] ?? .nan)), \(String(format: "%.2f", record.finals["slice_min.b"] ?? .nan))). \
        \(basins)\
        One game instance (no seeds, no band). \(ctx.provenance.text).
        """
    return FigureEntry(name: name, title: "L2: slice of F_λ through PBRL's solution of an E1b game", caption: caption,
                       data: ctx.data([grid], extra: ["line.a": la, "line.F_lambda": try record.required("line.F_lambda"),
                                                      "line.F": try record.required("line.F")]))
}

/// A user landscape: one panel with its markers.
func drawUser(_ record: RunRecord, _ spec: UserLandscapeSpec, _ ctx: FigureContext) throws -> FigureEntry {
    let grid = try record.grid(spec.objective.tag, name: spec.name)
    let fig = Figure(width: 6.8, height: 5.0)
    let ax = fig.axes(0, 0)
    drawLandscape(fig, ax, grid, colorbarLabel: spec.objective.label)
    var k = 0
    let markers: [Marker] = [.circle, .star, .diamond]
    while let label = record.labels["marker.\(k)"], let at = record.series["marker.\(k)"] {
        ax.marker(x: at[0], y: at[1], marker: markers[k % markers.count], label: label,
                  color: [Color(hex: 0xd62728), Color(hex: 0xff7f0e), .white][k % 3], size: k == 1 ? 13 : 9)
        k += 1
    }
    ax.xLabel = grid.firstLabel
    ax.yLabel = grid.secondLabel
    let instance = record.labels["instance"] ?? "instance"
    fig.suptitle = "\(spec.name): \(spec.objective.label)"
    ax.title = instance
    if k > 0 { ax.legend(.best) }
    let name = "user_\(spec.name)"
    try ctx.save(fig, name: name, title: "Landscape \(spec.name)")
    try ctx.saveGrids([grid], name: name)
    let m = grid.minimum
    let caption = """
        User landscape '\(spec.name)': \(spec.objective.label) of the \(instance) on the plane \
        \(grid.firstLabel) × \(grid.secondLabel), \(spec.resolution[0]) × \(spec.resolution[1]) grid, exact values. \
        Grid minimum \(String(format: "%.6g", m.value)) at (\(String(format: "%.3g", m.a)), \(String(format: "%.3g", m.b))). \
        One instance (no seeds, no band). \(ctx.provenance.text).
        """
    return FigureEntry(name: name, title: "Landscape \(spec.name)", caption: caption, data: ctx.data([grid]))
}
