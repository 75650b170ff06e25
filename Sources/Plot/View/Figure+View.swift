import Foundation

extension Figure {
    /// Marks panels as frames of one parameter (e.g. `F_λ` for λ = 1, 10, 100): the
    /// interactive view shows one of them at a time with a slider labelled `label`. The
    /// Cairo figure is unchanged (every panel is drawn).
    public func slider(_ label: String, frames: [(value: Double, axes: Axes)]) {
        guard frames.count >= 2 else { return }
        sliderSpecs.append((label: label, frames: frames))
    }

    /// Says that the figure shows a table with these cells (for a table drawn from text
    /// artists): the interactive view then shows it as a sortable table instead of the panels.
    /// `Figure.table` figures need no description.
    public func describeTable(header: [String], rows: [[String]], bold: Set<GridCell> = []) {
        tableSpec = (header, rows, bold)
    }

    /// The figure's data for an interactive view (see `FigureView`), with `metadata`'s
    /// fields (title, experiment, extra keys such as seeds and band) attached.
    public func view(metadata: FigureMetadata = FigureMetadata()) -> FigureView {
        let surface = CairoSurface.measuring()
        let layout = FigureLayout(figure: self, surface: surface)
        let axes = allAxes
        var colormaps: [String: Colormap] = [:]
        var panels: [PanelView] = []
        for (ax, g) in zip(axes, layout.geometries) {
            var artists: [ArtistView] = []
            for a in ax.artists.sorted(by: { $0.zOrder < $1.zOrder }) {
                if let v = ArtistView.of(a, colormaps: &colormaps) { artists.append(v) }
            }
            var colorbar: ColorbarView?
            if let cb = ax.colorbar {
                let m = cb.mappable
                colormaps[m.colormap.name] = m.colormap
                colorbar = ColorbarView(label: cb.label, colormap: m.colormap.name,
                                        range: [m.range.lowerBound, m.range.upperBound], levels: m.levels,
                                        bandColors: m.levels.map { lv in (0..<max(0, lv.count - 1)).map { m.bandColor($0).hexString } })
            }
            panels.append(PanelView(
                row: ax.row, col: ax.col, title: ax.title,
                x: AxisView(ax, horizontal: true, limits: g.xLimits, ticks: g.xTicks),
                y: AxisView(ax, horizontal: false, limits: g.yLimits, ticks: g.yTicks),
                grid: ax.grid, showAxes: ax.showAxes, equalAspect: ax.equalAspect, artists: artists, colorbar: colorbar))
        }
        if let t = tableSpec {
            var v = ArtistView(kind: "table")
            v.text = suptitle; v.header = t.header; v.cells = t.rows
            v.boldCells = t.bold.sorted { ($0.row, $0.col) < ($1.row, $1.col) }.map { [$0.row, $0.col] }
            let none = AxisView(scale: "linear", limits: [0, 1], label: nil, integer: false, bins: 0, ticks: [], minorTicks: [],
                                tickLabels: [], offsetLabel: nil)
            panels = [PanelView(row: 0, col: 0, title: nil, x: none, y: none, grid: false, showAxes: false, equalAspect: false,
                                artists: [v], colorbar: nil)]
        }
        let index = Dictionary(uniqueKeysWithValues: axes.enumerated().map { (ObjectIdentifier($1), $0) })
        let sliders = sliderSpecs.compactMap { spec -> SliderView? in
            let panels = spec.frames.compactMap { index[ObjectIdentifier($0.axes)] }
            guard panels.count == spec.frames.count else { return nil }
            return SliderView(label: spec.label, values: spec.frames.map(\.value), panels: panels)
        }
        var meta: [String: String] = [:]
        for (k, v) in metadata.keyValues where k != "Software" && k != "Creation Time" { meta[k] = v }
        let palette = colormaps.mapValues { cm in (0..<256).map { cm.color(at: (Double($0) + 0.5) / 256).hexString } }
        return FigureView(width: width * 72, height: height * 72, rows: rows, cols: cols, title: suptitle,
                          metadata: meta, panels: panels, sliders: sliders, tickSteps: TickLocator.defaultSteps,
                          palette: palette)
    }
}

extension AxisView {
    init(_ ax: Axes, horizontal: Bool, limits: ClosedRange<Double>, ticks: Ticks) {
        let scale = horizontal ? ax.xScale : ax.yScale
        let integer = ax.integerTicks(horizontal: horizontal)
        // The bin count that gives these ticks under the same rule the page runs.
        var bins = 0
        for b in stride(from: 9, through: 1, by: -1) {
            switch scale {
            case .linear:
                if TickLocator.linearTicks(limits.lowerBound, limits.upperBound, maxBins: b, integer: integer) == ticks.major { bins = b }
            case .log:
                if TickLocator.logTicks(limits.lowerBound, limits.upperBound, maxMajor: b + 1).major == ticks.major { bins = b }
            }
            if bins > 0 { break }
        }
        self.init(scale: scale == .log ? "log" : "linear", limits: [limits.lowerBound, limits.upperBound],
                  label: horizontal ? ax.xLabel : ax.yLabel, integer: integer, bins: bins, ticks: ticks.major,
                  minorTicks: ticks.minor, tickLabels: ticks.labels, offsetLabel: ticks.offsetLabel)
    }
}

extension ArtistView {
    static func colored(_ kind: String, _ c: Color, label: String?) -> ArtistView {
        var v = ArtistView(kind: kind)
        v.label = label; v.color = c.hexString; v.alpha = c.alpha
        return v
    }

