import Foundation

/// Dash pattern of a line, scaled by its width like matplotlib's.
public enum LineStyle: Sendable {
    case solid, dashed, dotted, dashDot

    func dash(width: Double) -> [Double] {
        let w = max(width, 1)
        switch self {
        case .solid: return []
        case .dashed: return [3.7 * w, 1.6 * w]
        case .dotted: return [1 * w, 1.65 * w]
        case .dashDot: return [6.4 * w, 1.6 * w, 1 * w, 1.6 * w]
        }
    }
}

/// Marker shapes for data points.
public enum Marker: Sendable, CaseIterable {
    case circle, square, triangleUp, triangleDown, diamond, plus, cross, star

    /// Whether the shape is drawn by its outline only (plus, cross).
    var isStroked: Bool { self == .plus || self == .cross }

    /// The marker centred on `c`, `size` points across.
    func path(at c: Point, size: Double) -> Path {
        let r = size / 2
        switch self {
        case .circle: return Path(circleAt: c, radius: r)
        case .square:
            let s = r * 0.9
            return Path(rect: Rect(x: c.x - s, y: c.y - s, width: 2 * s, height: 2 * s))
        case .triangleUp, .triangleDown:
            let d: Double = self == .triangleUp ? -1 : 1
            return Path(polyline: [Point(c.x, c.y + d * r * 1.1), Point(c.x - r, c.y - d * r * 0.7),
                                   Point(c.x + r, c.y - d * r * 0.7)], closed: true)
        case .diamond:
            return Path(polyline: [Point(c.x, c.y - r * 1.15), Point(c.x + r * 0.8, c.y),
                                   Point(c.x, c.y + r * 1.15), Point(c.x - r * 0.8, c.y)], closed: true)
        case .plus:
            var p = Path()
            p.move(to: Point(c.x - r, c.y)); p.line(to: Point(c.x + r, c.y))
            p.move(to: Point(c.x, c.y - r)); p.line(to: Point(c.x, c.y + r))
            return p
        case .cross:
            var p = Path()
            let s = r * 0.8
            p.move(to: Point(c.x - s, c.y - s)); p.line(to: Point(c.x + s, c.y + s))
            p.move(to: Point(c.x - s, c.y + s)); p.line(to: Point(c.x + s, c.y - s))
            return p
        case .star:
            var pts: [Point] = []
            for k in 0..<10 {
                let rr = k % 2 == 0 ? r * 1.2 : r * 0.5
                let t = -Double.pi / 2 + Double(k) * Double.pi / 5
                pts.append(Point(c.x + rr * cos(t), c.y + rr * sin(t)))
            }
            return Path(polyline: pts, closed: true)
        }
    }

    /// Draws the marker: filled with `color` and a thin `edge` outline (strokes for plus/cross).
    func draw(on s: DrawingSurface, at c: Point, size: Double, color: Color, edge: Color? = nil, edgeWidth: Double = 0.6) {
        let p = path(at: c, size: size)
        if isStroked {
            s.stroke(p, style: StrokeStyle(color: color, width: max(1.2, size / 5), cap: .round))
        } else {
            s.fill(p, color: color)
            if let edge { s.stroke(p, style: StrokeStyle(color: edge, width: edgeWidth)) }
        }
    }
}
