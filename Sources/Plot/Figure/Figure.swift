import Foundation
import LabCore

/// A figure: a grid of panels (`Axes`) on a page of a given size, saved as PNG and PDF.
///
/// ## Quick reference
///
/// ```swift
/// import Plot
///
/// // Convergence: mean with a shaded band, log axis, reference line, legend.
/// let fig = Figure(width: 6.4, height: 2.9, rows: 1, cols: 2)   // inches
/// fig.suptitle = "E1b: random Markov games (5 seeds, band = min–max)"
/// let ax = fig.axes(0, 0)
/// ax.title = "hyper-objective"; ax.xLabel = "iteration"; ax.yLabel = "F(x_{k})"
/// ax.band(x: its, mean: m, lower: lo, upper: hi, label: "PBRL-value λ=10", color: .tab10(0))
/// ax.line(x: its, y: naive, label: "naive", style: .dashed, marker: .circle, markEvery: 10)
/// ax.hline(y: fExact, label: "exact hypergradient")
/// ax.legend()                       // .best (default), .upperLeft, ..., .outsideRight
/// let bx = fig.axes(0, 1)
/// bx.yScale = .log                  // band bounds <= 0 are drawn at the axis floor
/// bx.band(x: its, mean: p, lower: pLo, upper: pHi, label: "PBRL-value λ=10")
/// fig.legend()                      // or one legend for all panels, centred below them
///
/// // Sweeps: error bars, log x axis, grid lines.
/// ax.xScale = .log; ax.grid = true
/// ax.errorBars(x: lambdas, y: finalF, lower: finalF - se, upper: finalF + se, label: "PBRL-Bellman")
///
/// // Landscapes: filled contours + contour lines + colour bar + overlays.
/// let land = Figure(width: 4.2, height: 3.4)
/// let lx = land.axes(0, 0)
/// let m = lx.filledContour(x: xs, y: ys, z: z, levels: 14)        // z[j][i] at (xs[i], ys[j])
/// lx.contour(x: xs, y: ys, z: z, levels: .values(m.levels!))      // lines on the band borders
/// lx.line(x: xs, y: yStar, label: "y*(x)", color: .white, style: .dashed)
/// lx.path(x: iterX, y: iterY, arrows: true, label: "PBRL iterates", color: .tab10(3))
/// lx.marker(x: x0, y: y0, marker: .circle, label: "start")
/// land.colorbar(m, label: "F_{λ}(x, y)")
/// // Difference fields: lx.heatmap(x: xs, y: ys, z: d, colormap: .difference, range: .symmetricAboutZero)
///
/// // Grid worlds: cells coloured by value, walls, labelled cells, occupancy overlay.
/// let g = Figure(width: 3.6, height: 3.2)
/// let gm = g.axes(0, 0).gridMap(rows: 11, cols: 11, values: incentive, walls: walls,
///                               labels: [GridCell(row: 1, col: 1): "S", GridCell(row: 9, col: 9): "G"],
///                               overlay: .circles(occupancy))           // or .numbers(values, decimals: 2)
/// g.colorbar(gm!, label: "incentive")
///
/// // Tables: Figure.table(header: [...], rows: [[...]], title: "...", bold: [GridCell(row: 0, col: 2)])
///
/// try fig.save(png: pngURL, pdf: pdfURL, dpi: 200,
///              metadata: FigureMetadata(title: "E1b convergence", commit: sha, dirty: false,
///                                       configHash: hash, experiment: "stackelberg",
///                                       extra: ["seeds": "5", "band": "min-max"]))
/// ```
///
/// ## Contract
/// - Sizes are in inches (1 inch = 72 points); fonts and line widths in points, so a figure
///   looks the same at any resolution. PNG resolution is `dpi` pixels per inch.
/// - Labels are Unicode text (DejaVu Sans, so λ, τ, γ, π render) with `^{...}` for
///   superscripts and `_{...}` for subscripts.
/// - Colours: artists without a colour take the next tab10 colour of their panel.
/// - Axis limits fit the data with a 5% margin (exactly, for images and contours) unless
///   `xLimits` / `yLimits` are set; ticks are matplotlib-style nice numbers (steps 1, 2, 2.5,
///   5, 10 × 10^k) and decades on log axes.
/// - `.best` legends sit where they cover no data; when no such spot exists they move to the
///   right of the panel. Explicit placements are kept as given.
/// - Identical inputs give identical PNG bytes and PDF bytes (fixed PDF creation date).
/// - PDF fonts are embedded as TrueType subsets (never Type 3); the PDF is vector except
///   heatmap and grid-map cells and continuous colour bars, which are embedded images.
/// - Files are written atomically (temporary file, then rename): a failed save leaves any
///   earlier file untouched.
/// - Wrong shapes (z not y.count × x.count, non-increasing grid coordinates, a panel outside
///   the grid) stop with a precondition failure naming the problem.
public final class Figure {
    /// Page width and height in inches.
    public let width: Double
    public let height: Double
    public let rows: Int
    public let cols: Int
    /// A title above all panels.
    public var suptitle: String?
    private var panels: [Int: Axes] = [:]
    private var hasFigureLegend = false
    private var figureLegendSource: [ObjectIdentifier] = []
    private var figureLegendColumns: Int?
    /// Panels that are frames of one parameter, for the interactive view (`slider`).
    var sliderSpecs: [(label: String, frames: [(value: Double, axes: Axes)])] = []
    /// The figure's content as a table, for the interactive view (`describeTable`).
    var tableSpec: (header: [String], rows: [[String]], bold: Set<GridCell>)?
    /// Outer padding of the page in points.
    static let pad = 6.0
    static let suptitleFont = Font(size: 10.5, bold: true)

