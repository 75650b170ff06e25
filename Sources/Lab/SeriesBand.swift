/// Pointwise statistics of one series over several runs (seeds): what a convergence
/// figure draws as a mean line with a shaded band.
///
/// For runs `x⁽¹⁾, …, x⁽ⁿ⁾` (truncated to the shortest length), at each index `k`:
/// `mean[k] = (1/n) Σᵢ xᵢ[k]`; `std[k]` the sample standard deviation
/// `sqrt(Σᵢ (xᵢ[k] − mean[k])² / (n − 1))` (0 when n = 1); `min[k]`, `max[k]` the extremes.
/// `lower(.std)`/`upper(.std)` are `mean ∓ std`; `.minMax` gives `min`/`max`. The caption
/// should say which band is drawn and how many runs `count` it is over.
public struct SeriesBand: Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// mean ± one sample standard deviation
        case std
        /// min to max over runs
        case minMax = "min-max"
    }

    public var count: Int
    public var mean: [Double]
    public var std: [Double]
    public var min: [Double]
    public var max: [Double]

    public init(_ runs: [[Double]]) {
        count = runs.count
        let length = runs.map(\.count).min() ?? 0
        mean = []; std = []; min = []; max = []
        for k in 0..<length {
            let column = runs.map { $0[k] }
            let m = column.reduce(0, +) / Double(column.count)
            mean.append(m)
            std.append(column.count > 1
                ? (column.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(column.count - 1)).squareRoot() : 0)
            min.append(column.min()!)
            max.append(column.max()!)
        }
    }

    public func lower(_ kind: Kind) -> [Double] {
        kind == .std ? zip(mean, std).map { $0 - $1 } : min
    }

    public func upper(_ kind: Kind) -> [Double] {
        kind == .std ? zip(mean, std).map { $0 + $1 } : max
    }

    /// Standard error of the mean at each index: `std / sqrt(count)`.
    public var standardError: [Double] {
        std.map { count > 0 ? $0 / Double(count).squareRoot() : 0 }
    }
}

extension Array where Element == RunRecord {
    /// The band of series `name` over these records (records lacking it are skipped).
    public func band(_ name: String) -> SeriesBand {
        SeriesBand(compactMap { $0.series[name] })
    }

    /// The final metric `name` of each record that has it, in record order.
    public func finals(_ name: String) -> [Double] {
        compactMap { $0.finals[name] }
    }
}
