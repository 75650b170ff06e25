import Foundation

/// A path through points (e.g. optimizer iterates) with arrowheads showing its direction,
/// a small dot at each vertex (`showPoints`), and optional start/end markers.
final class PathArtist: Artist {
    let xs: [Double], ys: [Double]
    let label: String?
    let color: Color
    let width: Double
    let arrows: Bool
    let arrowCount: Int
    let showPoints: Bool
    let zOrder = 3

    init(xs: [Double], ys: [Double], label: String?, color: Color, width: Double, arrows: Bool, arrowCount: Int, showPoints: Bool) {
        self.xs = xs; self.ys = ys; self.label = label; self.color = color; self.width = width
        self.arrows = arrows; self.arrowCount = arrowCount; self.showPoints = showPoints
    }

    func extent(xScale: AxisScale, yScale: AxisScale) -> DataExtent {
        DataExtent(x: DataExtent.range(xs, xScale), y: DataExtent.range(ys, yScale),
                   xIntegral: DataExtent.integral(xs), yIntegral: DataExtent.integral(ys))
    }

    func draw(_ ctx: DrawContext) {
        let runs = polylineRuns(xs, ys, ctx)
        var path = Path()
        for r in runs where r.count > 1 { path.append(Path(polyline: r)) }
        ctx.surface.stroke(path, style: StrokeStyle(color: color, width: width, cap: .round, join: .round))
        if showPoints {
            var dots = Path()
            for r in runs { for p in r { dots.append(Path(circleAt: p, radius: width * 0.9 + 0.4)) } }
            ctx.surface.fill(dots, color: color)
        }
        guard arrows else { return }
        for r in runs where r.count > 1 {
            var cum = [0.0]
            for k in 1..<r.count { cum.append(cum[k - 1] + hypot(r[k].x - r[k - 1].x, r[k].y - r[k - 1].y)) }
            let total = cum.last!
            guard total > 0 else { continue }
            let n = max(1, min(arrowCount, Int(total / 25)))
            for a in 0..<n {
                let s = total * (Double(a) + 0.75) / Double(n)
                guard let k = cum.firstIndex(where: { $0 >= s }), k > 0 else { continue }
                let p0 = r[k - 1], p1 = r[k]
                let seg = cum[k] - cum[k - 1]
                let t = seg > 0 ? (s - cum[k - 1]) / seg : 0
                let tip = Point(p0.x + t * (p1.x - p0.x), p0.y + t * (p1.y - p0.y))
                let dx = (p1.x - p0.x) / max(seg, 1e-12), dy = (p1.y - p0.y) / max(seg, 1e-12)
                ctx.surface.fill(PathArtist.arrowhead(tip: tip, dx: dx, dy: dy, size: 4 + 2 * width), color: color)
            }
        }
    }

    /// A filled arrowhead with its tip at `tip`, pointing along the unit vector (dx, dy).
    static func arrowhead(tip: Point, dx: Double, dy: Double, size: Double) -> Path {
        let back = Point(tip.x - dx * size, tip.y - dy * size)
        let half = size * 0.45
        return Path(polyline: [tip, Point(back.x - dy * half, back.y + dx * half),
                               Point(tip.x - dx * size * 0.7, tip.y - dy * size * 0.7),
                               Point(back.x + dy * half, back.y - dx * half)], closed: true)
    }

    var legendEntry: LegendEntry? {
        label.map { LegendEntry(label: $0, swatch: .line(StrokeStyle(color: color, width: width), showPoints ? .circle : nil, color)) }
    }

    func obstacles(_ ctx: DrawContext) -> Obstacles { polylineObstacles(polylineRuns(xs, ys, ctx)) }
}

/// A text annotation at a data point (or at a fraction of the axes box).
final class TextArtist: Artist {
    let text: String
    let x: Double, y: Double
    let inAxesFraction: Bool
    let anchor: TextAnchor
    let color: Color
    let font: Font
    let background: Color?
    let zOrder = 4

    init(text: String, x: Double, y: Double, inAxesFraction: Bool, anchor: TextAnchor, color: Color, font: Font, background: Color?) {
        self.text = text; self.x = x; self.y = y; self.inAxesFraction = inAxesFraction
        self.anchor = anchor; self.color = color; self.font = font; self.background = background
    }

    func extent(xScale: AxisScale, yScale: AxisScale) -> DataExtent { .none }

    func position(_ ctx: DrawContext) -> Point? {
        if inAxesFraction { return Point(ctx.plot.minX + x * ctx.plot.width, ctx.plot.maxY - y * ctx.plot.height) }
        return ctx.point(x, y)
    }

    func draw(_ ctx: DrawContext) {
        guard let p = position(ctx) else { return }
        let rt = RichText(text, font: font, surface: ctx.surface)
        if let background {
            let b = rt.box(at: p, anchor: anchor).inset(by: -2)
            ctx.surface.fill(Path(rect: b), color: background)
        }
        rt.draw(on: ctx.surface, at: p, anchor: anchor, color: color)
    }

    func obstacles(_ ctx: DrawContext) -> Obstacles {
        guard let p = position(ctx) else { return Obstacles() }
        let b = RichText(text, font: font, surface: ctx.surface).box(at: p, anchor: anchor)
        return Obstacles(points: [Point(b.minX, b.minY), Point(b.maxX, b.minY), Point(b.minX, b.maxY), Point(b.maxX, b.maxY),
                                  Point(b.midX, b.midY)],
                         segments: [(Point(b.minX, b.midY), Point(b.maxX, b.midY))])
    }
}
