import Foundation

/// A pixel-by-pixel comparison of two images (e.g. a figure at two commits, or a figure and
/// its regression baseline).
///
/// A pixel counts as changed when any of its 8-bit channels (R, G, B, A) differs by more than
/// `tolerance`. Images of different sizes are compared on the larger canvas, pixels outside
/// either image counting as changed. The diff `image` shows unchanged pixels as a faded gray
/// copy of `a` and changed pixels in red, darker for larger differences.
public struct PixelDiff {
    public let width: Int
    public let height: Int
    public let changedPixels: Int
    /// Largest channel difference found, 0...255.
    public let maxChannelDifference: Int
    public let image: Raster

    public var totalPixels: Int { width * height }
    /// Share of changed pixels, in [0, 1].
    public var changedFraction: Double { totalPixels == 0 ? 0 : Double(changedPixels) / Double(totalPixels) }

    public init(_ a: Raster, _ b: Raster, tolerance: Int = 0) {
        width = max(a.width, b.width); height = max(a.height, b.height)
        var changed = 0, maxDiff = 0
        var pixels: [Color] = []
        pixels.reserveCapacity(width * height)
        func q(_ v: Double) -> Int { Int((min(max(v, 0), 1) * 255).rounded()) }
        for y in 0..<height {
            for x in 0..<width {
                guard x < a.width, y < a.height, x < b.width, y < b.height else {
                    changed += 1; maxDiff = 255
                    pixels.append(Color(red: 0.85, green: 0, blue: 0))
                    continue
                }
                let p = a[x, y], r = b[x, y]
                let d = max(abs(q(p.red * p.alpha) - q(r.red * r.alpha)), abs(q(p.green * p.alpha) - q(r.green * r.alpha)),
                            abs(q(p.blue * p.alpha) - q(r.blue * r.alpha)), abs(q(p.alpha) - q(r.alpha)))
                maxDiff = max(maxDiff, d)
                if d > tolerance {
                    changed += 1
                    let s = 0.35 + 0.65 * Double(d) / 255
                    pixels.append(Color(red: 1 - 0.15 * s, green: 0.75 * (1 - s), blue: 0.75 * (1 - s)))
                } else {
                    let l = p.alpha * p.luminance + (1 - p.alpha)
                    let g = 0.78 + 0.22 * l
                    pixels.append(Color(red: g, green: g, blue: g))
                }
            }
        }
        changedPixels = changed
        maxChannelDifference = maxDiff
        image = Raster(width: width, height: height, pixels: pixels)
    }
}

/// PNG bytes of a raster (no metadata), e.g. to write a diff image.
public func encodePNG(_ raster: Raster) throws -> Data {
    try CairoSurface.renderPNG(widthPt: Double(raster.width), heightPt: Double(raster.height), dpi: 72, metadata: nil) { s in
        s.image(raster, in: Rect(x: 0, y: 0, width: Double(raster.width), height: Double(raster.height)))
    }
}
