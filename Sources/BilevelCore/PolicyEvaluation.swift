/// Exact evaluation of a fixed policy in an entropy-regularized MDP (docs/math.md section 1).
///
/// With `A = I - C P_pi` (`C = diag(continuation)`), `P_pi[s,s'] = sum_a pi[s,a] P[s,a,s']`:
/// - `V = A^{-1} (r_pi + tau H_pi)` (regularized value; `tau` may be overridden, e.g. 0 for a
///   leader's unregularized value on the follower's dynamics),
/// - `Q = r + C P V`,
/// - `occupancy = A^{-T} rho` (unnormalized; sums to `1/(1-gamma)` without terminal states).
/// The linear systems are solved by `system` (a `PolicySystem`): an LU factorization of `A`,
/// computed once and kept, so further solves with the same policy (weighted occupancies
/// `A^{-T} w`, adjoints of x-gradients) cost O(n^2) each; or, when the caller passes the system
/// of a nearby policy as `preconditioner`, iterative refinement with its factorization, to the
/// same backward error, at O(n^2) per step instead of a new O(n^3) factorization.
public struct PolicyEvaluation: Sendable {
    public let mdp: TabularMDP
    public let policy: Policy
    /// The temperature of the entropy bonus used in `values`.
    public let tau: Double
    public let values: [Double]
    public let qValues: [Double]
    /// Solves the systems with `A` and `A^T` of this policy.
    public let system: PolicySystem

    /// Evaluates `policy` in `mdp` with an LU of `A` (shared through the dynamics' memo: the
    /// follower's and the leader's evaluations of one policy factorize once).
    public init(mdp: TabularMDP, policy: Policy, tau: Double? = nil) {
        self.init(mdp: mdp, policy: policy, tau: tau, preconditioner: nil)
    }

    /// Evaluates `policy` in `mdp`, by iterative refinement preconditioned with the
    /// factorization of `preconditioner` (the system of a nearby policy, possibly of other
    /// dynamics with the same states) when that is still a good preconditioner and converges
    /// within its budget, else with an LU of `A` (as `init(mdp:policy:tau:)`).
    /// - Parameters:
    ///   - guess: a starting point for `V` (e.g. the values of the nearby policy).
    ///   - solves: how many solves the evaluation is expected to serve (the value, the
    ///     occupancy, gradient adjoints): refinement is used only if all of them are expected
    ///     to cost less than one factorization. Soft policy iteration's evaluations need one.
    public init(mdp: TabularMDP, policy: Policy, tau: Double? = nil, preconditioner: PolicySystem?, guess: [Double]? = nil, solves: Int = 4) {
        let n = mdp.stateCount, m = mdp.actionCount
        precondition(policy.stateCount == n && policy.actionCount == m, "policy shape does not match the MDP")
        let t = tau ?? mdp.tau
        let pi = policy.probabilities
        var b = Self.rewardTerm(mdp, policy, tau: t)
        var solved: (system: PolicySystem, values: [Double])? = nil
        if let pre = preconditioner, pre.stateCount == n, pre.isGoodPreconditioner(solves: solves) {
            let candidate = PolicySystem(mdp, policy: pi, preconditioner: pre.factorization)
            if let (v, steps) = candidate.refine(b, transposed: false, guess: guess, solves: solves) {
                solved = (candidate.with(refinementSteps: steps), v)
            }
        }
        if solved == nil {
            let direct = PolicySystem.factorized(mdp, policy: pi)
            direct.factorization.solve(&b, transposed: false)
            solved = (direct, b)
        }
        self.mdp = mdp
        self.policy = policy
        self.tau = t
        self.values = solved!.values
        self.qValues = mdp.qValues(from: solved!.values)
        self.system = solved!.system
    }

