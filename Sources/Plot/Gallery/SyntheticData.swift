import Foundation

/// A tiny seeded generator (SplitMix64) so gallery data are identical on every run.
struct GalleryRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return sqrt(-2 * log(u)) * cos(2 * Double.pi * v)
    }
}

/// Mean, minimum and maximum over seeds at each index.
func seedSummary(_ runs: [[Double]]) -> (mean: [Double], lo: [Double], hi: [Double]) {
    let n = runs[0].count
    var m = [Double](repeating: 0, count: n), lo = m, hi = m
    for i in 0..<n {
        let col = runs.map { $0[i] }
        m[i] = col.reduce(0, +) / Double(col.count)
        lo[i] = col.min()!; hi[i] = col.max()!
    }
    return (m, lo, hi)
}
