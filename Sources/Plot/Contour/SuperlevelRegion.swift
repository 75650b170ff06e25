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
            var runStart: Int? = nil
            func flushRun(_ end: Int) {
                if let s = runStart {
                    polys.append([(g.x[s], g.y[j]), (g.x[end], g.y[j]), (g.x[end], g.y[j + 1]), (g.x[s], g.y[j + 1])])
                    runStart = nil
                }
            }
            for i in 0..<(g.nx - 1) {
                let v = [g.z[j][i], g.z[j][i + 1], g.z[j + 1][i + 1], g.z[j + 1][i]]
                guard v.allSatisfy({ $0.isFinite }) else { flushRun(i); continue }
                let above = v.map { $0 >= level }
                if above.allSatisfy({ $0 }) {
                    if runStart == nil { runStart = i }
                    continue
                }
                flushRun(i)
                if !above.contains(true) { continue }
                let corners = [(g.x[i], g.y[j]), (g.x[i + 1], g.y[j]), (g.x[i + 1], g.y[j + 1]), (g.x[i], g.y[j + 1])]
                func cross(_ a: Int, _ b: Int) -> (Double, Double) {
                    let t = min(max((level - v[a]) / (v[b] - v[a]), 0), 1)
                    return (corners[a].0 + t * (corners[b].0 - corners[a].0), corners[a].1 + t * (corners[b].1 - corners[a].1))
                }
                let saddle = above == [true, false, true, false] || above == [false, true, false, true]
                let centreAbove = v.reduce(0, +) / 4 >= level
                if saddle && !centreAbove {
                    // two separate corner triangles around the above-corners
                    for a in 0..<4 where above[a] {
                        let prev = (a + 3) % 4, next = (a + 1) % 4
                        polys.append([cross(prev, a), corners[a], cross(a, next)])
                    }
                    continue
                }
                var poly: [(Double, Double)] = []
                for a in 0..<4 {
                    let b = (a + 1) % 4
                    if above[a] { poly.append(corners[a]) }
                    if above[a] != above[b] { poly.append(cross(a, b)) }
                }
                polys.append(poly)
            }
            flushRun(g.nx - 1)
        }
        return polys
    }
}
