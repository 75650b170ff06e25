/// Exact evaluation of a fixed policy in an entropy-regularized MDP (math.md section 1).
///
/// With `A = I - C P_pi` (`C = diag(continuation)`), `P_pi[s,s'] = sum_a pi[s,a] P[s,a,s']`:
/// - `V = A^{-1} (r_pi + tau H_pi)` (regularized value; `tau` may be overridden, e.g. 0 for a
///   leader's unregularized value on the follower's dynamics),
/// - `Q = r + C P V`,
/// - `occupancy = A^{-T} rho` (unnormalized; sums to `1/(1-gamma)` without terminal states).
/// One LU factorization of `A` is computed and kept, so further solves with the same policy
/// (weighted occupancies `A^{-T} w`, adjoints of x-gradients) cost O(n^2) each.
public struct PolicyEvaluation: Sendable {
    public let mdp: TabularMDP
    public let policy: Policy
    /// The temperature of the entropy bonus used in `values`.
    public let tau: Double
    public let values: [Double]
    public let qValues: [Double]
    public let factorization: LUFactorization

    public init(mdp: TabularMDP, policy: Policy, tau: Double? = nil) {
        let n = mdp.stateCount, m = mdp.actionCount
        precondition(policy.stateCount == n && policy.actionCount == m, "policy shape does not match the MDP")
        let t = tau ?? mdp.tau
        let pi = policy.probabilities
        var b = [Double](repeating: 0, count: n)
        pi.withUnsafeBufferPointer { pi in
            mdp.rewards.withUnsafeBufferPointer { r in
                for s in 0..<n {
                    var rhs = 0.0
                    for act in 0..<m {
                        let p = pi[s * m + act]
                        if p == 0 { continue }
                        rhs += t == 0 ? p * r[s * m + act] : p * (r[s * m + act] - t * log(p))
                    }
                    b[s] = rhs
                }
            }
        }
        // The matrix I - C P_pi depends on (P, C, pi) only: evaluations of one policy under
        // several rewards or temperatures (follower and leader values) share its factorization.
        let cache = mdp.sparseTransitions.factorizations
        let key = FactorizationCache.key(pi)
        let lu: LUFactorization
        if let hit = cache.lookup(pi, hash: key) {
            lu = hit
        } else {
            // I - C P_pi is strictly row diagonally dominant for gamma < 1: never singular.
            let sp = mdp.sparseTransitions
            if sp.prefersBanded {
                var ab = Self.bandMatrix(mdp, pi)
                lu = try! LUFactorization(bandedTransposed: &ab, n: n, lower: sp.upperBandwidth, upper: sp.lowerBandwidth)
            } else {
                var a = Self.matrix(mdp, pi)
                lu = try! LUFactorization(factoring: &a, n: n)
            }
            cache.insert(pi, hash: key, lu)
        }
        lu.solve(&b, transposed: false)
        self.mdp = mdp
        self.policy = policy
        self.tau = t
        self.values = b
        self.qValues = mdp.qValues(from: b)
        self.factorization = lu
    }

    /// `M = (I - C P_pi)^T` in LAPACK band storage (see `LUFactorization(bandedTransposed:...)`):
    /// `M` has `upperBandwidth` sub- and `lowerBandwidth` super-diagonals. Column s of M holds
    /// row s of A: `A[s, t]` is at `ab[kl + ku + t - s + s * ld]`.
    static func bandMatrix(_ mdp: TabularMDP, _ pi: [Double]) -> [Double] {
        let sp = mdp.sparseTransitions
        let kl = sp.upperBandwidth, ku = sp.lowerBandwidth, ld = 2 * kl + ku + 1
        return assemble(mdp, pi, count: ld * mdp.stateCount) { s, t in kl + ku + t - s + s * ld }
    }

    /// The dense row-major `I - C P_pi`, assembled from the sparse rows of `P`.
    static func matrix(_ mdp: TabularMDP, _ pi: [Double]) -> [Double] {
        let n = mdp.stateCount
        return assemble(mdp, pi, count: n * n) { s, t in s * n + t }
    }

    /// Writes `A = I - C P_pi` entry by entry into a zeroed buffer of `count` entries, `A[s, t]`
    /// at `index(s, t)`, visiting only the nonzeros of `P` (CSR rows).
    @inline(__always)
    static func assemble(_ mdp: TabularMDP, _ pi: [Double], count: Int, index: (Int, Int) -> Int) -> [Double] {
        let n = mdp.stateCount, m = mdp.actionCount
        var a = [Double](repeating: 0, count: count)
        let sp = mdp.sparseTransitions
        a.withUnsafeMutableBufferPointer { a in
            sp.rowStart.withUnsafeBufferPointer { start in
                sp.column.withUnsafeBufferPointer { col in
                    sp.probability.withUnsafeBufferPointer { prob in
                        pi.withUnsafeBufferPointer { pi in
                            for s in 0..<n {
                                a[index(s, s)] = 1
                                let c = mdp.continuation[s]
                                if c == 0 { continue }
                                for act in 0..<m {
                                    let sa = s * m + act
                                    let w = c * pi[sa]
                                    if w == 0 { continue }
                                    for k in start[sa]..<start[sa + 1] { a[index(s, col[k])] -= w * prob[k] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return a
    }

    /// `V(rho) = sum_s rho(s) V(s)` for the MDP's initial distribution.
    public var initialValue: Double { dot(mdp.initialDistribution, values) }

    /// Unnormalized discounted occupancy `d = A^{-T} rho`.
    public var occupancy: [Double] { factorization.solveTransposed(mdp.initialDistribution) }

    /// `A^{-T} w` for any (signed) state weighting `w`: the occupancy of the "start
    /// distribution" `w`.
    public func occupancy(from w: [Double]) -> [Double] { factorization.solveTransposed(w) }

    /// Gradient of `w^T V^{pi_y}` with respect to the softmax logits `y` of this policy:
    /// `d_w(s) pi[s,a] (Q[s,a] - tau log pi[s,a] - V[s])`, `d_w = A^{-T} w`.
    /// With `w = rho` this is the regularized policy gradient.
    public func logitGradient(weights w: [Double]? = nil) -> [Double] {
        let n = mdp.stateCount, m = mdp.actionCount
        let d = occupancy(from: w ?? mdp.initialDistribution)
        var g = [Double](repeating: 0, count: n * m)
        let pi = policy.probabilities
        for s in 0..<n {
            for a in 0..<m {
                let p = pi[s * m + a]
                if p == 0 { continue }
                g[s * m + a] = d[s] * p * (qValues[s * m + a] - tau * log(p) - values[s])
            }
        }
        return g
    }

    /// Gradient of `V^pi(rho)` with respect to the policy table entries (direct
    /// parameterization, unconstrained): `d(s) (Q[s,a] - tau log pi[s,a] - tau)`.
    /// For `tau = 0` this is the classical `d(s) Q[s,a]`.
    public func tableGradient() -> [Double] {
        let n = mdp.stateCount, m = mdp.actionCount
        let d = occupancy
        var g = [Double](repeating: 0, count: n * m)
        for s in 0..<n {
            for a in 0..<m {
                let p = policy.probabilities[s * m + a]
                let ent = tau == 0 ? 0 : tau * (log(p) + 1)
                g[s * m + a] = d[s] * (qValues[s * m + a] - ent)
            }
        }
        return g
    }
}

@inlinable func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in 0..<a.count { s += a[i] * b[i] }
    return s
}

import Foundation
