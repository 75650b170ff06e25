/// A mean curve with a shaded band between `lower` and `upper` (e.g. one standard deviation,
/// or min–max over seeds).
///
/// Log-axis rule: on a log y axis, a band bound <= 0 is drawn at the axis floor (the lower
/// view limit), so the shaded polygon keeps every vertex and simply reaches the bottom of the
/// panel there; it is never dropped or folded. The mean line itself breaks where the mean is
/// <= 0, like any line. Non-finite x, mean or bounds split the band into separate pieces.
final class BandArtist: Artist {
    let xs: [Double], mean: [Double], lower: [Double], upper: [Double]
    let label: String?
    let color: Color
    let style: LineStyle
    let width: Double
    let alpha: Double
    let zOrder = 1

    init(xs: [Double], mean: [Double], lower: [Double], upper: [Double], label: String?,
         color: Color, style: LineStyle, width: Double, alpha: Double) {
        self.xs = xs; self.mean = mean; self.lower = lower; self.upper = upper
        self.label = label; self.color = color; self.style = style; self.width = width; self.alpha = alpha
    }

    var count: Int { min(xs.count, mean.count, lower.count, upper.count) }

    func extent(xScale: AxisScale, yScale: AxisScale) -> DataExtent {
        DataExtent(x: DataExtent.range(Array(xs.prefix(count)), xScale),
                   y: DataExtent.range(Array(lower.prefix(count)) + Array(upper.prefix(count)) + Array(mean.prefix(count)), yScale),
                   xIntegral: DataExtent.integral(Array(xs.prefix(count))), yIntegral: DataExtent.integral(Array(lower.prefix(count)) + Array(upper.prefix(count)) + Array(mean.prefix(count))))
    }

    /// Index ranges where x and both bounds are finite.
    private var pieces: [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int? = nil
        for i in 0..<count {
            let ok = xs[i].isFinite && lower[i].isFinite && upper[i].isFinite
            if ok, start == nil { start = i }
            if !ok, let s = start { result.append(s..<i); start = nil }
        }
        if let s = start { result.append(s..<count) }
        return result
    }

    func polygon(_ ctx: DrawContext, _ r: Range<Int>) -> [Point] {
        var pts: [Point] = []
        for i in r { if let px = ctx.x(xs[i]), let py = ctx.y.clampedToFloor(upper[i]) { pts.append(Point(px, py)) } }
        for i in r.reversed() { if let px = ctx.x(xs[i]), let py = ctx.y.clampedToFloor(lower[i]) { pts.append(Point(px, py)) } }
        return pts
    }

    func draw(_ ctx: DrawContext) {
        var fill = Path()
        for r in pieces { let pts = polygon(ctx, r); if pts.count > 2 { fill.append(Path(polyline: pts, closed: true)) } }
        ctx.surface.fill(fill, color: color.withAlpha(alpha))
        var line = Path()
        for run in polylineRuns(Array(xs.prefix(count)), Array(mean.prefix(count)), ctx) where run.count > 1 {
            line.append(Path(polyline: run))
        }
        ctx.surface.stroke(line, style: lineStyle)
    }

    var lineStyle: StrokeStyle { StrokeStyle(color: color, width: width, dash: style.dash(width: width)) }

    var legendEntry: LegendEntry? {
        label.map { LegendEntry(label: $0, swatch: .band(fill: color.withAlpha(alpha), line: lineStyle)) }
    }

    func obstacles(_ ctx: DrawContext) -> Obstacles {
        var o = polylineObstacles(polylineRuns(Array(xs.prefix(count)), Array(mean.prefix(count)), ctx))
        for r in pieces {
            let pts = polygon(ctx, r)
            o.points += pts
            for k in 1..<max(1, pts.count) { o.segments.append((pts[k - 1], pts[k])) }
            // vertical spans across the band so a legend cannot sit inside it
            for i in r where (i - r.lowerBound) % max(1, r.count / 20) == 0 {
                if let px = ctx.x(xs[i]), let a = ctx.y.clampedToFloor(lower[i]), let b = ctx.y.clampedToFloor(upper[i]) {
                    o.segments.append((Point(px, a), Point(px, b)))
                }
            }
        }
        return o
    }
}
