/// An sRGB colour with straight (not premultiplied) alpha, each component in [0, 1].
public struct Color: Equatable, Hashable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red; self.green = green; self.blue = blue; self.alpha = alpha
    }

    /// A colour from a 24-bit hex literal, e.g. `Color(hex: 0x1f77b4)`.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double((hex >> 16) & 0xff) / 255,
                  green: Double((hex >> 8) & 0xff) / 255,
                  blue: Double(hex & 0xff) / 255, alpha: alpha)
    }

    /// The same colour with alpha replaced.
    public func withAlpha(_ a: Double) -> Color { Color(red: red, green: green, blue: blue, alpha: a) }

    /// Linear mix: `t = 0` gives `self`, `t = 1` gives `other`.
    public func mixed(with other: Color, _ t: Double) -> Color {
        Color(red: red + (other.red - red) * t, green: green + (other.green - green) * t,
              blue: blue + (other.blue - blue) * t, alpha: alpha + (other.alpha - alpha) * t)
    }

    /// Relative luminance (Rec. 709 weights on sRGB values); used to pick black or white text.
    public var luminance: Double { 0.2126 * red + 0.7152 * green + 0.0722 * blue }

    public static let black = Color(red: 0, green: 0, blue: 0)
    public static let white = Color(red: 1, green: 1, blue: 1)
    public static let gray = Color(hex: 0x7f7f7f)
    public static let lightGray = Color(hex: 0xd9d9d9)
    public static let clear = Color(red: 0, green: 0, blue: 0, alpha: 0)

    /// matplotlib's default qualitative cycle ("tab10"); `index` wraps around.
    public static func tab10(_ index: Int) -> Color {
        let table: [UInt32] = [0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
                               0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf]
        return Color(hex: table[((index % 10) + 10) % 10])
    }
}
