/// One panel of a figure: a data area with two axes, a title, labels, a legend, and the
/// artists (lines, bands, contours, ...) drawn in it. Obtain one with `Figure.axes(_:_:)`.
///
/// Artists without an explicit colour take the next colour of matplotlib's tab10 cycle.
/// Axis limits follow the data with a 5% margin (none on an axis that holds an image or
/// contours) unless `xLimits` / `yLimits` are set.
public final class Axes {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    public var xScale: AxisScale = .linear
    public var yScale: AxisScale = .linear
    /// Fixed view limits; nil means "fit the data".
    public var xLimits: ClosedRange<Double>?
    public var yLimits: ClosedRange<Double>?
    /// Light grid lines at the major ticks.
    public var grid = false
    /// Draw the frame, ticks and tick labels (off for grid maps and pictures).
    public var showAxes = true
    /// One data unit has the same length on both axes (landscapes in equal units, grid maps).
    public var equalAspect = false
    /// Whole-number ticks only (steps 1, 2, 5, 10 × 10^k, never 2.5). nil (default): automatic,
    /// on when every curve's values on that axis are whole numbers (e.g. iteration counts).
    public var xIntegerTicks: Bool?
    public var yIntegerTicks: Bool?

    let row: Int, col: Int
    var artists: [Artist] = []
    var legendPlacement: LegendPlacement?
    var legendColumns = 1
    var legendTitle: String?
    var colorbar: ColorbarSpec?
    private var cycleIndex = 0

    init(row: Int, col: Int) { self.row = row; self.col = col }

    func nextColor() -> Color {
        defer { cycleIndex += 1 }
        return .tab10(cycleIndex)
    }

    func add(_ a: Artist) { artists.append(a) }

    // MARK: - Curves

    /// A line through (x[i], y[i]); NaN (or <= 0 on a log axis) leaves a gap.
    /// - Parameters:
    ///   - marker: drawn at every `markEvery`-th point, `markerSize` points across.
    public func line(x: [Double], y: [Double], label: String? = nil, color: Color? = nil,
                     style: LineStyle = .solid, width: Double = 1.5, marker: Marker? = nil,
                     markerSize: Double = 5, markEvery: Int = 1) {
        add(LineArtist(xs: x, ys: y, label: label, color: color ?? nextColor(), style: style, width: width,
                       marker: marker, markerSize: markerSize, markEvery: markEvery))
    }

    /// A mean curve with a shaded band from `lower` to `upper` (alpha `alpha`).
    /// On a log y axis, bounds <= 0 are drawn at the axis floor (see `BandArtist`).
    public func band(x: [Double], mean: [Double], lower: [Double], upper: [Double], label: String? = nil,
                     color: Color? = nil, style: LineStyle = .solid, width: Double = 1.5, alpha: Double = 0.2) {
        add(BandArtist(xs: x, mean: mean, lower: lower, upper: upper, label: label,
                       color: color ?? nextColor(), style: style, width: width, alpha: alpha))
    }

    /// Markers at (x[i], y[i]) with error bars from lower[i] to upper[i], joined by a line
    /// when `connect`. On a log y axis, bounds <= 0 are drawn at the axis floor.
    public func errorBars(x: [Double], y: [Double], lower: [Double], upper: [Double], label: String? = nil,
                          color: Color? = nil, marker: Marker = .circle, connect: Bool = true, style: LineStyle = .solid) {
        add(ErrorBarArtist(xs: x, ys: y, lower: lower, upper: upper, label: label, color: color ?? nextColor(),
                           marker: marker, connect: connect, style: style))
    }

    /// Unconnected markers (`size` points across).
    public func scatter(x: [Double], y: [Double], label: String? = nil, color: Color? = nil,
                        marker: Marker = .circle, size: Double = 4, alpha: Double = 0.8, edge: Color? = nil) {
        add(ScatterArtist(xs: x, ys: y, label: label, color: color ?? nextColor(), marker: marker,
                          size: size, alpha: alpha, edge: edge))
    }

    /// A horizontal reference line `y = y` across the panel.
    public func hline(y: Double, label: String? = nil, color: Color = Color(hex: 0x333333),
                      style: LineStyle = .dashed, width: Double = 1.2) {
        add(ReferenceLine(.horizontal, value: y, label: label, color: color, style: style, width: width))
    }

    /// A vertical reference line `x = x` across the panel.
    public func vline(x: Double, label: String? = nil, color: Color = Color(hex: 0x333333),
                      style: LineStyle = .dashed, width: Double = 1.2) {
        add(ReferenceLine(.vertical, value: x, label: label, color: color, style: style, width: width))
    }

    /// Shows a legend of every labelled artist at `placement` (default `.best`: the in-panel
    /// spot that covers no line vertex or segment, band, marker or text, in matplotlib's order
    /// upper right, upper left, lower left, lower right, ...; outside on the right when every
    /// spot would cover some). Filled areas (heatmaps, filled contours, grid maps) and contour
    /// lines drawn over them are not obstacles: over a landscape prefer `.outsideRight` or
    /// `Figure.legend(from:)`.
    public func legend(_ placement: LegendPlacement = .best, columns: Int = 1, title: String? = nil) {
        legendPlacement = placement
        legendColumns = max(1, columns)
        legendTitle = title
    }
}
