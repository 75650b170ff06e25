import Foundation

extension Axes {
    /// Draws the axes with decided geometry `g`.
    func draw(on s: DrawingSurface, geometry g: AxesGeometry) {
        let ctx = g.context(s)
        let plot = g.plot
        let frameColor = Color(hex: 0x262626)
        if showAxes && grid {
            var p = Path()
            for v in g.xTicks.major { if let x = ctx.x(v) { p.move(to: Point(x, plot.minY)); p.line(to: Point(x, plot.maxY)) } }
            for v in g.yTicks.major { if let y = ctx.y(v) { p.move(to: Point(plot.minX, y)); p.line(to: Point(plot.maxX, y)) } }
            s.stroke(p, style: StrokeStyle(color: Color(hex: 0xe5e5e5), width: 0.6))
        }
        s.withClip(plot) {
            for a in artists.enumerated().sorted(by: { ($0.element.zOrder, $0.offset) < ($1.element.zOrder, $1.offset) }) {
                a.element.draw(ctx)
            }
        }
        if showAxes {
            s.stroke(Path(rect: plot), style: StrokeStyle(color: frameColor, width: AxesStyle.frameWidth, join: .miter))
            drawTicks(s, ctx: ctx, g: g, color: frameColor)
        }
        let tf = AxesStyle.tickFont
        let tickBlock = showAxes ? AxesStyle.tickLength + AxesStyle.tickPad : 0
        if let xLabel {
            let y = plot.maxY + tickBlock + (showAxes ? tf.lineHeight : 0) + AxesStyle.labelPad
                + (g.xTicks.labels.contains { $0.contains("^{") } ? 2 : 0)
                + (showAxes && g.xTicks.offsetLabel != nil ? tf.lineHeight + 1 : 0)
            RichText(xLabel, font: AxesStyle.labelFont, surface: s).draw(on: s, at: Point(plot.midX, y), anchor: .top, color: .black)
        }
        if let yLabel {
            let yw = showAxes ? (g.yTicks.labels.map { RichText($0, font: tf, surface: s).width }.max() ?? 0) : 0
            let x = plot.minX - tickBlock - yw - 2 - AxesStyle.labelPad
            RichText(yLabel, font: AxesStyle.labelFont, surface: s)
                .draw(on: s, at: Point(x, plot.midY), anchor: .bottom, color: .black, angle: Double.pi / 2)
        }
        if let title {
            var rt = RichText(title, font: AxesStyle.titleFont, surface: s)
            if g.cell.width > 0 && rt.width > g.cell.width - 4 {
                // a title wider than its cell shrinks (down to 6 pt) rather than run into its neighbour
                var f = AxesStyle.titleFont
                f.size = max(6, f.size * (g.cell.width - 4) / rt.width)
                rt = RichText(title, font: f, surface: s)
            }
            var x = plot.midX
            if g.cell.width > 0 {
                // keep a title wider than a narrow (equal-aspect) panel inside the panel's cell
                x = rt.width >= g.cell.width ? g.cell.midX : min(max(x, g.cell.minX + rt.width / 2), g.cell.maxX - rt.width / 2)
            }
            let offsetRow = showAxes && g.yTicks.offsetLabel != nil ? tf.lineHeight + 3 : 0
            rt.draw(on: s, at: Point(x, plot.minY - AxesStyle.titlePad - offsetRow), anchor: .bottom, color: .black)
        }
        if let cb = colorbar { cb.draw(on: s, beside: plot) }
        if let legend = g.legend, let r = g.legendRect { legend.draw(on: s, in: r) }
    }

    private func drawTicks(_ s: DrawingSurface, ctx: DrawContext, g: AxesGeometry, color: Color) {
        let plot = g.plot
        let tf = AxesStyle.tickFont
        var major = Path(), minor = Path()
        for v in g.xTicks.major { if let x = ctx.x(v) { major.move(to: Point(x, plot.maxY)); major.line(to: Point(x, plot.maxY + AxesStyle.tickLength)) } }
        for v in g.xTicks.minor { if let x = ctx.x(v) { minor.move(to: Point(x, plot.maxY)); minor.line(to: Point(x, plot.maxY + AxesStyle.minorTickLength)) } }
        for v in g.yTicks.major { if let y = ctx.y(v) { major.move(to: Point(plot.minX, y)); major.line(to: Point(plot.minX - AxesStyle.tickLength, y)) } }
        for v in g.yTicks.minor { if let y = ctx.y(v) { minor.move(to: Point(plot.minX, y)); minor.line(to: Point(plot.minX - AxesStyle.minorTickLength, y)) } }
        s.stroke(major, style: StrokeStyle(color: color, width: AxesStyle.frameWidth))
        s.stroke(minor, style: StrokeStyle(color: color, width: 0.6))
        let off = AxesStyle.tickLength + AxesStyle.tickPad
        for (v, l) in zip(g.xTicks.major, g.xTicks.labels) {
            guard let x = ctx.x(v) else { continue }
            RichText(l, font: tf, surface: s).draw(on: s, at: Point(x, plot.maxY + off), anchor: .top, color: .black)
        }
        for (v, l) in zip(g.yTicks.major, g.yTicks.labels) {
            guard let y = ctx.y(v) else { continue }
            RichText(l, font: tf, surface: s).draw(on: s, at: Point(plot.minX - off, y), anchor: .right, color: .black)
        }
        if let o = g.yTicks.offsetLabel {
            RichText(o, font: tf, surface: s).draw(on: s, at: Point(plot.minX, plot.minY - 3), anchor: .bottomLeft, color: .black)
        }
        if let o = g.xTicks.offsetLabel {
            RichText(o, font: tf, surface: s).draw(on: s, at: Point(plot.maxX, plot.maxY + off + tf.lineHeight + 1), anchor: .topRight, color: .black)
        }
    }
}
