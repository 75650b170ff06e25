import Foundation

/// A map from [0, 1] to colours.
///
/// Two kinds of tables are interpolated linearly:
/// - a *listed* table of n entries (viridis, n = 256), where entry k starts at t = k / n,
///   exactly as matplotlib's n-bin lookup does, so `viridis.color(at: 0.5)` is entry 128
///   (0.127568, 0.566949, 0.550556); t in [255/256, 1] gives the last entry;
/// - a *segmented* table of n anchors at t = k / (n - 1) (the diverging `rdBu`).
/// Values outside [0, 1] are clamped; NaN gives a transparent colour.
public struct Colormap: Equatable, Sendable {
    public let name: String
    let table: [Color]
    let listed: Bool

    public init(name: String, anchors: [Color]) {
        precondition(anchors.count >= 2, "a colour map needs at least two anchors")
        self.name = name; self.table = anchors; self.listed = false
    }

    init(name: String, listed: [Color]) {
        self.name = name; self.table = listed; self.listed = true
    }

    /// The colour at `t` in [0, 1].
    public func color(at t: Double) -> Color {
        guard !t.isNaN else { return .clear }
        let u = min(max(t, 0), 1)
        let n = table.count
        let p = listed ? min(u * Double(n), Double(n - 1)) : u * Double(n - 1)
        let k = min(Int(floor(p)), n - 2)
        return table[k].mixed(with: table[k + 1], p - Double(k))
    }

    /// The same map running the other way.
    public var reversed: Colormap {
        listed ? Colormap(name: name + "_r", listed: table.reversed())
               : Colormap(name: name + "_r", anchors: table.reversed())
    }

    /// Perceptually uniform sequential map: dark purple (low) to yellow (high).
    public static let viridis = Colormap(name: "viridis",
        listed: viridisTable.map { Color(red: $0.0, green: $0.1, blue: $0.2) })

    /// Diverging ColorBrewer RdBu (11 anchors): dark red (low), white (middle), dark blue (high).
    public static let rdBu = Colormap(name: "RdBu", anchors: [
        0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7,
        0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac, 0x053061].map { Color(hex: $0) })

    /// Diverging map for difference fields: blue for negative, white at zero, red for positive
    /// (RdBu reversed). Pair it with a range symmetric about zero.
    public static let difference = rdBu.reversed

    /// Sequential ColorBrewer Blues (9 anchors): near white (low) to dark blue (high).
    public static let blues = Colormap(name: "Blues", anchors: [
        0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b].map { Color(hex: $0) })

    /// White (low) to black (high).
    public static let grays = Colormap(name: "Greys", anchors: [Color(hex: 0xffffff), Color(hex: 0x000000)])
}
