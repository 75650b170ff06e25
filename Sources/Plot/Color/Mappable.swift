/// The value-to-colour rule of an image, filled contour or grid map; pass it to
/// `Figure.colorbar(_:label:)` to draw its colour bar.
///
/// Continuous: a value v maps to `colormap.color(at: (v - lo) / (hi - lo))`.
/// Discrete (`levels` set, filled contours): a value between levels[k] and levels[k+1] gets
/// the colour at the band's midpoint, (levels[k] + levels[k+1]) / 2, normalized the same way
/// over [levels.first, levels.last].
public final class Mappable {
    public let colormap: Colormap
    public let range: ClosedRange<Double>
    public let levels: [Double]?
    weak var axes: Axes?

    init(colormap: Colormap, range: ClosedRange<Double>, levels: [Double]? = nil, axes: Axes?) {
        self.colormap = colormap; self.range = range; self.levels = levels; self.axes = axes
    }

    /// The colour of value `v` on the continuous scale.
    public func color(for v: Double) -> Color {
        let span = range.upperBound - range.lowerBound
        return colormap.color(at: span > 0 ? (v - range.lowerBound) / span : 0.5)
    }

    /// The colour of band k (between levels[k] and levels[k+1]).
    func bandColor(_ k: Int) -> Color {
        guard let levels, levels.count > 1 else { return color(for: range.lowerBound) }
        return color(for: (levels[k] + levels[k + 1]) / 2)
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

    func ticks(length: Double, surface: DrawingSurface) -> Ticks {
        let r = mappable.range
        let bins = min(8, max(2, Int(length / 28)))
        let major = TickLocator.linearTicks(r.lowerBound, r.upperBound, maxBins: bins)
        let (labels, offset) = TickFormatter.linear(major)
        return Ticks(major: major, minor: [], labels: labels, offsetLabel: offset)
    }

    func draw(on s: DrawingSurface, beside plot: Rect) {
        let bar = Rect(x: plot.maxX + ColorbarSpec.gap, y: plot.minY, width: ColorbarSpec.barWidth, height: plot.height)
        let r = mappable.range
        let span = r.upperBound - r.lowerBound
        if let levels = mappable.levels, levels.count > 1 {
            for k in 0..<(levels.count - 1) {
                let y0 = bar.maxY - (levels[k] - r.lowerBound) / span * bar.height
                let y1 = bar.maxY - (levels[k + 1] - r.lowerBound) / span * bar.height
                // overlap each block with the next one by drawing it up to the bar top: no seams
                s.fill(Path(rect: Rect(x: bar.minX, y: bar.minY, width: bar.width, height: y0 - bar.minY)),
                       color: mappable.bandColor(k))
                _ = y1
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
            let y = bar.maxY - (v - r.lowerBound) / span * bar.height
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
