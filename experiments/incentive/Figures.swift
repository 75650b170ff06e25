import BilevelCore
import Environments
import Foundation
import Lab
import Plot
import ExperimentKit

/// Everything a figure needs besides its data: where it goes and its provenance.
struct FigureContext {
    let layout: ExperimentLayout
    let provenance: FigureProvenance
    let seeds: Int
    let iterations: Int
    let tailFraction: Double

    func save(_ fig: Figure, name: String, title: String) throws {
        try FigureWriter(layout: layout, provenance: provenance).write(fig, name: name, title: title, dpi: 200)
    }
}

/// The results table drawn as a figure (same numbers as the markdown table).
func drawTable(_ results: [MethodVariant: [GridCellKey: CellResult]], context: FigureContext) throws -> FigureEntry {
    let variants = results.keys.sorted()
    let cells = Set(results.values.flatMap(\.keys)).sorted()
    let colWidth = 1.45, first = 0.9
    let width = first + colWidth * Double(variants.count) + 0.2
    let rowHeight = 0.36
    let height = rowHeight * Double(cells.count + 2) + 0.5
    let fig = Figure(width: width, height: height)
    fig.suptitle = "E2 Four Rooms: designer objective J, mean over last \(format(100 * context.tailFraction))% of iterations ± s.e."
    let ax = fig.axes(0, 0)
    ax.showAxes = false
    let nRows = Double(cells.count + 1)
    ax.xLimits = 0...(width - 0.2)
    ax.yLimits = 0...nRows
    func y(_ row: Int) -> Double { nRows - Double(row) - 0.5 }
    ax.text("τ, c", x: first / 2, y: y(0), anchor: .center, size: 8, bold: true)
    for (j, v) in variants.enumerated() {
        ax.text(v.displayName.replacingOccurrences(of: " (exact hypergradient)", with: ""),
                x: first + colWidth * (Double(j) + 0.5), y: y(0), anchor: .center, size: 7.5, bold: true)
    }
    for (i, cell) in cells.enumerated() {
        ax.text("\(format(cell.tau)), \(format(cell.cost))", x: first / 2, y: y(i + 1), anchor: .center, size: 8)
        let best = variants.compactMap { results[$0]?[cell]?.mean }.max()
        for (j, v) in variants.enumerated() {
            guard let e = results[v]?[cell] else { continue }
            let xc = first + colWidth * (Double(j) + 0.5)
            ax.text(String(format: "%.4f ± %.4f", e.mean, e.standardError), x: xc, y: y(i + 1) + 0.12,
                    anchor: .center, size: 7.5, bold: e.mean == best)
            ax.text("lr \(format(e.learningRate))", x: xc, y: y(i + 1) - 0.22, anchor: .center,
                    color: .gray, size: 6)
        }
    }
    ax.hline(y: nRows - 1, color: .black, style: .solid, width: 0.6)
    // The same cells as a table for the report's interactive view (sortable by column).
    fig.describeTable(header: ["τ, c"] + variants.map(\.displayName), rows: cells.map { cell in
        ["\(format(cell.tau)), \(format(cell.cost))"] + variants.map { v in
            results[v]?[cell].map { String(format: "%.4f ± %.4f (lr %@)", $0.mean, $0.standardError, format($0.learningRate)) } ?? "—"
        }
    }, bold: Set(cells.enumerated().flatMap { i, cell in
        let best = variants.compactMap { results[$0]?[cell]?.mean }.max()
        return variants.enumerated().compactMap { j, v in results[v]?[cell]?.mean == best ? GridCell(row: i, col: j + 1) : nil }
    }))
    try context.save(fig, name: "e2_table", title: "E2 results table")
    let seeds = variants.compactMap { results[$0]?.values.first?.seeds }.max() ?? 0
    return FigureEntry(name: "e2_table", title: "E2: designer objective per (τ, c) and method",
                       caption: "Designer objective J(w) = mean over the two goals of the designer's value at the start under the follower's soft-optimal policy, averaged over the last \(format(100 * context.tailFraction))% of \(context.iterations) iterations; mean ± standard error over \(seeds) seeds; per cell and method the learning rate (grey) with the best mean is reported; bold = best in the row. PBRL penalty weights are given as λτ. Experiment \(context.provenance.text).")
}

