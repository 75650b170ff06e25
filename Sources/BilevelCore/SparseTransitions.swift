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
    }

    /// Forgets the memoized factorizations (benchmarks call this so that every repetition
    /// pays for its own; results never depend on it).
    public func removeCachedFactorizations() { factorizations.removeAll() }

    /// Number of stored (nonzero) transition probabilities.
    public var nonzeroCount: Int { column.count }
}