    public init(width: Double = 6.4, height: Double = 4.0, rows: Int = 1, cols: Int = 1) {
        precondition(width > 0 && height > 0, "Figure size must be positive, got \(width)x\(height) inches")
        precondition(rows >= 1 && cols >= 1, "Figure needs at least one row and one column, got \(rows)x\(cols)")
        self.width = width; self.height = height; self.rows = rows; self.cols = cols
    }

    /// The panel at (`row`, `col`), 0-based from the top-left; created on first use.
    /// Panels never asked for stay blank.
    public func axes(_ row: Int, _ col: Int) -> Axes {
        precondition(row >= 0 && row < rows && col >= 0 && col < cols,
                     "axes(\(row), \(col)) is outside the \(rows)x\(cols) grid")
        let key = row * cols + col
        if let a = panels[key] { return a }
        let a = Axes(row: row, col: col)
        panels[key] = a
        return a
    }

    /// All panels asked for so far, row by row.
    var allAxes: [Axes] { panels.keys.sorted().map { panels[$0]! } }

    /// Adds a colour bar for `mappable` to the right of `ax` (default: the panel that made it).
    public func colorbar(_ mappable: Mappable, ax: Axes? = nil, label: String? = nil) {
        guard let target = ax ?? mappable.axes else { return }
        target.colorbar = ColorbarSpec(mappable: mappable, label: label)
    }

    /// One legend for the whole figure, centred below the panels: the labelled artists of
    /// `axes` (default: every panel, each label once, in panel order), in `columns` columns
    /// (default: as many as fit on one line, wrapping into more lines when needed).
    public func legend(from axes: [Axes]? = nil, columns: Int? = nil) {
        figureLegendSource = axes.map { $0.map { ObjectIdentifier($0) } } ?? []
        figureLegendColumns = columns.map { max(1, $0) }
        hasFigureLegend = true
    }

    func figureLegendBox(surface: DrawingSurface) -> LegendBox? {
        guard hasFigureLegend else { return nil }
        let sources = figureLegendSource.isEmpty ? allAxes : allAxes.filter { figureLegendSource.contains(ObjectIdentifier($0)) }
        var seen = Set<String>()
        var entries: [LegendEntry] = []
        for ax in sources { for e in ax.legendEntries where !seen.contains(e.label) { seen.insert(e.label); entries.append(e) } }
        guard !entries.isEmpty else { return nil }
        if let c = figureLegendColumns { return LegendBox(entries: entries, columns: c, title: nil, surface: surface) }
        let maxW = width * 72 - 2 * Figure.pad
        for c in stride(from: entries.count, through: 1, by: -1) {
            if let box = LegendBox(entries: entries, columns: c, title: nil, surface: surface), box.width <= maxW { return box }
        }
        return LegendBox(entries: entries, columns: 1, title: nil, surface: surface)
    }

    /// Width and height of the page in points.
    var sizeInPoints: (Double, Double) { (width * 72, height * 72) }

    /// Draws the whole figure on `surface` (white background).
    public func draw(on surface: DrawingSurface) {
        let (w, h) = sizeInPoints
        surface.fill(Path(rect: Rect(x: 0, y: 0, width: w, height: h)), color: .white)
        let layout = FigureLayout(figure: self, surface: surface)
        if let suptitle {
            RichText(suptitle, font: Figure.suptitleFont, surface: surface)
                .draw(on: surface, at: Point(w / 2, Figure.pad), anchor: .top, color: .black)
        }
        for (ax, g) in zip(allAxes, layout.geometries) { ax.draw(on: surface, geometry: g) }
        if let fl = layout.figureLegend, let r = layout.figureLegendRect { fl.draw(on: surface, in: r, frame: false) }
    }

    /// The figure as PNG bytes at `dpi`, with `metadata` in text chunks.
    public func pngData(dpi: Double = 150, metadata: FigureMetadata? = nil) throws -> Data {
        let (w, h) = sizeInPoints
        return try CairoSurface.renderPNG(widthPt: w, heightPt: h, dpi: dpi, metadata: metadata) { draw(on: $0) }
    }

    /// The figure as PDF bytes, with `metadata` in the document information.
    public func pdfData(metadata: FigureMetadata? = nil) throws -> Data {
        let (w, h) = sizeInPoints
        return try CairoSurface.renderPDF(widthPt: w, heightPt: h, metadata: metadata) { draw(on: $0) }
    }

    /// Writes the figure as PNG (at `dpi`) and/or PDF, atomically, creating parent folders.
    public func save(png: URL? = nil, pdf: URL? = nil, dpi: Double = 150, metadata: FigureMetadata = FigureMetadata()) throws {
        guard dpi > 0, dpi.isFinite else { throw PlotError.invalidInput("dpi must be a positive number, got \(dpi)") }
        let pngBytes = try png.map { _ in try pngData(dpi: dpi, metadata: metadata) }
        let pdfBytes = try pdf.map { _ in try pdfData(metadata: metadata) }
        if let png, let pngBytes { try AtomicFile.write(pngBytes, to: png) }
        if let pdf, let pdfBytes { try AtomicFile.write(pdfBytes, to: pdf) }
    }
}
