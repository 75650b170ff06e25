/// Where a legend goes.
public enum LegendPlacement: Sendable, CaseIterable {
    /// The in-panel spot (in the order below) that covers the fewest data points and line
    /// segments; `outsideRight` when every spot covers some.
    case best
    case upperRight, upperLeft, lowerLeft, lowerRight, centerRight, centerLeft, lowerCenter, upperCenter, center
    /// To the right of the panel (and of its colour bar), top-aligned.
    case outsideRight

    static let inside: [LegendPlacement] = [.upperRight, .upperLeft, .lowerLeft, .lowerRight, .centerRight,
                                            .centerLeft, .lowerCenter, .upperCenter, .center]
}

/// The measured box of a legend and how to draw it.
struct LegendBox {
    static let font = Font(size: 8)
    static let pad = 4.0
    static let swatchWidth = 20.0
    static let swatchGap = 5.0
    static let columnGap = 10.0
    static let rowHeight = 11.5
    static let inset = 5.0

    let entries: [LegendEntry]
    let labels: [RichText]
    let title: RichText?
    let columns: Int
    let columnWidths: [Double]
    let width: Double
    let height: Double

    init?(entries: [LegendEntry], columns: Int, title: String?, surface: DrawingSurface) {
        guard !entries.isEmpty else { return nil }
        self.entries = entries
        labels = entries.map { RichText($0.label, font: LegendBox.font, surface: surface) }
        self.title = title.map { RichText($0, font: Font(size: LegendBox.font.size, bold: true), surface: surface) }
        let cols = min(columns, entries.count)
        self.columns = cols
        let rows = (entries.count + cols - 1) / cols
        var widths = [Double](repeating: 0, count: cols)
        for (k, l) in labels.enumerated() {
            widths[k / rows] = max(widths[k / rows], LegendBox.swatchWidth + LegendBox.swatchGap + l.width)
        }
        columnWidths = widths
        let w = widths.reduce(0, +) + Double(cols - 1) * LegendBox.columnGap + 2 * LegendBox.pad
        width = max(w, (self.title?.width ?? 0) + 2 * LegendBox.pad)
        height = Double(rows) * LegendBox.rowHeight + 2 * LegendBox.pad - 2 + (self.title != nil ? LegendBox.rowHeight : 0)
    }

    var rows: Int { (entries.count + columns - 1) / columns }

    /// The legend's rectangle for an in-panel `placement` within `plot`.
    func rect(_ placement: LegendPlacement, in plot: Rect) -> Rect {
        let i = LegendBox.inset
        let left = plot.minX + i, right = plot.maxX - i - width, cx = plot.midX - width / 2
        let top = plot.minY + i, bottom = plot.maxY - i - height, cy = plot.midY - height / 2
        let (x, y): (Double, Double)
        switch placement {
        case .upperRight, .best: (x, y) = (right, top)
        case .upperLeft: (x, y) = (left, top)
        case .lowerLeft: (x, y) = (left, bottom)
        case .lowerRight: (x, y) = (right, bottom)
        case .centerRight: (x, y) = (right, cy)
        case .centerLeft: (x, y) = (left, cy)
        case .lowerCenter: (x, y) = (cx, bottom)
        case .upperCenter: (x, y) = (cx, top)
        case .center: (x, y) = (cx, cy)
        case .outsideRight: (x, y) = (plot.maxX + 8, plot.minY)
        }
        return Rect(x: x, y: y, width: width, height: height)
    }

    /// How much of the data a legend at `r` would hide: obstacle points inside plus segments crossing.
    static func badness(_ r: Rect, _ o: Obstacles) -> Int {
        let grown = r.inset(by: -2)
        var n = 0
        for p in o.points where grown.contains(p) { n += 1 }
        for (a, b) in o.segments where grown.intersectsSegment(a, b) { n += 1 }
        return n
    }

    /// The best in-panel placement and its badness.
    func best(in plot: Rect, obstacles: Obstacles) -> (LegendPlacement, Int) {
        var choice = LegendPlacement.upperRight, least = Int.max
        for p in LegendPlacement.inside {
            let r = rect(p, in: plot)
            guard r.minX >= plot.minX, r.minY >= plot.minY, r.maxX <= plot.maxX, r.maxY <= plot.maxY else { continue }
            let b = LegendBox.badness(r, obstacles)
            if b < least { least = b; choice = p }
        }
        return (choice, least)
    }

    func draw(on s: DrawingSurface, in r: Rect, frame: Bool = true) {
        if frame {
            s.fill(Path(rect: r), color: Color.white.withAlpha(0.9))
            s.stroke(Path(rect: r), style: StrokeStyle(color: Color(hex: 0xcccccc), width: 0.6))
        }
        var y0 = r.minY + LegendBox.pad
        if let title {
            title.draw(on: s, at: Point(r.minX + LegendBox.pad, y0 + LegendBox.rowHeight / 2), anchor: .left, color: .black)
            y0 += LegendBox.rowHeight
        }
        var x = r.minX + LegendBox.pad
        for c in 0..<columns {
            for k in 0..<rows {
                let idx = c * rows + k
                guard idx < entries.count else { break }
                let cy = y0 + (Double(k) + 0.5) * LegendBox.rowHeight - 1
                drawSwatch(entries[idx].swatch, on: s, x: x, cy: cy)
                labels[idx].draw(on: s, at: Point(x + LegendBox.swatchWidth + LegendBox.swatchGap, cy), anchor: .left, color: .black)
            }
            x += columnWidths[c] + LegendBox.columnGap
        }
    }

    private func drawSwatch(_ sw: LegendEntry.Swatch, on s: DrawingSurface, x: Double, cy: Double) {
        let w = LegendBox.swatchWidth
        switch sw {
        case .line(let style, let marker, let color):
            if style.color.luminance > 0.8 {
                // a light line (e.g. white on a dark landscape) is shown on a dark patch
                s.fill(Path(rect: Rect(x: x - 1, y: cy - 4, width: w + 2, height: 8)), color: Color(hex: 0x4a4a4a))
            }
            s.stroke(Path(polyline: [Point(x, cy), Point(x + w, cy)]), style: style)
            marker?.draw(on: s, at: Point(x + w / 2, cy), size: 5, color: color, edge: .white, edgeWidth: 0.5)
        case .band(let fill, let line):
            s.fill(Path(rect: Rect(x: x, y: cy - 4, width: w, height: 8)), color: fill)
            if let line { s.stroke(Path(polyline: [Point(x, cy), Point(x + w, cy)]), style: line) }
        case .marker(let m, let color, let size):
            m.draw(on: s, at: Point(x + w / 2, cy), size: min(size, 7), color: color)
        case .patch(let color):
            s.fill(Path(rect: Rect(x: x + 3, y: cy - 4.5, width: w - 6, height: 9)), color: color)
        }
    }
}
