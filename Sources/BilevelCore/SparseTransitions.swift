/// The transition tensor in compressed sparse rows: row `(s, a)` (index `s * m + a`) holds the
/// successors `column[rowStart[sa] ..< rowStart[sa + 1]]` with probabilities `probability[...]`
/// (exactly the nonzero entries of the dense `transitions`, in increasing `s'`).
///
/// Shared, never copied, by every MDP derived from one another with `with(rewards:)`,
/// `with(initialDistribution:)` or `with(tau:)`: they have the same dynamics and continuation,
/// hence the same matrices `I - C P_pi`, whose LU factorizations `factorizations` memoizes per
/// policy (the follower's evaluation and the leader's evaluation of the same policy share one).
public final class SparseTransitions: Sendable {
    public let stateCount: Int
    public let actionCount: Int
    public let rowStart: [Int]
    public let column: [Int]
    public let probability: [Double]
    let factorizations: FactorizationCache
    /// `max (s' - s)` and `max (s - s')` over the stored transitions `s -> s'`: the upper and
    /// lower bandwidths of every `I - C P_pi`.
    public let upperBandwidth: Int
    public let lowerBandwidth: Int

    init(dense P: [Double], stateCount n: Int, actionCount m: Int) {
        var rowStart = [Int](repeating: 0, count: n * m + 1)
        var column: [Int] = [], probability: [Double] = []
        P.withUnsafeBufferPointer { P in
            for sa in 0..<(n * m) {
                let base = sa * n
                for t in 0..<n where P[base + t] != 0 {
                    column.append(t)
                    probability.append(P[base + t])
                }
                rowStart[sa + 1] = column.count
            }
        }
        self.stateCount = n
        self.actionCount = m
        self.rowStart = rowStart
        self.column = column
        self.probability = probability
        self.factorizations = FactorizationCache(stateCount: n)
        var up = 0, low = 0
        for sa in 0..<(n * m) {
            let s = sa / m
            for k in rowStart[sa]..<rowStart[sa + 1] { up = max(up, column[k] - s); low = max(low, s - column[k]) }
        }
        self.upperBandwidth = up
        self.lowerBandwidth = low
    }

    /// Whether `I - C P_pi` is factorized as a band matrix: when its band LU costs less than a
    /// quarter of the dense one, `4 b_u (b_u + b_l + 1) < n^2` (e.g. grid worlds numbered row
    /// by row), and `n` is large enough for LAPACK.
    public var prefersBanded: Bool {
        stateCount >= LUFactorization.lapackThreshold
            && 4 * upperBandwidth * (upperBandwidth + lowerBandwidth + 1) < stateCount * stateCount
    }

    /// Forgets the memoized factorizations (benchmarks call this so that every repetition
    /// pays for its own; results never depend on it).
    public func removeCachedFactorizations() { factorizations.removeAll() }

    /// Number of stored (nonzero) transition probabilities.
    public var nonzeroCount: Int { column.count }
}
