/// A polyline through (x[i], y[i]) with optional markers. Points without a position
/// (NaN, or <= 0 on a log axis) break the line into separate runs.
final class LineArtist: Artist {
    let xs: [Double], ys: [Double]
    let label: String?
    let color: Color
    let style: LineStyle
    let width: Double
    let marker: Marker?
    let markerSize: Double
    let markEvery: Int
    let zOrder = 2

    init(xs: [Double], ys: [Double], label: String?, color: Color, style: LineStyle, width: Double,
         marker: Marker?, markerSize: Double, markEvery: Int) {
        self.xs = xs; self.ys = ys; self.label = label; self.color = color; self.style = style
        self.width = width; self.marker = marker; self.markerSize = markerSize; self.markEvery = max(1, markEvery)
    }

    var stroke: StrokeStyle { StrokeStyle(color: color, width: width, dash: style.dash(width: width), cap: .butt, join: .round) }

    func extent(xScale: AxisScale, yScale: AxisScale) -> DataExtent {
        DataExtent(x: DataExtent.range(xs, xScale), y: DataExtent.range(ys, yScale),
                   xIntegral: DataExtent.integral(xs), yIntegral: DataExtent.integral(ys))
    }

    func draw(_ ctx: DrawContext) {
        let runs = polylineRuns(xs, ys, ctx)
        if width > 0 {
            var path = Path()
            for run in runs where run.count > 1 { path.append(Path(polyline: run)) }
            ctx.surface.stroke(path, style: stroke)
        }
        if let marker {
            for i in stride(from: 0, to: min(xs.count, ys.count), by: markEvery) {
                if let p = ctx.point(xs[i], ys[i]) {
                    marker.draw(on: ctx.surface, at: p, size: markerSize, color: color, edge: .white, edgeWidth: 0.5)
                }
            }
        }
    }

    var legendEntry: LegendEntry? {
        label.map { LegendEntry(label: $0, swatch: .line(stroke, marker, color)) }
    }

    func obstacles(_ ctx: DrawContext) -> Obstacles { polylineObstacles(polylineRuns(xs, ys, ctx)) }
}
