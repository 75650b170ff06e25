import Foundation

/// Places every panel of a figure: a small constrained layout.
///
/// Each panel reports the margins its tick labels, axis labels, title, colour bar and
/// outside legend need; each grid column takes the widest left/right margins of its panels
/// and each row the tallest top/bottom ones, and the remaining space is shared equally, so
/// the data areas of a row (column) line up. Ticks depend on the data-area length, so the
/// layout is computed twice; a `.best` legend that finds no free spot inside its panel moves
/// outside, which takes a third pass.
struct FigureLayout {
    var geometries: [AxesGeometry] = []

    /// The figure-level legend and where it goes (centred under the panels).
    var figureLegend: LegendBox?
    var figureLegendRect: Rect?

    init(figure: Figure, surface: DrawingSurface) {
        figureLegend = figure.figureLegendBox(surface: surface)
        if let fl = figureLegend {
            let (W, H) = figure.sizeInPoints
            figureLegendRect = Rect(x: (W - fl.width) / 2, y: H - Figure.pad - fl.height, width: fl.width, height: fl.height)
        }
        let axes = figure.allAxes
        let (W, H) = figure.sizeInPoints
        let pad = Figure.pad
        let top0 = pad + (figure.suptitle.map { RichText($0, font: Figure.suptitleFont, surface: surface).height + 6 } ?? 0)
        var plotW = (W - 2 * pad) / Double(figure.cols) * 0.75
        var plotH = (H - top0 - pad) / Double(figure.rows) * 0.7
        var outside = axes.map { $0.legendPlacement == .outsideRight }
        let legends = axes.map { ax in
            ax.legendPlacement.flatMap { _ in LegendBox(entries: ax.legendEntries, columns: ax.legendColumns, title: ax.legendTitle, surface: surface) }
        }
        let limits = axes.map { ($0.viewLimits(horizontal: true), $0.viewLimits(horizontal: false)) }
        var rects: [Rect] = []
        var cells: [Rect] = []
        let bottomReserve = figureLegend.map { $0.height + 8 } ?? 0
        var ticks: [(Ticks, Ticks)] = []
        for pass in 0..<4 {
            ticks = []
            for (k, ax) in axes.enumerated() {
                let lenX = pass == 0 ? plotW : rects[k].width
                let lenY = pass == 0 ? plotH : rects[k].height
                ticks.append((ax.ticks(limits: limits[k].0, scale: ax.xScale, length: lenX, horizontal: true, surface: surface),
                              ax.ticks(limits: limits[k].1, scale: ax.yScale, length: lenY, horizontal: false, surface: surface)))
            }
            let margins = axes.enumerated().map { k, ax in
                ax.margins(xTicks: ticks[k].0, yTicks: ticks[k].1, legend: legends[k], outsideLegend: outside[k], surface: surface)
            }
            var left = [Double](repeating: 0, count: figure.cols), right = left
            var top = [Double](repeating: 0, count: figure.rows), bottom = top
            for (k, ax) in axes.enumerated() {
                left[ax.col] = max(left[ax.col], margins[k].left); right[ax.col] = max(right[ax.col], margins[k].right)
                top[ax.row] = max(top[ax.row], margins[k].top); bottom[ax.row] = max(bottom[ax.row], margins[k].bottom)
            }
            let gapX = 6.0, gapY = 6.0
            plotW = max(10, (W - 2 * pad - left.reduce(0, +) - right.reduce(0, +) - gapX * Double(figure.cols - 1)) / Double(figure.cols))
            plotH = max(10, (H - top0 - pad - bottomReserve - top.reduce(0, +) - bottom.reduce(0, +) - gapY * Double(figure.rows - 1)) / Double(figure.rows))
            cells = axes.map { ax in
                var x = pad
                for c in 0..<ax.col { x += left[c] + plotW + right[c] + gapX }
                var y = top0
                for r in 0..<ax.row { y += top[r] + plotH + bottom[r] + gapY }
                return Rect(x: x, y: y, width: left[ax.col] + plotW + right[ax.col], height: top[ax.row] + plotH + bottom[ax.row])
            }
            rects = axes.enumerated().map { k, ax in
                var x = pad
                for c in 0..<ax.col { x += left[c] + plotW + right[c] + gapX }
                x += left[ax.col]
                var y = top0
                for r in 0..<ax.row { y += top[r] + plotH + bottom[r] + gapY }
                y += top[ax.row]
                var rect = Rect(x: x, y: y, width: plotW, height: plotH)
                if ax.equalAspect { rect = FigureLayout.equalAspect(rect, limits[k].0, limits[k].1, ax) }
                return rect
            }
            guard pass >= 1 else { continue }
            var changed = false
            for (k, ax) in axes.enumerated() where ax.legendPlacement == .best && !outside[k] {
                guard let legend = legends[k] else { continue }
                let g = AxesGeometry(plot: rects[k], xLimits: limits[k].0, yLimits: limits[k].1, xTicks: ticks[k].0,
                                     yTicks: ticks[k].1, xScale: ax.xScale, yScale: ax.yScale)
                let (_, bad) = legend.best(in: rects[k], obstacles: ax.obstacles(g.context(surface)))
                if bad > 0 { outside[k] = true; changed = true }
            }
            if pass >= 1 && !changed { break }
        }
        for (k, ax) in axes.enumerated() {
            var g = AxesGeometry(plot: rects[k], xLimits: limits[k].0, yLimits: limits[k].1, xTicks: ticks[k].0,
                                 yTicks: ticks[k].1, xScale: ax.xScale, yScale: ax.yScale)
            g.cell = cells[k]
            if let legend = legends[k] {
                g.legend = legend
                var placement = ax.legendPlacement ?? .best
                if outside[k] { placement = .outsideRight }
                if placement == .best {
                    placement = legend.best(in: rects[k], obstacles: ax.obstacles(g.context(surface))).0
                }
                var r = legend.rect(placement, in: rects[k])
                if placement == .outsideRight, let cb = ax.colorbar { r.x += cb.width(surface: surface) }
                g.legendRect = r
                g.outsideLegend = placement == .outsideRight
            }
            geometries.append(g)
        }
    }

    /// Shrinks `r` (centred) so that one data unit has the same length on both axes.
    static func equalAspect(_ r: Rect, _ xl: ClosedRange<Double>, _ yl: ClosedRange<Double>, _ ax: Axes) -> Rect {
        func span(_ l: ClosedRange<Double>, _ s: AxisScale) -> Double {
            s == .log ? log10(l.upperBound / l.lowerBound) : l.upperBound - l.lowerBound
        }
        let dx = span(xl, ax.xScale), dy = span(yl, ax.yScale)
        guard dx > 0, dy > 0 else { return r }
        let k = min(r.width / dx, r.height / dy)
        let w = dx * k, h = dy * k
        return Rect(x: r.minX + (r.width - w) / 2, y: r.minY + (r.height - h) / 2, width: w, height: h)
    }
}
