import Foundation

/// Softmax heads over rows of logits (batch x k): log-softmax, and the gradients of the two
/// losses a softmax head is trained with, written by hand with respect to the logits `z`:
///
/// - weighted negative log-likelihood `L = sum_i w_i (-log p_i[y_i])`:
///   `dL/dz_ij = w_i (p_ij - [j == y_i])`;
/// - entropy `H = sum_i H_i`, `H_i = -sum_j p_ij log p_ij`:
///   `dH/dz_ij = -p_ij (log p_ij + H_i)`.
public enum Softmax {
    /// Row-wise `log softmax(z)`, computed as `z - max - log sum exp(z - max)`.
    public static func logSoftmax(_ z: [Double], columns k: Int) -> [Double] {
        precondition(k >= 1 && z.count % k == 0, "logSoftmax: \(z.count) logits do not form rows of \(k)")
        var out = z
        for r in 0..<(z.count / k) {
            var m = -Double.infinity
            for j in 0..<k { m = max(m, z[r * k + j]) }
            var s = 0.0
            for j in 0..<k { s += Foundation.exp(z[r * k + j] - m) }
            let lse = m + Foundation.log(s)
            for j in 0..<k { out[r * k + j] = z[r * k + j] - lse }
        }
        return out
    }

    /// Per-row entropy from log-probabilities.
    public static func entropy(logProbabilities lp: [Double], columns k: Int) -> [Double] {
        (0..<(lp.count / k)).map { r in
            var h = 0.0
            for j in 0..<k { h -= Foundation.exp(lp[r * k + j]) * lp[r * k + j] }
            return h
        }
    }

    /// `d/dz sum_i w_i (-log p_i[y_i])`.
    public static func weightedNLLGradient(logProbabilities lp: [Double], columns k: Int, labels: [Int], weights: [Double]) -> [Double] {
        precondition(labels.count * k == lp.count && weights.count == labels.count, "weightedNLLGradient: sizes disagree")
        var g = [Double](repeating: 0, count: lp.count)
        for r in 0..<labels.count {
            for j in 0..<k { g[r * k + j] = weights[r] * Foundation.exp(lp[r * k + j]) }
            g[r * k + labels[r]] -= weights[r]
        }
        return g
    }

    /// `d/dz sum_i c_i H_i` (`c_i` a weight per row).
    public static func entropyGradient(logProbabilities lp: [Double], columns k: Int, weights: [Double]) -> [Double] {
        let h = entropy(logProbabilities: lp, columns: k)
        var g = [Double](repeating: 0, count: lp.count)
        for r in 0..<h.count {
            for j in 0..<k { g[r * k + j] = -weights[r] * Foundation.exp(lp[r * k + j]) * (lp[r * k + j] + h[r]) }
        }
        return g
    }

    /// Samples one index per row from `exp(lp)` with one uniform per row (inverse CDF).
    public static func sample<G: RandomNumberGenerator>(logProbabilities lp: [Double], columns k: Int, rng: inout G) -> [Int] {
        (0..<(lp.count / k)).map { r in
            let u = Initializer.uniform(&rng)
            var c = 0.0
            for j in 0..<(k - 1) {
                c += Foundation.exp(lp[r * k + j])
                if u < c { return j }
            }
            return k - 1
        }
    }
}

/// Scalar losses with their hand-written gradients.
public enum Loss {
    /// `sum_i w (x_i - t_i)^2` and its gradient `2 w (x_i - t_i)`.
    public static func squaredError(_ x: [Double], target t: [Double], weight w: Double = 1) -> (value: Double, gradient: [Double]) {
        precondition(x.count == t.count, "squaredError: \(x.count) predictions, \(t.count) targets")
        var v = 0.0
        var g = [Double](repeating: 0, count: x.count)
        for i in 0..<x.count {
            let d = x[i] - t[i]
            v += w * d * d
            g[i] = 2 * w * d
        }
        return (v, g)
    }

    /// Logistic (Bradley-Terry) negative log-likelihood of a preference with score difference
    /// `d = s1 - s2` and target probability `y = P(first preferred)` (a label is 0 or 1):
    /// `-(y log sigmoid(d) + (1 - y) log sigmoid(-d))`, with derivative `sigmoid(d) - y`.
    /// Evaluated stably as `softplus(d) - y d`.
    public static func logistic(difference d: Double, target y: Double) -> (value: Double, derivative: Double) {
        let softplus = d > 0 ? d + Foundation.log1p(Foundation.exp(-d)) : Foundation.log1p(Foundation.exp(d))
        return (softplus - y * d, sigmoid(d) - y)
    }

    public static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
    }
}
