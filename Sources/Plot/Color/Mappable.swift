/// The value-to-colour rule of an image, filled contour or grid map; pass it to
/// `Figure.colorbar(_:ax:label:)` to draw its colour bar.
///
/// Continuous (no `levels`): v maps to `colormap.color(at: (v − lo) / (hi − lo))`.
/// Discrete (`levels` l_0 < ... < l_n, filled contours): band k, between l_k and l_{k+1},
/// gets `colormap.color(at: (k + 0.5) / n)`, and a value v maps piecewise linearly through
/// the levels (l_k goes to k / n). For evenly spaced levels both rules agree with plain
/// linear normalization; for uneven levels (e.g. 0, 0.5, 1, 2, 4, 8) every band stays
/// distinguishable, and the colour bar gives every band the same height.
public final class Mappable {
    public let colormap: Colormap
    public let range: ClosedRange<Double>
    public let levels: [Double]?
    weak var axes: Axes?

    init(colormap: Colormap, range: ClosedRange<Double>, levels: [Double]? = nil, axes: Axes?) {
        self.colormap = colormap; self.range = range; self.levels = levels; self.axes = axes
    }

    /// Position of `v` on the colour scale, in [0, 1] (clamped).
    public func fraction(for v: Double) -> Double {
        if let levels, levels.count >= 2 {
            let n = Double(levels.count - 1)
            if v <= levels[0] { return 0 }
            for k in 0..<(levels.count - 1) where v <= levels[k + 1] {
                return (Double(k) + (v - levels[k]) / (levels[k + 1] - levels[k])) / n
            }
            return 1
        }
        let span = range.upperBound - range.lowerBound
        return span > 0 ? min(max((v - range.lowerBound) / span, 0), 1) : 0.5
    }

    /// The colour of value `v`.
    public func color(for v: Double) -> Color {
        v.isNaN ? .clear : colormap.color(at: fraction(for: v))
    }

    /// The colour of band k (between levels[k] and levels[k+1]).
    func bandColor(_ k: Int) -> Color {
        guard let levels, levels.count > 1 else { return color(for: range.lowerBound) }
        return colormap.color(at: (Double(k) + 0.5) / Double(levels.count - 1))
    }
}

/// A colour bar beside an axes.
struct ColorbarSpec {
    let mappable: Mappable
    let label: String?
    static let gap = 8.0
    static let barWidth = 10.0

    /// Horizontal space it takes to the right of the data area.
    func width(surface: DrawingSurface) -> Double {
        let tf = AxesStyle.tickFont
        let t = ticks(length: 200, surface: surface)
        let lw = t.labels.map { RichText($0, font: tf, surface: surface).width }.max() ?? 0
        var w = ColorbarSpec.gap + ColorbarSpec.barWidth + AxesStyle.tickLength + AxesStyle.tickPad + lw
        if label != nil { w += AxesStyle.labelPad + AxesStyle.labelFont.lineHeight }
        return w + 2
    }

    /// Colour-bar ticks: nice values for a continuous scale; the levels (every m-th one when
    /// they would crowd) for a discrete one.
    func ticks(length: Double, surface: DrawingSurface) -> Ticks {
        if let levels = mappable.levels, levels.count >= 2 {
            let minGap = AxesStyle.tickFont.lineHeight * 1.4
            let perBand = length / Double(levels.count - 1)
            var every = max(1, Int((minGap / perBand).rounded(.up)))
            while (levels.count - 1) % every != 0 && every < levels.count - 1 && (levels.count - 1) / every > 3 { every += 1 }
            let shown = stride(from: 0, to: levels.count, by: every).map { levels[$0] }
            let gaps = zip(shown, shown.dropFirst()).map { $1 - $0 }
            let even = gaps.allSatisfy { abs($0 - gaps[0]) <= 1e-9 * abs(gaps[0]) }
            let (labels, offset) = even ? TickFormatter.linear(shown) : (shown.map(TickFormatter.plain), nil)
            return Ticks(major: shown, minor: [], labels: labels, offsetLabel: offset)
        }
        let r = mappable.range
        let bins = min(8, max(2, Int(length / 28)))
        let major = TickLocator.linearTicks(r.lowerBound, r.upperBound, maxBins: bins)
        let (labels, offset) = TickFormatter.linear(major)
        return Ticks(major: major, minor: [], labels: labels, offsetLabel: offset)
    }

    func draw(on s: DrawingSurface, beside plot: Rect) {
        let bar = Rect(x: plot.maxX + ColorbarSpec.gap, y: plot.minY, width: ColorbarSpec.barWidth, height: plot.height)
        if let levels = mappable.levels, levels.count > 1 {
            let n = Double(levels.count - 1)
            for k in 0..<(levels.count - 1) {
                // each block runs from its lower edge to the bar top and the next one is drawn
                // over it: neighbouring blocks never leave a seam
                let y0 = bar.maxY - Double(k) / n * bar.height
                s.fill(Path(rect: Rect(x: bar.minX, y: bar.minY, width: bar.width, height: y0 - bar.minY)),
                       color: mappable.bandColor(k))
            }
        } else {
            let n = 256
            let raster = Raster(width: 1, height: n, pixels: (0..<n).map { i in
                mappable.colormap.color(at: 1 - (Double(i) + 0.5) / Double(n))
            })
            s.image(raster, in: bar)
        }
        let frame = Color(hex: 0x262626)
        s.stroke(Path(rect: bar), style: StrokeStyle(color: frame, width: 0.6, join: .miter))
        let t = ticks(length: bar.height, surface: s)
        var p = Path()
        let tf = AxesStyle.tickFont
        var maxW = 0.0
        for (v, l) in zip(t.major, t.labels) {
            let y = bar.maxY - mappable.fraction(for: v) * bar.height
            p.move(to: Point(bar.maxX, y)); p.line(to: Point(bar.maxX + AxesStyle.tickLength, y))
            let rt = RichText(l, font: tf, surface: s)
            maxW = max(maxW, rt.width)
            rt.draw(on: s, at: Point(bar.maxX + AxesStyle.tickLength + AxesStyle.tickPad, y), anchor: .left, color: .black)
        }
        s.stroke(p, style: StrokeStyle(color: frame, width: 0.6))
        if let o = t.offsetLabel {
            RichText(o, font: tf, surface: s).draw(on: s, at: Point(bar.minX, bar.minY - 3), anchor: .bottomLeft, color: .black)
        }
        if let label {
            let x = bar.maxX + AxesStyle.tickLength + AxesStyle.tickPad + maxW + AxesStyle.labelPad
            RichText(label, font: AxesStyle.labelFont, surface: s)
                .draw(on: s, at: Point(x, bar.midY), anchor: .top, color: .black, angle: Double.pi / 2)
        }
    }
}
