import Foundation
import Plot

/// Two renderings of one figure compared pixel by pixel (through Plot's `PixelDiff`).
///
/// A pixel counts as changed when any of its 8-bit channels differs. Figures of different
/// sizes are compared on the larger canvas (pixels outside either count as changed) and the
/// mismatch is named. The difference image shows unchanged pixels as a faded copy of A and
/// changed ones in red, darker for a larger change.
public struct PixelDifference: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var changedPixels: Int
    /// Largest channel difference, 0...255.
    public var maxChannelDifference: Int
    /// e.g. "1280×800 vs 1280×820 pixels" when the sizes differ.
    public var sizeMismatch: String?

    /// Share of changed pixels in [0, 1].
    public var share: Double { width * height == 0 ? 0 : Double(changedPixels) / Double(width * height) }

    /// Compares two PNG files; returns the comparison and the difference image's PNG bytes.
    public static func compare(pngA: Data, pngB: Data) throws -> (PixelDifference, Data) {
        let a = try decodePNG(pngA), b = try decodePNG(pngB)
        let diff = PixelDiff(a, b)
        let mismatch = a.width == b.width && a.height == b.height
            ? nil : "\(a.width)×\(a.height) vs \(b.width)×\(b.height) pixels"
        return (PixelDifference(width: diff.width, height: diff.height, changedPixels: diff.changedPixels,
                                maxChannelDifference: diff.maxChannelDifference, sizeMismatch: mismatch),
                try encodePNG(diff.image))
    }
}
