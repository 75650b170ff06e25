import Foundation
import Lab
import Plot
import ExperimentKit

/// Drawing of the landscapes from run records (never from the math), plus the data files
/// behind them (`figures/<name>.grids.json`).
struct FigureContext {
    let layout: ExperimentLayout
    let provenance: FigureProvenance

    func save(_ fig: Figure, name: String, title: String) throws {
        try FigureWriter(layout: layout, provenance: provenance).write(fig, name: name, title: title)
    }

    /// Writes the grids behind a figure as `figures/<name>.grids.json` (sorted keys).
    func saveGrids(_ grids: [LandscapeGrid], name: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted]
        let url = layout.figuresDirectory.appendingPathComponent("\(name).grids.json")
        try AtomicFile.write(try enc.encode(grids), to: url)
    }

    /// Figure data for the manifest: per grid `<objective>.a`, `.b`, `.values` (row-major, `j * a.count + i`).
    func data(_ grids: [LandscapeGrid], extra: [String: [Double]] = [:]) -> [String: [Double]] {
        var d = extra
        for g in grids {
            d["\(g.objective).a"] = g.a
            d["\(g.objective).b"] = g.b
            d["\(g.objective).values"] = g.flatValues
        }
        return d
    }
}

/// Contour levels at quantiles of the grid values (so that every band holds a share of the
/// plane, whatever the dynamic range), rounded to 3 significant digits, strictly increasing,
/// and covering the data.
func quantileLevels(_ values: [[Double]], count: Int = 14) -> [Double] {
    let v = values.flatMap { $0 }.filter(\.isFinite).sorted()
    guard let lo = v.first, let hi = v.last, hi > lo else { return [v.first ?? 0, (v.first ?? 0) + 1] }
    var levels: [Double] = []
    for k in 0...count {
        var q = v[min(v.count - 1, Int((Double(k) / Double(count) * Double(v.count - 1)).rounded()))]
        if k > 0 && k < count { q = roundSignificant(q, 3) }
        if k == 0 { q = lo >= 0 && lo < 1e-6 * hi ? 0 : roundSignificant(lo, 3, .down) }
        if k == count { q = roundSignificant(hi, 3, .up) }
        if let last = levels.last, q <= last + 1e-12 * max(1, abs(hi - lo)) { continue }
        levels.append(q)
    }
    if levels.count < 2 { levels = [lo, hi] }
    return levels
}

func roundSignificant(_ x: Double, _ digits: Int, _ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Double {
    guard x != 0, x.isFinite else { return x }
    let e = floor(log10(abs(x))) - Double(digits - 1)
    let s = pow(10, e)
    return (x / s).rounded(rule) * s
}

/// One landscape panel: filled contours (quantile levels) with lines and a colour bar.
@discardableResult
func drawLandscape(_ fig: Figure, _ ax: Axes, _ grid: LandscapeGrid, colorbarLabel: String) -> Mappable {
    let levels = quantileLevels(grid.values)
    let m = ax.filledContour(x: grid.a, y: grid.b, z: grid.values, levels: .values(levels))
    ax.contour(x: grid.a, y: grid.b, z: grid.values, levels: .values(levels), color: Color(hex: 0xffffff, alpha: 0.35), width: 0.5)
    ax.xLimits = grid.a.first!...grid.a.last!
    ax.yLimits = grid.b.first!...grid.b.last!
    fig.colorbar(m, ax: ax, label: colorbarLabel)
    return m
}

/// A path with start and end markers.
func drawPath(_ ax: Axes, _ path: IteratePath, color: Color, withLabels: Bool) {
    ax.path(x: path.x, y: path.y, arrows: true, label: withLabels ? path.label : nil, color: color, width: 1.3, arrowCount: 4)
    ax.marker(x: path.x.first!, y: path.y.first!, marker: .circle, label: withLabels ? "start" : nil, color: color, size: 7)
    ax.marker(x: path.x.last!, y: path.y.last!, marker: .square, label: withLabels ? "end" : nil, color: color, size: 7)
}
