import Foundation

/// Everything an artist needs to draw itself inside one axes.
struct DrawContext {
    let surface: DrawingSurface
    /// The data area of the axes on the surface.
    let plot: Rect
    let x: AxisMap
    let y: AxisMap

    /// Surface point of a data point, or nil when either coordinate cannot be shown.
    func point(_ dx: Double, _ dy: Double) -> Point? {
        guard let px = x(dx), let py = y(dy) else { return nil }
        return Point(px, py)
    }
}

/// The data range an artist occupies, per axis, for autoscaling.
struct DataExtent {
    var x: ClosedRange<Double>?
    var y: ClosedRange<Double>?
    /// Whether the axis limits should stop exactly at this artist's extent (images, contours):
    /// no margin is added on an axis where some artist is sticky.
    var sticky = false
    /// Whether every value on the axis is a whole number (iteration counts): then ticks are
    /// whole numbers too. nil: the artist has no opinion.
    var xIntegral: Bool? = nil
    var yIntegral: Bool? = nil

    static let none = DataExtent(x: nil, y: nil)

    /// True when `vs` has a finite value and every finite value is a whole number.
    static func integral(_ vs: [Double]) -> Bool {
        var any = false
        for v in vs where v.isFinite {
            if v != v.rounded() { return false }
            any = true
        }
        return any
    }

    /// The range of the values in `vs` that have a position on `scale`.
    static func range(_ vs: [Double], _ scale: AxisScale) -> ClosedRange<Double>? {
        var lo = Double.infinity, hi = -Double.infinity
        for v in vs where scale.forward(v) != nil { lo = min(lo, v); hi = max(hi, v) }
        return lo <= hi ? lo...hi : nil
    }
}

/// What a legend shows for one artist.
struct LegendEntry {
    enum Swatch {
        case line(StrokeStyle, Marker?, Color)
        case band(fill: Color, line: StrokeStyle?)
        case marker(Marker, Color, size: Double)
        case patch(Color)
    }
    var label: String
    var swatch: Swatch
}

/// Places a legend must not cover: sample points and segments on the surface.
struct Obstacles {
    var points: [Point] = []
    var segments: [(Point, Point)] = []
}

/// One drawable element of an axes (matplotlib's artist). Adding a new kind of plot means
/// adding one type that conforms to this protocol.
protocol Artist: AnyObject {
    /// Drawing order: lower first (filled areas 0, bands 1, lines 2, markers 3, text 4).
    var zOrder: Int { get }
    func extent(xScale: AxisScale, yScale: AxisScale) -> DataExtent
    func draw(_ ctx: DrawContext)
    var legendEntry: LegendEntry? { get }
    func obstacles(_ ctx: DrawContext) -> Obstacles
    /// Whether the artist paints an area of the panel with data (heatmap, filled contours,
    /// grid map): a legend over it hides data wherever it goes.
    var isFilledField: Bool { get }
}

extension Artist {
    var legendEntry: LegendEntry? { nil }
    func obstacles(_ ctx: DrawContext) -> Obstacles { Obstacles() }
    var isFilledField: Bool { false }
}

/// Splits a polyline at points without a position (NaN, or <= 0 on a log axis).
func polylineRuns(_ xs: [Double], _ ys: [Double], _ ctx: DrawContext) -> [[Point]] {
    var runs: [[Point]] = []
    var current: [Point] = []
    for i in 0..<min(xs.count, ys.count) {
        if let p = ctx.point(xs[i], ys[i]) { current.append(p) } else if !current.isEmpty { runs.append(current); current = [] }
    }
    if !current.isEmpty { runs.append(current) }
    return runs
}

/// Obstacles for a polyline: its vertices and segments.
func polylineObstacles(_ runs: [[Point]]) -> Obstacles {
    var o = Obstacles()
    for run in runs {
        o.points += run
        for k in 1..<max(1, run.count) { o.segments.append((run[k - 1], run[k])) }
    }
    return o
}
