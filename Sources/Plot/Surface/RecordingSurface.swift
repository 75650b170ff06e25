/// A `DrawingSurface` that draws nothing and records every call, so the plot layer can be
/// tested without Cairo. Text widths are estimated as 0.55 em per character.
public final class RecordingSurface: DrawingSurface {
    public enum Call: Equatable {
        case fill(Path, Color, evenOdd: Bool)
        case stroke(Path, StrokeStyle)
        case text(String, Point, Font, Color, angle: Double)
        case image(width: Int, height: Int, Rect)
        case clip(Rect)
        case endClip
    }

    public private(set) var calls: [Call] = []

    public init() {}

    public func fill(_ path: Path, color: Color, evenOdd: Bool) { calls.append(.fill(path, color, evenOdd: evenOdd)) }
    public func stroke(_ path: Path, style: StrokeStyle) { calls.append(.stroke(path, style)) }
    public func text(_ text: String, at origin: Point, font: Font, color: Color, angle: Double) {
        calls.append(.text(text, origin, font, color, angle: angle))
    }
    public func textWidth(_ text: String, font: Font) -> Double { 0.55 * font.size * Double(text.count) }
    public func image(_ raster: Raster, in rect: Rect) { calls.append(.image(width: raster.width, height: raster.height, rect)) }
    public func withClip(_ rect: Rect, _ body: () -> Void) {
        calls.append(.clip(rect))
        body()
        calls.append(.endClip)
    }

    /// Every drawn text string, in order.
    public var texts: [String] {
        calls.compactMap { if case .text(let s, _, _, _, _) = $0 { return s } else { return nil } }
    }
}
