/// Unconnected markers at (x[i], y[i]).
final class ScatterArtist: Artist {
    let xs: [Double], ys: [Double]
    let label: String?
    let color: Color
    let marker: Marker
    let size: Double
    let alpha: Double
    let edge: Color?
    let zOrder: Int

    init(xs: [Double], ys: [Double], label: String?, color: Color, marker: Marker, size: Double,
         alpha: Double, edge: Color?, zOrder: Int = 3) {
        self.xs = xs; self.ys = ys; self.label = label; self.color = color; self.marker = marker
        self.size = size; self.alpha = alpha; self.edge = edge; self.zOrder = zOrder
    }

    func extent(xScale: AxisScale, yScale: AxisScale) -> DataExtent {
        DataExtent(x: DataExtent.range(xs, xScale), y: DataExtent.range(ys, yScale),
                   xIntegral: DataExtent.integral(xs), yIntegral: DataExtent.integral(ys))
    }

    func draw(_ ctx: DrawContext) {
        for i in 0..<min(xs.count, ys.count) {
            if let p = ctx.point(xs[i], ys[i]) {
                marker.draw(on: ctx.surface, at: p, size: size, color: color.withAlpha(alpha * color.alpha), edge: edge)
            }
        }
    }

    var legendEntry: LegendEntry? {
        label.map { LegendEntry(label: $0, swatch: .marker(marker, color.withAlpha(alpha * color.alpha), size: size)) }
    }

    func obstacles(_ ctx: DrawContext) -> Obstacles {
        var o = Obstacles()
        for i in 0..<min(xs.count, ys.count) { if let p = ctx.point(xs[i], ys[i]) { o.points.append(p) } }
        return o
    }
}
