/// A scalar field sampled on a rectilinear grid: `z[j][i]` is the value at (`x[i]`, `y[j]`).
/// `x` and `y` must be strictly increasing; NaN marks a missing sample.
public struct ScalarGrid: Sendable {
    public let x: [Double]
    public let y: [Double]
    public let z: [[Double]]

    public init(x: [Double], y: [Double], z: [[Double]]) {
        precondition(x.count >= 2 && y.count >= 2, "grid needs at least 2 x and 2 y values, got \(x.count) and \(y.count)")
        precondition(z.count == y.count && z.allSatisfy { $0.count == x.count },
                     "z must have y.count (\(y.count)) rows of x.count (\(x.count)) values: z[j][i] for y index j, x index i")
        precondition(zip(x, x.dropFirst()).allSatisfy { $0 < $1 } && zip(y, y.dropFirst()).allSatisfy { $0 < $1 },
                     "grid x and y must be strictly increasing")
        self.x = x; self.y = y; self.z = z
    }

    var nx: Int { x.count }
    var ny: Int { y.count }

    /// Finite minimum and maximum of z, or nil when no value is finite.
    var finiteRange: ClosedRange<Double>? {
        var lo = Double.infinity, hi = -Double.infinity
        for row in z { for v in row where v.isFinite { lo = min(lo, v); hi = max(hi, v) } }
        return lo <= hi ? lo...hi : nil
    }
}

/// Contour levels: a count (nice values chosen like matplotlib's `MaxNLocator(n + 1)` over
/// the data range) or explicit values. Write `levels: 12` or `levels: [0, 0.5, 1]`.
public enum ContourLevels: Sendable, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    case count(Int)
    case values([Double])

    public init(integerLiteral n: Int) { self = .count(n) }
    public init(arrayLiteral values: Double...) { self = .values(values) }

    /// Levels for data in `range`. For `.count`, nice values whose first is <= the minimum and
    /// last >= the maximum (filled contours cover all data); explicit values are sorted.
    func resolve(_ range: ClosedRange<Double>) -> [Double] {
        switch self {
        case .values(let v): return Array(Set(v)).sorted()
        case .count(let n):
            return TickLocator.maxNTicks(range.lowerBound, range.upperBound, maxBins: max(1, n), minTicks: 2)
        }
    }
}
