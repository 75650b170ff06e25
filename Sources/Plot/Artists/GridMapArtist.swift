import Foundation

/// A cell of a grid world: `row` 0 is the top row, `col` 0 the left column.
public struct GridCell: Hashable, Sendable {
    public var row: Int
    public var col: Int
    public init(row: Int, col: Int) { self.row = row; self.col = col }
}

/// A second layer drawn over a grid map.
public enum GridOverlay: Sendable {
    case none
    /// A circle in each cell with area proportional to the value (largest value: radius 0.42
    /// of a cell), e.g. state occupancy; `values[row][col]`.
    case circles([[Double]], color: Color = .white)
    /// The value printed in each cell with `decimals` decimals; `values[row][col]`, NaN skipped.
    case numbers([[Double]], decimals: Int = 2)
}

/// A grid world picture: cells coloured by value, walls, labelled special cells, overlay.
///
/// Data coordinates: cell (row, col) spans x in [col, col + 1] and y in
/// [rows − row − 1, rows − row], so row 0 is drawn at the top. Cell colours are one raster
/// (no seams between cells); cells without a value (NaN, or no `values`) are white; walls are
/// dark gray; thin white lines separate cells.
final class GridMapArtist: Artist {
    var isFilledField: Bool { true }
    let rows: Int, cols: Int
    let values: [[Double]]?
    let walls: Set<GridCell>
    let labels: [GridCell: String]
    let overlay: GridOverlay
    let mappable: Mappable?
    let wallColor = Color(hex: 0x3a3a3a)
    let zOrder = 0

    init(rows: Int, cols: Int, values: [[Double]]?, walls: Set<GridCell>, labels: [GridCell: String],
         overlay: GridOverlay, mappable: Mappable?) {
        self.rows = rows; self.cols = cols; self.values = values; self.walls = walls
        self.labels = labels; self.overlay = overlay; self.mappable = mappable
    }

    func extent(xScale: AxisScale, yScale: AxisScale) -> DataExtent {
        DataExtent(x: 0...Double(cols), y: 0...Double(rows), sticky: true)
    }

    func cellRect(_ c: GridCell, _ ctx: DrawContext) -> Rect? {
        guard let x0 = ctx.x(Double(c.col)), let x1 = ctx.x(Double(c.col + 1)),
              let y0 = ctx.y(Double(rows - c.row)), let y1 = ctx.y(Double(rows - c.row - 1)) else { return nil }
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    func value(_ r: Int, _ c: Int) -> Double {
        guard let values, r < values.count, c < values[r].count else { return .nan }
        return values[r][c]
    }

    func draw(_ ctx: DrawContext) {
        let s = ctx.surface
        var pixels: [Color] = []
        for r in 0..<rows {
            for c in 0..<cols {
                let v = value(r, c)
                if walls.contains(GridCell(row: r, col: c)) { pixels.append(wallColor) }
                else if v.isFinite, let m = mappable { pixels.append(m.color(for: v)) }
                else { pixels.append(.white) }
            }
        }
        guard let all = ctx.point(0, Double(rows)), let end = ctx.point(Double(cols), 0) else { return }
        let full = Rect(x: all.x, y: all.y, width: end.x - all.x, height: end.y - all.y)
        s.image(Raster(width: cols, height: rows, pixels: pixels), in: full)
        var lines = Path()
        for c in 1..<max(1, cols) { if let x = ctx.x(Double(c)) { lines.move(to: Point(x, full.minY)); lines.line(to: Point(x, full.maxY)) } }
        for r in 1..<max(1, rows) { if let y = ctx.y(Double(r)) { lines.move(to: Point(full.minX, y)); lines.line(to: Point(full.maxX, y)) } }
        s.stroke(lines, style: StrokeStyle(color: Color(hex: 0xffffff, alpha: 0.55), width: 0.5))
        var wallPath = Path()
        for w in walls.sorted(by: { ($0.row, $0.col) < ($1.row, $1.col) }) {
            if let r = cellRect(w, ctx) { wallPath.append(Path(rect: r)) }
        }
        s.fill(wallPath, color: wallColor)
        let cell = full.width / Double(max(cols, 1))
        switch overlay {
        case .none: break
        case .circles(let occ, let color):
            let vmax = occ.flatMap { $0 }.filter { $0.isFinite }.max() ?? 0
            guard vmax > 0 else { break }
            var circles = Path()
            for r in 0..<min(rows, occ.count) {
                for c in 0..<min(cols, occ[r].count) where occ[r][c].isFinite && occ[r][c] > 0 {
                    guard let rect = cellRect(GridCell(row: r, col: c), ctx) else { continue }
                    let radius = 0.42 * cell * sqrt(occ[r][c] / vmax)
                    if radius > 0.3 { circles.append(Path(circleAt: Point(rect.midX, rect.midY), radius: radius)) }
                }
            }
            s.fill(circles, color: color.withAlpha(0.9))
            s.stroke(circles, style: StrokeStyle(color: Color(hex: 0x222222), width: 0.5))
        case .numbers(let vals, let decimals):
            let font = Font(size: min(8, cell * 0.32))
            for r in 0..<min(rows, vals.count) {
                for c in 0..<min(cols, vals[r].count) where vals[r][c].isFinite && labels[GridCell(row: r, col: c)] == nil {
                    guard let rect = cellRect(GridCell(row: r, col: c), ctx) else { continue }
                    let bg = pixels[r * cols + c]
                    let text = String(format: "%.\(decimals)f", vals[r][c]).replacingOccurrences(of: "-", with: "\u{2212}")
                    RichText(text, font: font, surface: s).draw(on: s, at: Point(rect.midX, rect.midY), anchor: .center,
                                                                color: bg.luminance > 0.45 ? .black : .white)
                }
            }
        }
        let labelFont = Font(size: min(11, cell * 0.55), bold: true)
        for (c, text) in labels.sorted(by: { ($0.key.row, $0.key.col) < ($1.key.row, $1.key.col) }) {
            guard let rect = cellRect(c, ctx) else { continue }
            let bg = c.row < rows && c.col < cols ? pixels[c.row * cols + c.col] : .white
            let rt = RichText(text, font: labelFont, surface: s)
            let centre = Point(rect.midX, rect.midY)
            if case .circles = overlay {
                // over an occupancy circle the label sits on a small white badge
                let b = rt.box(at: centre, anchor: .center).inset(by: -1.2)
                s.fill(Path(rect: b), color: Color.white.withAlpha(0.92))
                s.stroke(Path(rect: b), style: StrokeStyle(color: Color(hex: 0x222222), width: 0.4, join: .miter))
                rt.draw(on: s, at: centre, anchor: .center, color: .black)
            } else {
                rt.draw(on: s, at: centre, anchor: .center, color: bg.luminance > 0.45 ? .black : .white)
            }
        }
        s.stroke(Path(rect: full), style: StrokeStyle(color: wallColor, width: 1.2, join: .miter))
    }
}
