/// A contour line in data coordinates.
public struct ContourLine: Equatable, Sendable {
    public var x: [Double]
    public var y: [Double]
    /// Whether the line returns to its start (a ring).
    public var closed: Bool
}

/// Contour lines of a gridded field by marching squares.
///
/// Each grid cell is classified by which of its four corners are at or above the level
/// (`z >= level`); a contour segment joins the linearly interpolated crossings on the cell's
/// edges. Saddle cells (two opposite corners above, two below) are disambiguated by the
/// cell-centre value, the mean of the four corners: when the centre is at or above the
/// level the above-corners are joined through the cell and the two segments cut off the
/// below-corners, otherwise they cut off the above-corners. Cells with a NaN corner produce
/// no segment, so a contour through such a cell stays open there. Segments are joined through
/// shared edges into maximal polylines; a polyline that returns to its first edge is closed.
public enum MarchingSquares {
    /// Edge identifiers: horizontal edge (i, j)-(i+1, j) or vertical edge (i, j)-(i, j+1).
    struct Edge: Hashable { let i: Int, j: Int, vertical: Bool }

    /// The contour lines of `grid` at `level`.
    public static func isolines(_ grid: ScalarGrid, level: Double) -> [ContourLine] {
        let segments = cellSegments(grid, level: level)
        return join(segments, grid: grid, level: level)
    }

    /// For each cell, the pairs of edges joined by a contour segment.
    static func cellSegments(_ g: ScalarGrid, level: Double) -> [(Edge, Edge)] {
        var out: [(Edge, Edge)] = []
        for j in 0..<(g.ny - 1) {
            for i in 0..<(g.nx - 1) {
                let v0 = g.z[j][i], v1 = g.z[j][i + 1], v2 = g.z[j + 1][i + 1], v3 = g.z[j + 1][i]
                guard v0.isFinite, v1.isFinite, v2.isFinite, v3.isFinite else { continue }
                let c = (v0 >= level ? 1 : 0) | (v1 >= level ? 2 : 0) | (v2 >= level ? 4 : 0) | (v3 >= level ? 8 : 0)
                let bottom = Edge(i: i, j: j, vertical: false), top = Edge(i: i, j: j + 1, vertical: false)
                let left = Edge(i: i, j: j, vertical: true), right = Edge(i: i + 1, j: j, vertical: true)
                let centreAbove = (v0 + v1 + v2 + v3) / 4 >= level
                switch c {
                case 0, 15: break
                case 1, 14: out.append((left, bottom))
                case 2, 13: out.append((bottom, right))
                case 3, 12: out.append((left, right))
                case 4, 11: out.append((right, top))
                case 6, 9: out.append((bottom, top))
                case 7, 8: out.append((left, top))
                case 5: // v0, v2 above
                    if centreAbove { out.append((bottom, right)); out.append((top, left)) }
                    else { out.append((left, bottom)); out.append((right, top)) }
                case 10: // v1, v3 above
                    if centreAbove { out.append((left, bottom)); out.append((right, top)) }
                    else { out.append((bottom, right)); out.append((top, left)) }
                default: break
                }
            }
        }
        return out
    }

    /// The crossing of `level` on edge `e` by linear interpolation.
    static func crossing(_ e: Edge, _ g: ScalarGrid, _ level: Double) -> (Double, Double) {
        let (i1, j1) = e.vertical ? (e.i, e.j + 1) : (e.i + 1, e.j)
        let za = g.z[e.j][e.i], zb = g.z[j1][i1]
        let t = za == zb ? 0.5 : min(max((level - za) / (zb - za), 0), 1)
        return (g.x[e.i] + t * (g.x[i1] - g.x[e.i]), g.y[e.j] + t * (g.y[j1] - g.y[e.j]))
    }

    /// Joins segments sharing an edge into polylines.
    static func join(_ segs: [(Edge, Edge)], grid: ScalarGrid, level: Double) -> [ContourLine] {
        var byEdge: [Edge: [Int]] = [:]
        for (k, s) in segs.enumerated() { byEdge[s.0, default: []].append(k); byEdge[s.1, default: []].append(k) }
        var used = [Bool](repeating: false, count: segs.count)
        var lines: [ContourLine] = []

        func walk(from start: Int, entering edge: Edge) -> ContourLine {
            var edges: [Edge] = [edge]
            var k = start
            var current = edge
            var closed = false
            while true {
                used[k] = true
                let next = segs[k].0 == current ? segs[k].1 : segs[k].0
                edges.append(next)
                current = next
                if next == edge { closed = true; break }
                guard let cand = byEdge[next]?.first(where: { !used[$0] }) else { break }
                k = cand
            }
            if closed { edges.removeLast() }
            let pts = edges.map { crossing($0, grid, level) }
            return ContourLine(x: pts.map { $0.0 }, y: pts.map { $0.1 }, closed: closed)
        }

        // open lines first: start at edges used by one segment only (a boundary or NaN end)
        let ends = byEdge.filter { $0.value.count == 1 }.keys.sorted { ($0.j, $0.i, $0.vertical ? 1 : 0) < ($1.j, $1.i, $1.vertical ? 1 : 0) }
        for e in ends {
            let k = byEdge[e]![0]
            if !used[k] { lines.append(walk(from: k, entering: e)) }
        }
        for k in 0..<segs.count where !used[k] { lines.append(walk(from: k, entering: segs[k].0)) }
        return lines
    }
}
