import Foundation

/// Contour lines of a gridded field at given levels (marching squares, see `MarchingSquares`).
/// Lines take one `color`, or the colour map's colour of their level when `color` is nil.
/// With `inlineLabels`, each line long enough (three label widths) carries its level value
/// once, at the middle of its length, along the line, with the line broken under the text.
final class ContourLinesArtist: Artist {
    let grid: ScalarGrid
    let levels: [Double]
    let color: Color?
    let mappable: Mappable
    let width: Double
    let style: LineStyle
    let label: String?
    var inlineLabels = false
    let zOrder = 1
    private lazy var lines: [(Double, [ContourLine])] = levels.map { ($0, MarchingSquares.isolines(grid, level: $0)) }

    init(grid: ScalarGrid, levels: [Double], color: Color?, mappable: Mappable, width: Double, style: LineStyle, label: String?) {
        self.grid = grid; self.levels = levels; self.color = color; self.mappable = mappable
        self.width = width; self.style = style; self.label = label
    }

    func extent(xScale: AxisScale, yScale: AxisScale) -> DataExtent {
        DataExtent(x: grid.x.first!...grid.x.last!, y: grid.y.first!...grid.y.last!, sticky: true)
    }

    func draw(_ ctx: DrawContext) {
        let texts = TickFormatter.linear(levels).labels
        let font = Font(size: 6.5)
        for (k, (level, ls)) in lines.enumerated() {
            var path = Path()
            let c = color ?? mappable.color(for: level)
            for l in ls {
                let pts = zip(l.x, l.y).compactMap { ctx.point($0, $1) }
                guard pts.count > 1 else { continue }
                if inlineLabels, k < texts.count,
                   let (pieces, anchor, angle) = ContourLinesArtist.breakForLabel(l.closed ? pts + [pts[0]] : pts,
                                                                                 width: ctx.surface.textWidth(texts[k], font: font) + 4) {
                    for piece in pieces where piece.count > 1 { path.append(Path(polyline: piece)) }
                    RichText(texts[k], font: font, surface: ctx.surface)
                        .draw(on: ctx.surface, at: anchor, anchor: .center,
                              color: c.withAlpha(1).mixed(with: .black, 0.3), angle: angle)
                } else {
                    path.append(Path(polyline: pts, closed: l.closed))
                }
            }
            ctx.surface.stroke(path, style: StrokeStyle(color: c, width: width, dash: style.dash(width: width), join: .round))
        }
    }

    /// Splits a screen polyline around the middle of its length to leave a gap `width` long
    /// for a label; returns the pieces, the label centre and its reading angle (never upside
    /// down). Nil when the line is shorter than three label widths.
    static func breakForLabel(_ pts: [Point], width: Double) -> ([[Point]], Point, Double)? {
        var cum = [0.0]
        for k in 1..<pts.count { cum.append(cum[k - 1] + hypot(pts[k].x - pts[k - 1].x, pts[k].y - pts[k - 1].y)) }
        let total = cum.last!
        guard total > 3 * width else { return nil }
        func at(_ s: Double) -> (Point, Int) {
            let k = max(1, cum.firstIndex { $0 >= s } ?? pts.count - 1)
            let seg = cum[k] - cum[k - 1]
            let t = seg > 0 ? (s - cum[k - 1]) / seg : 0
            return (Point(pts[k - 1].x + t * (pts[k].x - pts[k - 1].x), pts[k - 1].y + t * (pts[k].y - pts[k - 1].y)), k)
        }
        let mid = total / 2
        let (a, ka) = at(mid - width / 2), (b, kb) = at(mid + width / 2), (c, _) = at(mid)
        var angle = atan2(-(b.y - a.y), b.x - a.x)
        if angle > Double.pi / 2 { angle -= Double.pi } else if angle <= -Double.pi / 2 { angle += Double.pi }
        let first = Array(pts[0..<ka]) + [a]
        let second = [b] + Array(pts[kb...])
        return ([first, second], c, angle)
    }

    var legendEntry: LegendEntry? {
        label.map { LegendEntry(label: $0, swatch: .line(StrokeStyle(color: color ?? mappable.color(for: levels.first ?? 0), width: width, dash: style.dash(width: width)), nil, color ?? .black)) }
    }

    /// The lines, for legend placement (used only when no filled field lies under them).
    func obstacles(_ ctx: DrawContext) -> Obstacles {
        var o = Obstacles()
        for (_, ls) in lines {
            for l in ls {
                let pts = zip(l.x, l.y).compactMap { ctx.point($0, $1) }
                o.points += pts
                for k in 1..<max(1, pts.count) { o.segments.append((pts[k - 1], pts[k])) }
            }
        }
        return o
    }
}

/// Filled contours: the bands between consecutive levels, each in the colour of its midpoint.
///
/// Seam-free rule: instead of tiling the plane with one polygon per band (whose shared
/// borders antialias into hairline gaps in PDF viewers), every valid cell is first painted in
/// the lowest band's colour, then for k = 1, 2, ... the whole region {z >= levels[k]} is
/// painted over it in band k's colour, each as one non-zero-filled path
/// (`SuperlevelRegion`). Every border thus has the lower colour underneath it. Values below
/// the first level take the first band's colour and values above the last level the last
/// band's (matplotlib's `extend="both"`).
final class FilledContourArtist: Artist {
    var isFilledField: Bool { true }
    let grid: ScalarGrid
    let mappable: Mappable
    let zOrder = 0

    init(grid: ScalarGrid, mappable: Mappable) { self.grid = grid; self.mappable = mappable }

    func extent(xScale: AxisScale, yScale: AxisScale) -> DataExtent {
        DataExtent(x: grid.x.first!...grid.x.last!, y: grid.y.first!...grid.y.last!, sticky: true)
    }

    /// Region polygons per band, computed once and reused by every rendering (PNG and PDF).
    private lazy var regions: [[[(Double, Double)]]] = {
        guard let levels = mappable.levels, levels.count >= 2 else { return [] }
        return (0..<(levels.count - 1)).map { k in
            SuperlevelRegion.polygons(grid, level: k == 0 ? -Double.infinity : levels[k])
        }
    }()

    func draw(_ ctx: DrawContext) {
        for (k, polys) in regions.enumerated() {
            var path = Path()
            for poly in polys {
                let pts = poly.compactMap { ctx.point($0.0, $0.1) }
                if pts.count > 2 { path.append(Path(polyline: pts, closed: true)) }
            }
            ctx.surface.fill(path, color: mappable.bandColor(k))
        }
    }
}
