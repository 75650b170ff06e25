import Foundation

/// Sizes of the axes furniture, in points.
enum AxesStyle {
    static let tickFont = Font(size: 8)
    static let labelFont = Font(size: 9)
    static let titleFont = Font(size: 9.5, bold: false)
    static let tickLength = 3.5
    static let minorTickLength = 2.0
    static let tickPad = 2.5
    static let labelPad = 4.0
    static let titlePad = 6.0
    static let frameWidth = 0.8
}

/// Space an axes needs around its data area.
struct Margins {
    var left = 0.0, right = 0.0, top = 0.0, bottom = 0.0
}

/// Everything decided about one axes before drawing.
struct AxesGeometry {
    var plot: Rect
    /// The grid cell of the panel including its margins (titles are kept inside it).
    var cell: Rect = Rect(x: 0, y: 0, width: 0, height: 0)
    var xLimits: ClosedRange<Double>
    var yLimits: ClosedRange<Double>
    var xTicks: Ticks
    var yTicks: Ticks
    var legend: LegendBox?
    var legendRect: Rect?
    var outsideLegend = false

    var context: (DrawingSurface) -> DrawContext {
        { s in
            DrawContext(surface: s, plot: self.plot,
                        x: AxisMap(scale: self.xScale, lower: self.xLimits.lowerBound, upper: self.xLimits.upperBound,
                                   start: self.plot.minX, end: self.plot.maxX),
                        y: AxisMap(scale: self.yScale, lower: self.yLimits.lowerBound, upper: self.yLimits.upperBound,
                                   start: self.plot.maxY, end: self.plot.minY))
        }
    }
    var xScale: AxisScale
    var yScale: AxisScale
}

extension Axes {
    /// View limits on one axis: explicit limits, else the artists' extent with a 5% margin
    /// (in log space on a log axis), none when an artist is sticky (images, contours).
    func viewLimits(horizontal: Bool) -> ClosedRange<Double> {
        let scale = horizontal ? xScale : yScale
        if let fixed = horizontal ? xLimits : yLimits, fixed.lowerBound.isFinite, fixed.upperBound.isFinite,
           scale == .linear || fixed.lowerBound > 0 {
            if fixed.upperBound > fixed.lowerBound { return fixed }
            let v = fixed.lowerBound
            if scale == .log { return (v / 10)...(v * 10) }
            let d = v == 0 ? 1 : abs(v) * 0.1
            return (v - d)...(v + d)
        }
        var lo = Double.infinity, hi = -Double.infinity, sticky = false
        for a in artists {
            let e = a.extent(xScale: xScale, yScale: yScale)
            guard let r = horizontal ? e.x : e.y else { continue }
            lo = min(lo, r.lowerBound); hi = max(hi, r.upperBound)
            sticky = sticky || e.sticky
        }
        if lo > hi { return scale == .log ? 1...10 : 0...1 }
        if scale == .log {
            var a = log10(lo), b = log10(hi)
            if b - a < 1e-12 { a -= 0.5; b += 0.5 }
            if !sticky { let m = 0.05 * (b - a); a -= m; b += m }
            return pow(10, a)...pow(10, b)
        }
        if hi - lo <= 1e-12 * max(abs(lo), abs(hi)) {
            let d = lo == 0 ? 1 : abs(lo) * 0.1
            return (lo - d)...(hi + d)
        }
        if sticky { return lo...hi }
        let m = 0.05 * (hi - lo)
        return (lo - m)...(hi + m)
    }

    /// Whether ticks on this axis should be whole numbers: the explicit setting, else whether
    /// every artist with an opinion has only whole-number values there and the view spans at
    /// least 3 units (so a 0...1 axis keeps its 0.2 steps).
    func integerTicks(horizontal: Bool) -> Bool {
        if let fixed = horizontal ? xIntegerTicks : yIntegerTicks { return fixed }
        let limits = viewLimits(horizontal: horizontal)
        guard limits.upperBound - limits.lowerBound >= 3 else { return false }
        var any = false
        for a in artists {
            let e = a.extent(xScale: xScale, yScale: yScale)
            guard let flag = horizontal ? e.xIntegral : e.yIntegral else { continue }
            if !flag { return false }
            any = true
        }
        return any
    }

