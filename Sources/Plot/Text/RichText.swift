import Foundation

/// Where a text box sits relative to its anchor point.
public enum TextAnchor: Sendable {
    case topLeft, top, topRight, left, center, right, bottomLeft, bottom, bottomRight, baselineLeft, baseline, baselineRight

    var horizontal: Double {
        switch self {
        case .topLeft, .left, .bottomLeft, .baselineLeft: return 0
        case .top, .center, .bottom, .baseline: return 0.5
        case .topRight, .right, .bottomRight, .baselineRight: return 1
        }
    }
}

/// A label with a minimal markup: `^{...}` raises its content as a superscript and `_{...}`
/// lowers it as a subscript (70% size), e.g. `"10^{−3}"`, `"F_{λ}(x)"`, `"π_{L}(·|A)"`.
/// Everything else is drawn verbatim (Unicode, so Greek letters are typed as such).
struct RichText {
    struct Run { var text: String; var dx: Double; var dy: Double; var font: Font }
    var runs: [Run] = []
    var width: Double = 0
    var ascent: Double
    var descent: Double

    init(_ string: String, font: Font, surface: DrawingSurface) {
        ascent = font.ascent
        descent = font.descent
        var x = 0.0
        var rest = Substring(RichText.typesetMinus(string))
        while !rest.isEmpty {
            var shift = 0.0
            var runFont = font
            var piece: Substring
            if (rest.hasPrefix("^{") || rest.hasPrefix("_{")), let close = rest.firstIndex(of: "}") {
                let sup = rest.hasPrefix("^")
                piece = rest[rest.index(rest.startIndex, offsetBy: 2)..<close]
                rest = rest[rest.index(after: close)...]
                runFont.size = font.size * 0.7
                shift = sup ? -0.42 * font.size : 0.2 * font.size
                ascent = max(ascent, -shift + runFont.ascent)
                descent = max(descent, shift + runFont.descent)
            } else {
                var end = rest.startIndex
                while end < rest.endIndex {
                    let tail = rest[end...]
                    if (tail.hasPrefix("^{") || tail.hasPrefix("_{")) && tail.contains("}") { break }
                    end = rest.index(after: end)
                }
                piece = rest[..<end]
                rest = rest[end...]
            }
            guard !piece.isEmpty else { continue }
            let s = String(piece)
            runs.append(Run(text: s, dx: x, dy: shift, font: runFont))
            x += surface.textWidth(s, font: runFont)
        }
        width = x
    }

    var height: Double { ascent + descent }

    /// Replaces a hyphen that starts a negative number ("-1.9", "(-2", "=-3", "^{-4}") by a
    /// real minus sign; hyphens inside words ("PBRL-value") stay.
    static func typesetMinus(_ s: String) -> String {
        guard s.contains("-") else { return s }
        let chars = Array(s)
        var out = ""
        for (k, c) in chars.enumerated() {
            if c == "-", k + 1 < chars.count, chars[k + 1].isNumber || chars[k + 1] == ".",
               k == 0 || " (=[,{:/×".contains(chars[k - 1]) {
                out.append("\u{2212}")
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Draws the text so that `anchor` of its box lands on `at`, rotated by `angle` radians
    /// counter-clockwise; `.left`/`.center`/`.right` centre the cap height on the point.
    func draw(on surface: DrawingSurface, at p: Point, anchor: TextAnchor, color: Color, angle: Double = 0) {
        let ox = -width * anchor.horizontal
        let oy: Double
        switch anchor {
        case .topLeft, .top, .topRight: oy = ascent
        case .left, .center, .right: oy = (runs.first?.font.capHeight ?? 0) / 2
        case .bottomLeft, .bottom, .bottomRight: oy = -descent
        case .baselineLeft, .baseline, .baselineRight: oy = 0
        }
        let c = cos(angle), s = sin(angle)
        for r in runs {
            let u = ox + r.dx, v = oy + r.dy
            let q = Point(p.x + u * c + v * s, p.y - u * s + v * c)
            surface.text(r.text, at: q, font: r.font, color: color, angle: angle)
        }
    }

    /// The unrotated box the text occupies when drawn at `p` with `anchor`.
    func box(at p: Point, anchor: TextAnchor) -> Rect {
        let x = p.x - width * anchor.horizontal
        let top: Double
        switch anchor {
        case .topLeft, .top, .topRight: top = p.y
        case .left, .center, .right: top = p.y + (runs.first?.font.capHeight ?? 0) / 2 - ascent
        case .bottomLeft, .bottom, .bottomRight: top = p.y - height
        case .baselineLeft, .baseline, .baselineRight: top = p.y - ascent
        }
        return Rect(x: x, y: top, width: width, height: height)
    }
}
