extension Axes {
    /// An image of `z[j][i]` on cell centres (`x[i]`, `y[j]`), evenly spaced. Returns the
    /// colour mapping, for `Figure.colorbar`.
    @discardableResult
    public func heatmap(x: [Double], y: [Double], z: [[Double]], colormap: Colormap = .viridis,
                        range: ColorRange = .data) -> Mappable {
        let grid = ScalarGrid(x: x, y: y, z: z)
        func even(_ v: [Double]) -> Bool {
            let h = (v.last! - v.first!) / Double(v.count - 1)
            return zip(v, v.dropFirst()).allSatisfy { abs(($1 - $0) - h) <= 1e-6 * abs(h) }
        }
        precondition(even(x) && even(y), "heatmap needs evenly spaced x and y; use filledContour for uneven grids")
        let m = Mappable(colormap: colormap, range: range.resolve(grid.finiteRange), axes: self)
        add(HeatmapArtist(grid: grid, mappable: m))
        return m
    }

    /// Filled contours of `z[j][i]` at (`x[i]`, `y[j]`): bands between `levels` (a count or
    /// explicit values), drawn without seams (see `FilledContourArtist`). Returns the
    /// mapping (with its `levels`) for `Figure.colorbar` and for matching contour lines.
    @discardableResult
    public func filledContour(x: [Double], y: [Double], z: [[Double]], levels: ContourLevels = 10,
                              colormap: Colormap = .viridis) -> Mappable {
        let grid = ScalarGrid(x: x, y: y, z: z)
        var lv = levels.resolve(grid.finiteRange ?? 0...1)
        if lv.count < 2 { lv = [lv.first ?? 0, (lv.first ?? 0) + 1] }
        let m = Mappable(colormap: colormap, range: lv.first!...lv.last!, levels: lv, axes: self)
        add(FilledContourArtist(grid: grid, mappable: m))
        return m
    }

    /// Contour lines of `z[j][i]` at (`x[i]`, `y[j]`) for `levels` inside the data range.
    /// One `color` for all lines, or nil to colour each by its level on `colormap`;
    /// `inlineLabels` writes each level's value along its lines.
    @discardableResult
    public func contour(x: [Double], y: [Double], z: [[Double]], levels: ContourLevels = 10,
                        color: Color? = Color(hex: 0x222222, alpha: 0.6), colormap: Colormap = .viridis,
                        width: Double = 0.7, style: LineStyle = .solid, label: String? = nil,
                        inlineLabels: Bool = false) -> Mappable {
        let grid = ScalarGrid(x: x, y: y, z: z)
        let range = grid.finiteRange ?? 0...1
        let lv = levels.resolve(range).filter { range.contains($0) }
        let m = Mappable(colormap: colormap, range: (lv.first ?? range.lowerBound)...(lv.last ?? range.upperBound),
                         levels: nil, axes: self)
        let artist = ContourLinesArtist(grid: grid, levels: lv, color: color, mappable: m, width: width, style: style, label: label)
        artist.inlineLabels = inlineLabels
        add(artist)
        return m
    }

    /// A path through (x[i], y[i]) — e.g. optimizer iterates — with up to `arrowCount`
    /// arrowheads along it showing its direction and a dot at each point when `showPoints`.
    public func path(x: [Double], y: [Double], arrows: Bool = true, label: String? = nil, color: Color? = nil,
                     width: Double = 1.2, arrowCount: Int = 6, showPoints: Bool = false) {
        add(PathArtist(xs: x, ys: y, label: label, color: color ?? nextColor(), width: width, arrows: arrows,
                       arrowCount: arrowCount, showPoints: showPoints))
    }

    /// Same as `path(x:y:...)` for a list of points.
    public func path(_ points: [(Double, Double)], arrows: Bool = true, label: String? = nil, color: Color? = nil,
                     width: Double = 1.2, arrowCount: Int = 6, showPoints: Bool = false) {
        path(x: points.map { $0.0 }, y: points.map { $0.1 }, arrows: arrows, label: label, color: color,
             width: width, arrowCount: arrowCount, showPoints: showPoints)
    }

    /// One marker (e.g. a start point or an optimum) with a white edge so it stands out on any background.
    public func marker(x: Double, y: Double, marker: Marker = .star, label: String? = nil, color: Color? = nil,
                       size: Double = 9) {
        add(ScatterArtist(xs: [x], ys: [y], label: label, color: color ?? nextColor(), marker: marker, size: size,
                          alpha: 1, edge: .white, zOrder: 4))
    }

    /// Text at data point (x, y) — or at fractions of the panel when `inAxesFraction`
    /// (0, 0 = bottom-left; 1, 1 = top-right). Supports `^{}` / `_{}` markup.
    public func text(_ text: String, x: Double, y: Double, anchor: TextAnchor = .left, color: Color = .black,
                     size: Double = 8, bold: Bool = false, inAxesFraction: Bool = false, background: Color? = nil) {
        add(TextArtist(text: text, x: x, y: y, inAxesFraction: inAxesFraction, anchor: anchor, color: color,
                       font: Font(size: size, bold: bold), background: background))
    }

    /// A grid world: `values[row][col]` as colours (row 0 on top; nil for plain white cells),
    /// `walls` dark, `labels` (e.g. "S", "G", "T") in their cells, and an optional `overlay`.
    /// Turns the panel into a picture (no ticks, equal aspect). Returns the colour mapping
    /// when `values` are given, for `Figure.colorbar`.
    @discardableResult
    public func gridMap(rows: Int, cols: Int, values: [[Double]]? = nil, walls: Set<GridCell> = [],
                        labels: [GridCell: String] = [:], overlay: GridOverlay = .none,
                        colormap: Colormap = .viridis, range: ColorRange = .data) -> Mappable? {
        precondition(rows > 0 && cols > 0, "gridMap needs positive rows and cols, got \(rows)x\(cols)")
        var m: Mappable? = nil
        if let values {
            var lo = Double.infinity, hi = -Double.infinity
            for (r, row) in values.enumerated() {
                for (c, v) in row.enumerated() where v.isFinite && !walls.contains(GridCell(row: r, col: c)) {
                    lo = min(lo, v); hi = max(hi, v)
                }
            }
            m = Mappable(colormap: colormap, range: range.resolve(lo <= hi ? lo...hi : nil), axes: self)
        }
        add(GridMapArtist(rows: rows, cols: cols, values: values, walls: walls, labels: labels, overlay: overlay, mappable: m))
        showAxes = false
        equalAspect = true
        xLimits = 0...Double(cols)
        yLimits = 0...Double(rows)
        return m
    }
}
