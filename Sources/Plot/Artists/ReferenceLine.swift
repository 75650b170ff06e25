/// A horizontal (`y = value`) or vertical (`x = value`) line across the whole axes,
/// e.g. the exact-hypergradient result. Its value is included when autoscaling that axis.
final class ReferenceLine: Artist {
    enum Orientation { case horizontal, vertical }
    let orientation: Orientation
    let value: Double
    let label: String?
    let color: Color
    let style: LineStyle
    let width: Double
    let zOrder = 2

    init(_ orientation: Orientation, value: Double, label: String?, color: Color, style: LineStyle, width: Double) {
        self.orientation = orientation; self.value = value; self.label = label
        self.color = color; self.style = style; self.width = width
    }

    var stroke: StrokeStyle { StrokeStyle(color: color, width: width, dash: style.dash(width: width)) }

    func extent(xScale: AxisScale, yScale: AxisScale) -> DataExtent {
        switch orientation {
        case .horizontal: return DataExtent(x: nil, y: DataExtent.range([value], yScale))
        case .vertical: return DataExtent(x: DataExtent.range([value], xScale), y: nil)
        }
    }

    private func endpoints(_ ctx: DrawContext) -> (Point, Point)? {
        switch orientation {
        case .horizontal:
            guard let y = ctx.y(value) else { return nil }
            return (Point(ctx.plot.minX, y), Point(ctx.plot.maxX, y))
        case .vertical:
            guard let x = ctx.x(value) else { return nil }
            return (Point(x, ctx.plot.minY), Point(x, ctx.plot.maxY))
        }
    }

    func draw(_ ctx: DrawContext) {
        guard let (a, b) = endpoints(ctx) else { return }
        ctx.surface.stroke(Path(polyline: [a, b]), style: stroke)
    }

    var legendEntry: LegendEntry? { label.map { LegendEntry(label: $0, swatch: .line(stroke, nil, color)) } }

    func obstacles(_ ctx: DrawContext) -> Obstacles {
        guard let (a, b) = endpoints(ctx) else { return Obstacles() }
        return Obstacles(points: [], segments: [(a, b)])
    }
}
