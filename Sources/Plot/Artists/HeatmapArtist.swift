/// How the ends of a colour scale are chosen.
public enum ColorRange: Sendable {
    /// From the finite minimum to the finite maximum of the data.
    case data
    /// From −m to m with m the largest finite |value|: zero sits at the middle colour
    /// (use with `Colormap.difference` for difference fields).
    case symmetricAboutZero
    /// Fixed ends.
    case fixed(ClosedRange<Double>)

    func resolve(_ data: ClosedRange<Double>?) -> ClosedRange<Double> {
        switch self {
        case .fixed(let r): return r.upperBound > r.lowerBound ? r : (r.lowerBound - 0.5)...(r.upperBound + 0.5)
        case .data:
            guard let d = data else { return 0...1 }
            return d.upperBound > d.lowerBound ? d : (d.lowerBound - 0.5)...(d.upperBound + 0.5)
        case .symmetricAboutZero:
            let m = max(abs(data?.lowerBound ?? 1), abs(data?.upperBound ?? 1))
            return m > 0 ? (-m)...m : -1...1
        }
    }
}

/// An image of a gridded field: cell (i, j) is centred on (x[i], y[j]) and filled with the
/// colour of z[j][i]; cell edges lie halfway between neighbouring centres (half a step
/// beyond the outer centres). NaN cells are transparent. Drawn as one raster image with
/// sharp pixels (vector PDF embeds it as an image), so neighbouring cells never show seams.
/// Requires evenly spaced x and y (a raster has square pixels per axis).
final class HeatmapArtist: Artist {
    var isFilledField: Bool { true }
    let grid: ScalarGrid
    let mappable: Mappable
    let zOrder = 0

    init(grid: ScalarGrid, mappable: Mappable) { self.grid = grid; self.mappable = mappable }

    var xEdges: ClosedRange<Double> {
        let dx = (grid.x.last! - grid.x.first!) / Double(grid.nx - 1)
        return (grid.x.first! - dx / 2)...(grid.x.last! + dx / 2)
    }
    var yEdges: ClosedRange<Double> {
        let dy = (grid.y.last! - grid.y.first!) / Double(grid.ny - 1)
        return (grid.y.first! - dy / 2)...(grid.y.last! + dy / 2)
    }

    func extent(xScale: AxisScale, yScale: AxisScale) -> DataExtent {
        DataExtent(x: xEdges, y: yEdges, sticky: true)
    }

    func draw(_ ctx: DrawContext) {
        var pixels: [Color] = []
        pixels.reserveCapacity(grid.nx * grid.ny)
        for j in stride(from: grid.ny - 1, through: 0, by: -1) {
            for i in 0..<grid.nx {
                let v = grid.z[j][i]
                pixels.append(v.isFinite ? mappable.color(for: v) : .clear)
            }
        }
        guard let x0 = ctx.x(xEdges.lowerBound), let x1 = ctx.x(xEdges.upperBound),
              let y0 = ctx.y(yEdges.upperBound), let y1 = ctx.y(yEdges.lowerBound) else { return }
        ctx.surface.image(Raster(width: grid.nx, height: grid.ny, pixels: pixels),
                          in: Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0))
    }
}
