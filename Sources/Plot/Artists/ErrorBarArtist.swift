/// Markers at (x[i], y[i]) with vertical error bars from lower[i] to upper[i] (e.g. the final
/// objective per λ with one standard error over seeds). Bounds <= 0 on a log y axis go to
/// the axis floor, as for bands.
final class ErrorBarArtist: Artist {
    let xs: [Double], ys: [Double], lower: [Double], upper: [Double]
    let label: String?
    let color: Color
    let marker: Marker
    let connect: Bool
    let style: LineStyle
    let zOrder = 2

    init(xs: [Double], ys: [Double], lower: [Double], upper: [Double], label: String?, color: Color,
         marker: Marker, connect: Bool, style: LineStyle) {
        self.xs = xs; self.ys = ys; self.lower = lower; self.upper = upper; self.label = label
        self.color = color; self.marker = marker; self.connect = connect; self.style = style
    }

    var count: Int { min(xs.count, ys.count, lower.count, upper.count) }

    func extent(xScale: AxisScale, yScale: AxisScale) -> DataExtent {
        DataExtent(x: DataExtent.range(Array(xs.prefix(count)), xScale),
                   y: DataExtent.range(Array(lower.prefix(count)) + Array(upper.prefix(count)) + Array(ys.prefix(count)), yScale),
                   xIntegral: DataExtent.integral(Array(xs.prefix(count))), yIntegral: DataExtent.integral(Array(lower.prefix(count)) + Array(upper.prefix(count)) + Array(ys.prefix(count))))
    }

    private var lineStyle: StrokeStyle { StrokeStyle(color: color, width: 1.3, dash: style.dash(width: 1.3)) }

    func draw(_ ctx: DrawContext) {
        var bars = Path()
        for i in 0..<count {
            guard let x = ctx.x(xs[i]), let a = ctx.y.clampedToFloor(lower[i]), let b = ctx.y.clampedToFloor(upper[i]) else { continue }
            bars.move(to: Point(x, a)); bars.line(to: Point(x, b))
            bars.move(to: Point(x - 2.5, a)); bars.line(to: Point(x + 2.5, a))
            bars.move(to: Point(x - 2.5, b)); bars.line(to: Point(x + 2.5, b))
        }
        ctx.surface.stroke(bars, style: StrokeStyle(color: color, width: 1))
        if connect {
            var path = Path()
            for run in polylineRuns(Array(xs.prefix(count)), Array(ys.prefix(count)), ctx) where run.count > 1 { path.append(Path(polyline: run)) }
            ctx.surface.stroke(path, style: lineStyle)
        }
        for i in 0..<count { if let p = ctx.point(xs[i], ys[i]) { marker.draw(on: ctx.surface, at: p, size: 5, color: color, edge: .white, edgeWidth: 0.5) } }
    }

    var legendEntry: LegendEntry? {
        label.map { LegendEntry(label: $0, swatch: .line(connect ? lineStyle : StrokeStyle(color: .clear, width: 0), marker, color)) }
    }

    func obstacles(_ ctx: DrawContext) -> Obstacles {
        var o = polylineObstacles(polylineRuns(Array(xs.prefix(count)), Array(ys.prefix(count)), ctx))
        for i in 0..<count {
            if let x = ctx.x(xs[i]), let a = ctx.y.clampedToFloor(lower[i]), let b = ctx.y.clampedToFloor(upper[i]) {
                o.segments.append((Point(x, a), Point(x, b)))
            }
        }
        return o
    }
}