    /// A curve with lower and upper bounds (bands, error bars), every array cut to `count`.
    static func bounded(_ kind: String, _ c: Color, _ label: String?, _ x: [Double], _ y: [Double],
                        _ lower: [Double], _ upper: [Double], count n: Int) -> ArtistView {
        var v = colored(kind, c, label: label)
        v.x = Numbers(Array(x.prefix(n)), compactRange: true); v.y = Numbers(Array(y.prefix(n)))
        v.lower = Numbers(Array(lower.prefix(n))); v.upper = Numbers(Array(upper.prefix(n)))
        return v
    }

    /// The view of one artist; nil for kinds the page does not draw.
    static func of(_ a: Artist, colormaps: inout [String: Colormap]) -> ArtistView? {
        switch a {
        case let l as LineArtist:
            var v = colored("line", l.color, label: l.label)
            v.x = Numbers(l.xs, compactRange: true); v.y = Numbers(l.ys)
            v.width = l.width; v.dash = l.style.dash(width: l.width)
            v.marker = l.marker.map { "\($0)" }; v.markerSize = l.markerSize; v.markEvery = l.markEvery
            return v
        case let b as BandArtist:
            var v = bounded("band", b.color, b.label, b.xs, b.mean, b.lower, b.upper, count: b.count)
            v.width = b.width; v.dash = b.style.dash(width: b.width); v.alpha = b.alpha
            return v
        case let e as ErrorBarArtist:
            var v = bounded("errorbar", e.color, e.label, e.xs, e.ys, e.lower, e.upper, count: e.count)
            v.marker = "\(e.marker)"; v.width = e.connect ? 1.3 : 0; v.dash = e.style.dash(width: 1.3)
            return v
        case let s as ScatterArtist:
            var v = colored(s.zOrder >= 4 ? "marker" : "scatter", s.color, label: s.label)
            v.alpha = s.alpha * s.color.alpha
            v.x = Numbers(s.xs); v.y = Numbers(s.ys); v.marker = "\(s.marker)"; v.markerSize = s.size
            return v
        case let p as PathArtist:
            var v = colored("path", p.color, label: p.label)
            v.x = Numbers(p.xs); v.y = Numbers(p.ys); v.width = p.width
            return v
        case let r as ReferenceLine:
            var v = colored(r.orientation == .horizontal ? "hline" : "vline", r.color, label: r.label)
            v.value = r.value; v.width = r.width; v.dash = r.style.dash(width: r.width)
            return v
        case let t as TextArtist:
            var v = colored("text", t.color, label: nil)
            v.text = t.text; v.x = Numbers([t.x]); v.y = Numbers([t.y]); v.fraction = t.inAxesFraction
            v.anchor = "\(t.anchor)"; v.fontSize = t.font.size; v.bold = t.font.bold
            return v
        case let f as FilledContourArtist:
            colormaps[f.mappable.colormap.name] = f.mappable.colormap
            var v = field(f.grid, f.mappable)
            v.levels = f.mappable.levels
            v.bandColors = f.mappable.levels.map { lv in (0..<max(0, lv.count - 1)).map { f.mappable.bandColor($0).hexString } }
            return v
        case let h as HeatmapArtist:
            colormaps[h.mappable.colormap.name] = h.mappable.colormap
            var v = field(h.grid, h.mappable)
            v.nearest = true
            return v
        case let c as ContourLinesArtist:
            var v = ArtistView(kind: "contour")
            v.levels = c.levels; v.label = c.label
            return v
        case let g as GridMapArtist:
            var v = ArtistView(kind: "gridmap")
            v.rows = g.rows; v.cols = g.cols
            v.z = Numbers((0..<g.rows).flatMap { r in (0..<g.cols).map { g.value(r, $0) } })
            if let m = g.mappable {
                colormaps[m.colormap.name] = m.colormap
                v.colormap = m.colormap.name; v.range = [m.range.lowerBound, m.range.upperBound]
            }
            v.walls = g.walls.sorted { ($0.row, $0.col) < ($1.row, $1.col) }.map { [$0.row, $0.col] }
            v.cellLabels = g.labels.sorted { ($0.key.row, $0.key.col) < ($1.key.row, $1.key.col) }
                .map { CellLabel(row: $0.key.row, col: $0.key.col, text: $0.value) }
            func flat(_ vals: [[Double]]) -> Numbers {
                Numbers((0..<g.rows).flatMap { r in (0..<g.cols).map { c in r < vals.count && c < vals[r].count ? vals[r][c] : .nan } })
            }
            switch g.overlay {
            case .none: break
            case .circles(let occ, let color): v.overlay = "circles"; v.overlayValues = flat(occ); v.color = color.hexString
            case .numbers(let vals, let decimals): v.overlay = "numbers"; v.overlayValues = flat(vals); v.decimals = decimals
            }
            v.color = v.color ?? g.wallColor.hexString
            return v
        case let t as TableArtist:
            var v = ArtistView(kind: "table")
            v.text = t.title; v.header = t.header; v.cells = t.rows
            v.boldCells = t.bold.sorted { ($0.row, $0.col) < ($1.row, $1.col) }.map { [$0.row, $0.col] }
            return v
        default:
            return nil
        }
    }

    static func field(_ grid: ScalarGrid, _ m: Mappable) -> ArtistView {
        var v = ArtistView(kind: "field")
        v.x = Numbers(grid.x, compactRange: true); v.y = Numbers(grid.y, compactRange: true)
        v.z = Numbers(grid.z.flatMap { $0 })
        v.colormap = m.colormap.name; v.range = [m.range.lowerBound, m.range.upperBound]
        return v
    }
}
