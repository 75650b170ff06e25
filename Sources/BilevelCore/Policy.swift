import Foundation

/// A stochastic policy table `pi[s * m + a]`, each row on the probability simplex.
///
/// Policies built by `softmax(logits:)` have strictly positive entries, so `log pi` is finite;
/// `init(probabilities:)` validates a user table (finite, >= 0, rows summing to 1 within 1e-9).
public struct Policy: Sendable, Equatable {
    public let stateCount: Int
    public let actionCount: Int
    public let probabilities: [Double]
    /// `log pi(a|s)` (`-infinity` where the probability is zero). For `softmax` policies it is
    /// computed from the logits, `(y - max y)/T - log Z`, so it stays finite (and exact to
    /// rounding) even where the probability underflows; no logarithm per entry.
    public let logProbabilities: [Double]

    public init(stateCount n: Int, actionCount m: Int, probabilities: [Double]) throws {
        guard probabilities.count == n * m else {
            throw MDPError.policy("table has \(probabilities.count) entries, expected n*m = \(n * m)")
        }
        for s in 0..<n {
            var sum = 0.0
            for a in 0..<m {
                let p = probabilities[s * m + a]
                guard p.isFinite, p >= 0, p <= 1 else {
                    throw MDPError.policy("pi[s=\(s), a=\(a)] = \(p) is not a probability")
                }
                sum += p
            }
            guard abs(sum - 1) <= TabularMDP.rowSumTolerance else {
                throw MDPError.policy("row pi[s=\(s), :] sums to \(sum), must sum to 1")
            }
        }
        self.init(unchecked: probabilities, stateCount: n, actionCount: m)
    }

    /// Unchecked initializer for tables produced by this library.
    @usableFromInline init(unchecked probabilities: [Double], stateCount n: Int, actionCount m: Int,
                           logProbabilities: [Double]? = nil) {
        self.stateCount = n
        self.actionCount = m
        self.probabilities = probabilities
        self.logProbabilities = logProbabilities ?? probabilities.map { Foundation.log($0) }
    }

    /// The uniform policy.
    public static func uniform(stateCount n: Int, actionCount m: Int) -> Policy {
        Policy(unchecked: [Double](repeating: 1.0 / Double(m), count: n * m), stateCount: n, actionCount: m)
    }

    /// `pi_y(a|s) = exp(y[s,a]) / sum_b exp(y[s,b])`, computed with the row maximum subtracted
    /// so that logits of any magnitude (e.g. `Q / tau` with `tau = 1e-3`) neither overflow nor
    /// lose the largest entry.
    public static func softmax(logits y: [Double], stateCount n: Int, actionCount m: Int, temperature: Double = 1) -> Policy {
        softmaxAndSoftMaximum(logits: y, stateCount: n, actionCount: m, temperature: temperature).policy
    }

    /// `softmax(y / T)` together with the row-wise soft maximum `T log sum_a exp(y[s,a] / T)`
    /// (the same numbers as `softMaximum(_:stateCount:actionCount:tau:)`), from one pass of
    /// exponentials: for `y = Q`, `T = tau` these are `sigma = softGreedy(Q)` and `tau LSE(Q/tau)`.
    public static func softmaxAndSoftMaximum(logits y: [Double], stateCount n: Int, actionCount m: Int,
                                             temperature: Double = 1) -> (policy: Policy, softMaximum: [Double]) {
        precondition(y.count == n * m, "softmax: logits have \(y.count) entries, expected \(n * m)")
        var p = [Double](repeating: 0, count: n * m)
        var logp = [Double](repeating: 0, count: n * m)
        var lse = [Double](repeating: 0, count: n)
        for s in 0..<n {
            let row = s * m
            var mx = -Double.infinity
            for a in 0..<m { mx = max(mx, y[row + a]) }
            var z = 0.0
            for a in 0..<m {
                let u = (y[row + a] - mx) / temperature
                logp[row + a] = u
                let e = Foundation.exp(u)
                p[row + a] = e
                z += e
            }
            let logZ = Foundation.log(z)
            lse[s] = mx + temperature * logZ
            for a in 0..<m {
                p[row + a] /= z
                logp[row + a] -= logZ
            }
        }
        return (Policy(unchecked: p, stateCount: n, actionCount: m, logProbabilities: logp), lse)
    }

    @inlinable public subscript(s: Int, a: Int) -> Double { probabilities[s * actionCount + a] }

    /// Entropy per state, `H(s) = -sum_a pi log pi` (0 log 0 = 0).
    public var entropy: [Double] {
        (0..<stateCount).map { s in
            var h = 0.0
            for a in 0..<actionCount {
                let p = probabilities[s * actionCount + a]
                if p > 0 { h -= p * logProbabilities[s * actionCount + a] }
            }
            return h
        }
    }

    /// The chain rule through the softmax: given `G[s,a] = df/dpi[s,a]`, returns
    /// `df/dy[s,a] = pi[s,a] (G[s,a] - sum_b pi[s,b] G[s,b])`.
    public func logitGradient(fromPolicyGradient g: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: g.count)
        for s in 0..<stateCount {
            let row = s * actionCount
            var mean = 0.0
            for a in 0..<actionCount { mean += probabilities[row + a] * g[row + a] }
            for a in 0..<actionCount { out[row + a] = probabilities[row + a] * (g[row + a] - mean) }
        }
        return out
    }

    /// `KL(pi(.|s) || other(.|s))` per state.
    public func klDivergence(to other: Policy) -> [Double] {
        (0..<stateCount).map { s in
            var kl = 0.0
            for a in 0..<actionCount {
                let p = self[s, a]
                if p > 0 { kl += p * (logProbabilities[s * actionCount + a] - other.logProbabilities[s * actionCount + a]) }
            }
            return kl
        }
    }
}

/// `tau * log sum_a exp(q[a] / tau)` over each row of an `n x m` table, with the row maximum
/// subtracted (stable for `tau` down to 1e-3 and beyond).
public func softMaximum(_ q: [Double], stateCount n: Int, actionCount m: Int, tau: Double) -> [Double] {
    (0..<n).map { s in
        let row = s * m
        var mx = -Double.infinity
        for a in 0..<m { mx = max(mx, q[row + a]) }
        var z = 0.0
        for a in 0..<m { z += Foundation.exp((q[row + a] - mx) / tau) }
        return mx + tau * Foundation.log(z)
    }
}
