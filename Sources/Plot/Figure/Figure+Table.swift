import Foundation

extension Figure {
    /// A table drawn as a figure (booktabs style: rules above and below the header and at the
    /// end), sized to its content. The first column is left-aligned, the others centred;
    /// cells in `bold` (row index into `rows`, column index) are set in bold.
    public static func table(header: [String], rows: [[String]], title: String? = nil,
                             bold: Set<GridCell> = [], fontSize: Double = 8) -> Figure {
        let measure = CairoSurface.measuring()
        let font = Font(size: fontSize), boldFont = Font(size: fontSize, bold: true)
        let ncol = max(header.count, rows.map { $0.count }.max() ?? 0)
        var widths = [Double](repeating: 0, count: ncol)
        for (c, h) in header.enumerated() { widths[c] = max(widths[c], RichText(h, font: boldFont, surface: measure).width) }
        for row in rows { for (c, v) in row.enumerated() { widths[c] = max(widths[c], RichText(v, font: boldFont, surface: measure).width) } }
        let gap = 12.0, rowH = fontSize * 1.7, pad = 8.0
        let titleH = title.map { RichText($0, font: Font(size: fontSize + 1, bold: true), surface: measure).height + 8 } ?? 0
        let w = widths.reduce(0, +) + gap * Double(ncol - 1) + 2 * pad
        let h = titleH + rowH * Double(rows.count + 1) + 2 * pad + 6
        let fig = Figure(width: w / 72, height: h / 72)
        let ax = fig.axes(0, 0)
        ax.showAxes = false
        ax.add(TableArtist(header: header, rows: rows, title: title, bold: bold, widths: widths, gap: gap, rowHeight: rowH,
                           font: font, boldFont: boldFont, titleHeight: titleH))
        return fig
    }
}

/// Draws a table over the whole panel area; see `Figure.table`.
final class TableArtist: Artist {
    let header: [String], rows: [[String]], title: String?, bold: Set<GridCell>
    let widths: [Double], gap: Double, rowHeight: Double, font: Font, boldFont: Font, titleHeight: Double
    let zOrder = 4

    init(header: [String], rows: [[String]], title: String?, bold: Set<GridCell>, widths: [Double], gap: Double,
         rowHeight: Double, font: Font, boldFont: Font, titleHeight: Double) {
        self.header = header; self.rows = rows; self.title = title; self.bold = bold; self.widths = widths
        self.gap = gap; self.rowHeight = rowHeight; self.font = font; self.boldFont = boldFont; self.titleHeight = titleHeight
    }

    func extent(xScale: AxisScale, yScale: AxisScale) -> DataExtent { .none }

    func draw(_ ctx: DrawContext) {
        let s = ctx.surface
        let total = widths.reduce(0, +) + gap * Double(widths.count - 1)
        let x0 = ctx.plot.midX - total / 2
        var y = ctx.plot.minY
        if let title {
            RichText(title, font: Font(size: font.size + 1, bold: true), surface: s).draw(on: s, at: Point(ctx.plot.midX, y), anchor: .top, color: .black)
            y += titleHeight
        }
        let rule = { (yy: Double, w: Double) in
            s.stroke(Path(polyline: [Point(x0 - 4, yy), Point(x0 + total + 4, yy)]), style: StrokeStyle(color: .black, width: w))
        }
        rule(y, 1.0)
        func drawRow(_ cells: [String], _ yy: Double, _ r: Int?) {
            var x = x0
            for (c, text) in cells.enumerated() where c < widths.count {
                let f = r == nil || bold.contains(GridCell(row: r!, col: c)) ? boldFont : font
                let rt = RichText(text, font: f, surface: s)
                if c == 0 { rt.draw(on: s, at: Point(x, yy + rowHeight / 2), anchor: .left, color: .black) }
                else { rt.draw(on: s, at: Point(x + widths[c] / 2, yy + rowHeight / 2), anchor: .center, color: .black) }
                x += widths[c] + gap
            }
        }
        drawRow(header, y + 1, nil)
        y += rowHeight + 2
        rule(y, 0.6)
        y += 2
        for (r, row) in rows.enumerated() {
            if r > 0 && r % 3 == 0 && rows.count > 6 {
                // light separator every three rows helps reading long tables
                s.stroke(Path(polyline: [Point(x0, y), Point(x0 + total, y)]), style: StrokeStyle(color: Color(hex: 0xdddddd), width: 0.4))
            }
            drawRow(row, y, r)
            y += rowHeight
        }
        rule(y + 1, 1.0)
    }
}
