/// Contour lines of a gridded field at given levels (marching squares, see `MarchingSquares`).
/// Lines take one `color`, or the colour map's colour of their level when `color` is nil.
final class ContourLinesArtist: Artist {
    let grid: ScalarGrid
    let levels: [Double]
    let color: Color?
    let mappable: Mappable
    let width: Double
    let style: LineStyle
    let label: String?
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
        for (level, ls) in lines {
            var path = Path()
            for l in ls {
                let pts = zip(l.x, l.y).compactMap { ctx.point($0, $1) }
                if pts.count > 1 { path.append(Path(polyline: pts, closed: l.closed)) }
            }
            let c = color ?? mappable.color(for: level)
            ctx.surface.stroke(path, style: StrokeStyle(color: c, width: width, dash: style.dash(width: width), join: .round))
        }
    }

    var legendEntry: LegendEntry? {
        label.map { LegendEntry(label: $0, swatch: .line(StrokeStyle(color: color ?? mappable.color(for: levels.first ?? 0), width: width, dash: style.dash(width: width)), nil, color ?? .black)) }
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