/// Convergence curves of one cell: J(w_k) against k, mean ± 1 std over seeds, per method.
func drawConvergence(_ results: [MethodVariant: [GridCellKey: CellResult]], cell: GridCellKey,
                     context: FigureContext) throws -> FigureEntry {
    let fig = Figure(width: 6.4, height: 3.6)
    let ax = fig.axes(0, 0)
    ax.title = "τ = \(format(cell.tau)), c = \(format(cell.cost))"
    ax.xLabel = "iteration k"
    ax.yLabel = "J(w_{k})"
    ax.grid = true
    var data: [String: [Double]] = [:]
    var seeds = 0
    for (i, v) in results.keys.sorted().enumerated() {
        guard let e = results[v]?[cell] else { continue }
        let band = e.records.band("J")
        guard let x = e.records.first?.series["iteration"] else { continue }
        let xs = Array(x.prefix(band.mean.count))
        ax.band(x: xs, mean: band.mean, lower: band.lower(.std), upper: band.upper(.std),
                label: "\(v.displayName) (lr \(format(e.learningRate)))", color: .tab10(i))
        data["\(v.key).mean"] = band.mean
        data["\(v.key).std"] = band.std
        data["iteration"] = xs
        seeds = max(seeds, band.count)
    }
    ax.legend(.best)
    fig.suptitle = "E2 Four Rooms: convergence of the designer objective"
    try context.save(fig, name: "e2_convergence", title: "E2 convergence")
    return FigureEntry(name: "e2_convergence", title: "E2: convergence for τ = \(format(cell.tau)), c = \(format(cell.cost))",
                       caption: "Designer objective J(w_k) (exact follower best response) against outer iteration k for τ = \(format(cell.tau)), c = \(format(cell.cost)), each method at its selected learning rate; line = mean, band = mean ± 1 std over \(seeds) seeds. Experiment \(context.provenance.text).",
                       data: data)
}

/// The Four Rooms map: learned incentive per cell (colour), walls, start S, goals G1/G2, target
/// T, and the follower's best-response state occupancy (white circles, area ∝ occupancy), for
/// each goal context (columns) and each method given (rows).
func drawMap(_ panels: [(name: String, w: [Double], tau: Double)], cell: GridCellKey,
             context: FigureContext) throws -> FigureEntry {
    let rooms = FourRooms()
    var walls = Set<GridCell>()
    for r in 0..<FourRooms.rows { for c in 0..<FourRooms.columns where rooms.isWall(row: r, column: c) {
        walls.insert(GridCell(row: r, col: c))
    } }
    func at(_ c: FourRooms.Cell) -> GridCell { GridCell(row: c.row, col: c.column) }
    var labels: [GridCell: String] = [at(FourRooms.start): "S", at(FourRooms.target): "T"]
    labels[at(FourRooms.goals[0])] = "G1"
    labels[at(FourRooms.goals[1])] = "G2"
    let fig = Figure(width: 6.6, height: 3.2 * Double(panels.count) + 0.3, rows: panels.count, cols: 2)
    fig.suptitle = "E2 Four Rooms: learned incentives and follower occupancy (τ = \(format(cell.tau)), c = \(format(cell.cost)))"
    var lo = 0.0
    var grids: [[[[Double]]]] = []
    var occupancies: [[[[Double]]]] = []
    var data: [String: [Double]] = [:]
    for p in panels {
        let env = try FourRoomsIncentive(tau: p.tau)
        let mdp = try env.mdp(at: p.w)
        let opt = mdp.softOptimum(tolerance: 1e-11)
        let d = PolicyEvaluation(mdp: mdp, policy: opt.policy).occupancy
        var gs: [[[Double]]] = [], os: [[[Double]]] = []
        for k in 0..<env.contextCount {
            let inc = env.incentive(at: p.w, context: k)
            var g = [[Double]](repeating: [Double](repeating: .nan, count: FourRooms.columns), count: FourRooms.rows)
            var o = g
            for (s, c) in rooms.cells.enumerated() {
                g[c.row][c.column] = inc[s]
                // Occupancy of context k from its start (rho puts 1/2 there: rescale to 1).
                // The goal is terminal: its occupancy is only the discounted arrival probability;
                // no circle there (the label G stays readable).
                o[c.row][c.column] = s == env.goalStates[k] ? 0 : d[env.unionState(context: k, state: s)] * Double(env.contextCount)
                lo = min(lo, inc[s])
            }
            gs.append(g); os.append(o)
            data["\(p.name).context\(k + 1).incentive"] = inc
            data["\(p.name).context\(k + 1).occupancy"] = (0..<rooms.stateCount).map { d[env.unionState(context: k, state: $0)] * 2 }
        }
        grids.append(gs); occupancies.append(os)
    }
    var mappable: Mappable? = nil
    for (i, p) in panels.enumerated() {
        for k in 0..<2 {
            let ax = fig.axes(i, k)
            ax.title = "\(p.name), goal G\(k + 1)"
            let m = ax.gridMap(rows: FourRooms.rows, cols: FourRooms.columns, values: grids[i][k], walls: walls,
                               labels: labels, overlay: .circles(occupancies[i][k], color: .white),
                               colormap: .viridis, range: .fixed(min(lo, -1e-6)...0))
            mappable = mappable ?? m
            if k == 1, let m { fig.colorbar(m, ax: ax, label: "incentive(s)") }
        }
    }
    _ = mappable
    try context.save(fig, name: "e2_map", title: "E2 Four Rooms map")
    return FigureEntry(name: "e2_map", title: "E2: Four Rooms with the learned incentives",
                       caption: "Four Rooms (walls dark; S start (4,1), G1 goal (1,9), G2 goal (11,11), T target (8,4)). Colour: learned incentive −0.2·softmax(w)_s of the final w of seed 0 (incentive 0 at the context's own goal), for τ = \(format(cell.tau)), c = \(format(cell.cost)) at each method's selected learning rate; white circles: the follower's discounted state occupancy from S under its soft-optimal best response to that w (area ∝ occupancy), one column per goal context. Experiment \(context.provenance.text).",
                       data: data)
}