    /// The evaluation of a soft optimum's policy `pi*`, refined from the factorization of the
    /// last policy soft policy iteration evaluated (which differs from `pi*` by about the solve
    /// tolerance), starting from `V*`; an LU of `A` only if that fails or was not iterated.
    public init(mdp: TabularMDP, optimum: SoftOptimum) {
        self.init(mdp: mdp, policy: optimum.policy, preconditioner: optimum.system, guess: optimum.values)
    }

    /// The same policy evaluated under another reward / temperature / start distribution of
    /// the same dynamics (`other` derived from `mdp` by `with(...)`), reusing `system`.
    public func reevaluated(in other: TabularMDP, tau: Double? = nil) -> PolicyEvaluation {
        precondition(other.sparseTransitions === mdp.sparseTransitions, "reevaluated(in:) needs the same dynamics")
        return PolicyEvaluation(mdp: other, policy: policy, tau: tau, system: system)
    }

    private init(mdp: TabularMDP, policy: Policy, tau: Double?, system: PolicySystem) {
        let t = tau ?? mdp.tau
        let b = Self.rewardTerm(mdp, policy, tau: t)
        let v = system.solve(b, transposed: false)
        self.mdp = mdp
        self.policy = policy
        self.tau = t
        self.values = v
        self.qValues = mdp.qValues(from: v)
        self.system = system
    }

    /// `r_pi + tau H_pi`: `b[s] = sum_a pi[s,a] (r[s,a] - tau log pi[s,a])` (`0 log 0 = 0`).
    static func rewardTerm(_ mdp: TabularMDP, _ policy: Policy, tau t: Double) -> [Double] {
        let n = mdp.stateCount, m = mdp.actionCount
        var b = [Double](repeating: 0, count: n)
        policy.probabilities.withUnsafeBufferPointer { pi in
            policy.logProbabilities.withUnsafeBufferPointer { logPi in
                mdp.rewards.withUnsafeBufferPointer { r in
                    for s in 0..<n {
                        var rhs = 0.0
                        for act in 0..<m {
                            let p = pi[s * m + act]
                            if p == 0 { continue }
                            rhs += t == 0 ? p * r[s * m + act] : p * (r[s * m + act] - t * logPi[s * m + act])
                        }
                        b[s] = rhs
                    }
                }
            }
        }
        return b
    }

    /// `V(rho) = sum_s rho(s) V(s)` for the MDP's initial distribution.
    public var initialValue: Double { dot(mdp.initialDistribution, values) }

    /// Unnormalized discounted occupancy `d = A^{-T} rho`.
    public var occupancy: [Double] { system.solve(mdp.initialDistribution, transposed: true) }

    /// `A^{-T} w` for any (signed) state weighting `w`: the occupancy of the "start
    /// distribution" `w`.
    public func occupancy(from w: [Double]) -> [Double] { system.solve(w, transposed: true) }

    /// Gradient of `w^T V^{pi_y}` with respect to the softmax logits `y` of this policy:
    /// `d_w(s) pi[s,a] (Q[s,a] - tau log pi[s,a] - V[s])`, `d_w = A^{-T} w`.
    /// With `w = rho` this is the regularized policy gradient.
    public func logitGradient(weights w: [Double]? = nil) -> [Double] {
        logitGradient(occupancy: occupancy(from: w ?? mdp.initialDistribution))
    }

    /// The same gradient given the weighted occupancy `d_w = A^{-T} w` (when the caller
    /// needs `d_w` itself too).
    public func logitGradient(occupancy d: [Double]) -> [Double] {
        let n = mdp.stateCount, m = mdp.actionCount
        var g = [Double](repeating: 0, count: n * m)
        let pi = policy.probabilities
        for s in 0..<n {
            for a in 0..<m {
                let p = pi[s * m + a]
                if p == 0 { continue }
                g[s * m + a] = d[s] * p * (qValues[s * m + a] - tau * policy.logProbabilities[s * m + a] - values[s])
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
                let ent = tau == 0 ? 0 : tau * (policy.logProbabilities[s * m + a] + 1)
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
