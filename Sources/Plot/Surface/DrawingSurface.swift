/// How a path is outlined.
public struct StrokeStyle: Equatable, Sendable {
    public enum Cap: Sendable { case butt, round, square }
    public enum Join: Sendable { case miter, round, bevel }
    public var color: Color
    /// Line width in points.
    public var width: Double
    /// Dash pattern in points (on, off, on, ...); empty for a solid line.
    public var dash: [Double]
    public var cap: Cap
    public var join: Join

    public init(color: Color, width: Double = 1, dash: [Double] = [], cap: Cap = .butt, join: Join = .round) {
        self.color = color; self.width = width; self.dash = dash; self.cap = cap; self.join = join
    }
}

/// A font request. Every figure uses one family (DejaVu Sans by default), which covers the
/// Greek letters the paper's symbols need (λ, τ, γ, π).
public struct Font: Equatable, Sendable {
    public var size: Double
    public var bold: Bool
    public var italic: Bool
    public var family: String

    public init(size: Double, bold: Bool = false, italic: Bool = false, family: String = "DejaVu Sans") {
        self.size = size; self.bold = bold; self.italic = italic; self.family = family
    }

    /// Typographic box used for layout: the baseline sits `ascent` below the top of a text box
    /// and `descent` above its bottom. Fixed fractions of the size (DejaVu Sans' cap height is
    /// 0.73 em), so layout does not depend on which glyphs a label happens to contain.
    public var ascent: Double { 0.76 * size }
    public var descent: Double { 0.24 * size }
    public var capHeight: Double { 0.73 * size }
    public var lineHeight: Double { ascent + descent }
}

/// A row-major image with `width * height` colours, row 0 at the top.
public struct Raster: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [Color]

    public init(width: Int, height: Int, pixels: [Color]) {
        precondition(pixels.count == width * height, "Raster needs width*height pixels")
        self.width = width; self.height = height; self.pixels = pixels
    }

    public subscript(x: Int, y: Int) -> Color { pixels[y * width + x] }
}

/// The few primitives a figure needs. Everything above this protocol (axes, ticks, legends,
/// contours, colour bars) is built from these and knows nothing of Cairo; `CairoSurface` is
/// the one implementation that draws, `RecordingSurface` records calls for tests.
///
/// Coordinates are points (1/72 inch) with the origin at the top-left corner, y downwards.
public protocol DrawingSurface: AnyObject {
    /// Fills `path` (non-zero winding rule unless `evenOdd`).
    func fill(_ path: Path, color: Color, evenOdd: Bool)
    /// Strokes `path`.
    func stroke(_ path: Path, style: StrokeStyle)
    /// Draws `text` with its baseline starting at `origin`, rotated by `angle` radians
    /// counter-clockwise as seen on the page.
    func text(_ text: String, at origin: Point, font: Font, color: Color, angle: Double)
    /// Advance width of `text` in points.
    func textWidth(_ text: String, font: Font) -> Double
    /// Paints `raster` stretched over `rect`, pixels as sharp squares (no smoothing).
    func image(_ raster: Raster, in rect: Rect)
    /// Restricts drawing inside `body` to `rect`.
    func withClip(_ rect: Rect, _ body: () -> Void)
}

extension DrawingSurface {
    public func fill(_ path: Path, color: Color) { fill(path, color: color, evenOdd: false) }
}
