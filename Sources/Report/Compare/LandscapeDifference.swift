import Foundation
import Plot

/// Two landscapes (a field on a grid, from a figure's data) compared: the difference field
/// B − A, its largest magnitude and where, and how far the minimum moved.
///
/// Figure data holds a landscape as `<name>.a` (n grid values along the first axis),
/// `<name>.b` (m values along the second) and `<name>.values` (n·m values, row-major:
/// `values[j * n + i]` at (a[i], b[j])). Both reports must use the same grid.
public struct LandscapeDifference {
    public var experiment: String
    public var figure: String
    public var field: String
    public var a: [Double]
    public var b: [Double]
    /// B − A on the grid, `difference[j][i]`.
    public var difference: [[Double]]
    public var maxAbsDifference: Double
    public var maxAt: (a: Double, b: Double)
    /// The two fields' values where they differ most.
    public var valuesAtMax: (a: Double, b: Double)
    /// How this field is judged: the first tolerance rule covering it, else the default.
    public var check: Check = .tolerance(Tolerance())
    public var minimumA: (a: Double, b: Double, value: Double)
    public var minimumB: (a: Double, b: Double, value: Double)

    /// The values where the fields differ most lie beyond `check` (never when informational).
    public var flagged: Bool { check.flags(valuesAtMax.a, valuesAtMax.b) }

    /// Euclidean distance between the grid minima of A and B, in the grid's coordinates.
    public var minimumMoved: Double { hypot(minimumB.a - minimumA.a, minimumB.b - minimumA.b) }

    /// Every landscape present, on the same grid, in the data of a figure of both reports.
    static func all(experiment: String, figure: String, dataA: [String: [Double]], dataB: [String: [Double]]) -> [LandscapeDifference] {
        var out: [LandscapeDifference] = []
        for key in dataA.keys.sorted() where key.hasSuffix(".values") {
            let stem = String(key.dropLast(".values".count))
            guard let ga = dataA[stem + ".a"], let gb = dataA[stem + ".b"], let va = dataA[key],
                  dataB[stem + ".a"] == ga, dataB[stem + ".b"] == gb, let vb = dataB[key],
                  !ga.isEmpty, !gb.isEmpty, va.count == ga.count * gb.count, vb.count == va.count else { continue }
            let n = ga.count
            var diff = Array(repeating: Array(repeating: 0.0, count: n), count: gb.count)
            var worst = -1.0, worstAt = (a: ga[0], b: gb[0]), worstValues = (a: va[0], b: vb[0])
            var minA = (a: ga[0], b: gb[0], value: Double.infinity), minB = minA
            for j in gb.indices {
                for i in ga.indices {
                    let x = va[j * n + i], y = vb[j * n + i]
                    diff[j][i] = y - x
                    if abs(y - x) > worst { worst = abs(y - x); worstAt = (a: ga[i], b: gb[j]); worstValues = (a: x, b: y) }
                    if x < minA.value { minA = (a: ga[i], b: gb[j], value: x) }
                    if y < minB.value { minB = (a: ga[i], b: gb[j], value: y) }
                }
            }
            out.append(LandscapeDifference(experiment: experiment, figure: figure, field: stem, a: ga, b: gb, difference: diff,
                                           maxAbsDifference: max(0, worst), maxAt: worstAt, valuesAtMax: worstValues, minimumA: minA, minimumB: minB))
        }
        return out
    }

    /// The difference field on a diverging colour map (zero white), with A's minimum (circle)
    /// and B's (square) marked.
    public func png() throws -> Data {
        let fig = Figure(width: 4.6, height: 3.6)
        let ax = fig.axes(0, 0)
        ax.title = "\(figure): \(field), B − A"
        ax.xLabel = "a"
        ax.yLabel = "b"
        let m = ax.heatmap(x: a, y: b, z: difference, colormap: .difference, range: .symmetricAboutZero)
        ax.marker(x: minimumA.a, y: minimumA.b, marker: .circle, label: "min A", color: .black)
        ax.marker(x: minimumB.a, y: minimumB.b, marker: .square, label: "min B", color: Color(hex: 0x555555))
        ax.legend(.best)
        fig.colorbar(m, label: "B − A")
        return try fig.pngData(dpi: 100)
    }
}