    /// Ticks for an axis `length` points long: as many as fit without labels touching.
    func ticks(limits: ClosedRange<Double>, scale: AxisScale, length: Double, horizontal: Bool,
               surface: DrawingSurface) -> Ticks {
        let font = AxesStyle.tickFont
        func fits(_ t: Ticks) -> Bool {
            guard t.major.count > 1 else { return true }
            let map = AxisMap(scale: scale, lower: limits.lowerBound, upper: limits.upperBound, start: 0, end: length)
            let pos = t.major.compactMap { map($0) }
            for k in 1..<pos.count {
                let gap = abs(pos[k] - pos[k - 1])
                let need: Double
                if horizontal {
                    let w0 = RichText(t.labels[k - 1], font: font, surface: surface).width
                    let w1 = RichText(t.labels[k], font: font, surface: surface).width
                    need = (w0 + w1) / 2 + 6
                } else {
                    need = font.lineHeight * 1.5
                }
                if gap < need { return false }
            }
            return true
        }
        // matplotlib's "auto" bin count (axis length over a few font sizes), then fewer
        // until neighbouring labels keep a gap
        let integer = integerTicks(horizontal: horizontal)
        var bins = horizontal ? min(9, max(2, Int(length / 32))) : min(9, max(2, Int(length / 20)))
        while true {
            let t: Ticks
            switch scale {
            case .linear:
                let major = TickLocator.linearTicks(limits.lowerBound, limits.upperBound, maxBins: bins, integer: integer)
                let (labels, offset) = TickFormatter.linear(major)
                t = Ticks(major: major, minor: [], labels: labels, offsetLabel: offset)
            case .log:
                let (major, minor) = TickLocator.logTicks(limits.lowerBound, limits.upperBound, maxMajor: bins + 1)
                t = Ticks(major: major, minor: minor, labels: TickFormatter.log(major), offsetLabel: nil)
            }
            if bins <= 1 || fits(t) { return t }
            bins -= 1
        }
    }

    /// Margins needed around a data area with these ticks.
    func margins(xTicks: Ticks, yTicks: Ticks, legend: LegendBox?, outsideLegend: Bool, surface: DrawingSurface) -> Margins {
        var m = Margins()
        let tf = AxesStyle.tickFont
        let tickBlock = AxesStyle.tickLength + AxesStyle.tickPad
        if showAxes {
            let yw = yTicks.labels.map { RichText($0, font: tf, surface: surface).width }.max() ?? 0
            m.left = tickBlock + yw + 2
            m.bottom = tickBlock + tf.lineHeight + (xTicks.labels.contains { $0.contains("^{") } ? 2 : 0)
            m.top = tf.lineHeight / 2
            let lastW = xTicks.labels.last.map { RichText($0, font: tf, surface: surface).width } ?? 0
            m.right = lastW / 2 + 2
            if yTicks.offsetLabel != nil { m.top = tf.lineHeight + 5 }
            if xTicks.offsetLabel != nil { m.bottom += tf.lineHeight + 1 }
        } else {
            m.left = 2; m.bottom = 2; m.top = 2; m.right = 2
        }
        if yLabel != nil { m.left += AxesStyle.labelPad + AxesStyle.labelFont.lineHeight }
        if xLabel != nil { m.bottom += AxesStyle.labelPad + AxesStyle.labelFont.lineHeight }
        if let title {
            let offsetRow = showAxes && yTicks.offsetLabel != nil ? tf.lineHeight + 3 : 0
            m.top = max(m.top, offsetRow) + RichText(title, font: AxesStyle.titleFont, surface: surface).height + AxesStyle.titlePad
        }
        var right = 0.0
        if let cb = colorbar { right += cb.width(surface: surface) }
        if outsideLegend, let legend { right += 8 + legend.width }
        m.right = max(m.right, right + 4)
        return m
    }

    /// Obstacles of every artist for the legend placement rule. Contour lines count only when
    /// no filled field (heatmap, filled contours, grid map) lies under them.
    func obstacles(_ ctx: DrawContext) -> Obstacles {
        var o = Obstacles()
        let filled = artists.contains { $0.isFilledField }
        for a in artists {
            if filled && a is ContourLinesArtist { continue }
            let b = a.obstacles(ctx)
            o.points += b.points
            o.segments += b.segments
        }
        return o
    }

    var legendEntries: [LegendEntry] { artists.compactMap { $0.legendEntry } }
}
