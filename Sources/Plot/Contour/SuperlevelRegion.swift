/// The region where a gridded field is at or above a level, as polygons in data coordinates.
///
/// Built cell by cell with the same classification as `MarchingSquares` (so region borders
/// coincide with the contour lines, saddles resolved by the cell centre): a fully-above cell
/// contributes its rectangle — consecutive ones in a row merged into one rectangle — and a
/// partly-above cell the polygon of its above-corners and edge crossings. All polygons run
/// the same way round, so filling them together with the non-zero rule paints their union
/// in one operation, without seams where cells meet. Cells with a NaN corner are left out.
enum SuperlevelRegion {
    /// Polygons (closed, vertex lists) of {z >= level}; `level = -infinity` gives every valid cell.
    static func polygons(_ g: ScalarGrid, level: Double) -> [[(Double, Double)]] {
        var polys: [[(Double, Double)]] = []
        for j in 0..<(g.ny - 1) {
            let row0 = g.z[j], row1 = g.z[j + 1]
            let y0 = g.y[j], y1 = g.y[j + 1]
            var runStart = -1
            for i in 0..<(g.nx - 1) {
                let v0 = row0[i], v1 = row0[i + 1], v2 = row1[i + 1], v3 = row1[i]
                let valid = v0.isFinite && v1.isFinite && v2.isFinite && v3.isFinite
                let a0 = v0 >= level, a1 = v1 >= level, a2 = v2 >= level, a3 = v3 >= level
                if valid && a0 && a1 && a2 && a3 {
                    if runStart < 0 { runStart = i }
                    continue
                }
                if runStart >= 0 {
                    polys.append([(g.x[runStart], y0), (g.x[i], y0), (g.x[i], y1), (g.x[runStart], y1)])
                    runStart = -1
                }
                guard valid, a0 || a1 || a2 || a3 else { continue }
                polys += partialCell(g, i, j, level, [v0, v1, v2, v3], [a0, a1, a2, a3])
            }
            if runStart >= 0 {
                polys.append([(g.x[runStart], y0), (g.x[g.nx - 1], y0), (g.x[g.nx - 1], y1), (g.x[runStart], y1)])
            }
        }
        return polys
    }

    /// The above-level part of a cell with some corners above and some below.
    private static func partialCell(_ g: ScalarGrid, _ i: Int, _ j: Int, _ level: Double,
                                    _ v: [Double], _ above: [Bool]) -> [[(Double, Double)]] {
        let corners = [(g.x[i], g.y[j]), (g.x[i + 1], g.y[j]), (g.x[i + 1], g.y[j + 1]), (g.x[i], g.y[j + 1])]
        func cross(_ a: Int, _ b: Int) -> (Double, Double) {
            let t = min(max((level - v[a]) / (v[b] - v[a]), 0), 1)
            return (corners[a].0 + t * (corners[b].0 - corners[a].0), corners[a].1 + t * (corners[b].1 - corners[a].1))
        }
        let saddle = above == [true, false, true, false] || above == [false, true, false, true]
        if saddle && (v[0] + v[1] + v[2] + v[3]) / 4 < level {
            // centre below: two separate corner triangles around the above-corners
            return (0..<4).filter { above[$0] }.map { a in [cross((a + 3) % 4, a), corners[a], cross(a, (a + 1) % 4)] }
        }
        var poly: [(Double, Double)] = []
        for a in 0..<4 {
            let b = (a + 1) % 4
            if above[a] { poly.append(corners[a]) }
            if above[a] != above[b] { poly.append(cross(a, b)) }
        }
        return [poly]
    }
}
