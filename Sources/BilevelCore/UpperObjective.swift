/// The upper-level objective `f(x, pi)` of the bilevel problem (docs/math.md section 2), with its
/// partial gradients: `gradX = df/dx` at fixed policy and `gradPolicy[s,a] = df/dpi[s,a]` (the
/// policy table treated as free variables). Gradients in logits follow by
/// `Policy.logitGradient(fromPolicyGradient:)`.
public protocol UpperObjective: Sendable {
    func evaluate(x: [Double], policy: Policy, lower: TabularMDP) -> UpperEvaluation
    /// `f(x, pi)` alone (default: `evaluate(...).value`).
    func value(x: [Double], policy: Policy, lower: TabularMDP) -> Double
    /// As `evaluate(x:policy:lower:)`, given the lower level's evaluation of the same policy in
    /// `lower` (whose linear system an objective built on values of `pi` may reuse; the
    /// default ignores it).
    func evaluate(x: [Double], policy: Policy, lower: TabularMDP, lowerEvaluation: PolicyEvaluation?) -> UpperEvaluation
    /// As `value(x:policy:lower:)`, given the lower level's evaluation of the same policy.
    func value(x: [Double], policy: Policy, lower: TabularMDP, lowerEvaluation: PolicyEvaluation?) -> Double
}

extension UpperObjective {
    public func value(x: [Double], policy: Policy, lower: TabularMDP) -> Double {
        evaluate(x: x, policy: policy, lower: lower).value
    }
    public func evaluate(x: [Double], policy: Policy, lower: TabularMDP, lowerEvaluation: PolicyEvaluation?) -> UpperEvaluation {
        evaluate(x: x, policy: policy, lower: lower)
    }
    public func value(x: [Double], policy: Policy, lower: TabularMDP, lowerEvaluation: PolicyEvaluation?) -> Double {
        value(x: x, policy: policy, lower: lower)
    }
}

public struct UpperEvaluation: Sendable {
    public var value: Double
    public var gradX: [Double]
    public var gradPolicy: [Double]
    public init(value: Double, gradX: [Double], gradPolicy: [Double]) {
        self.value = value; self.gradX = gradX; self.gradPolicy = gradPolicy
    }
}

/// `f(x, pi) = -V_U^pi(rho_U) + (regularization/2) |x|^2`: the negative *unregularized*
/// discounted value of a leader/designer reward `r_U(x)` on the follower's dynamics `P_x`.
///
/// Gradients (docs/math.md section 4): `df/dpi[s,a] = -d_U(s) Q_U[s,a]` with `d_U` the occupancy from
/// `rho_U`; `df/dx = -sum_s d_U(s) sum_a pi (dr_U/dx + c(s) dP_x/dx V_U) + regularization * x`,
/// the transition part through the lower parameterization's pullback.
public struct NegativeUpperValue: UpperObjective {
    public let reward: any ParametricReward
    public let dynamics: any ParametricMDP
    /// Start distribution of the upper value; `nil` = the lower MDP's `rho`.
    public let initialDistribution: [Double]?
    public let regularization: Double

    public init(reward: any ParametricReward, dynamics: any ParametricMDP, initialDistribution: [Double]? = nil, regularization: Double = 0) {
        self.reward = reward
        self.dynamics = dynamics
        self.initialDistribution = initialDistribution
        self.regularization = regularization
    }

    /// `V_U^pi` on the lower dynamics: reuses the linear system of `lowerEvaluation` (the
    /// evaluation of `policy` in `lower`) when given, else the dynamics' memo.
    func upperEvaluation(x: [Double], policy: Policy, lower: TabularMDP, lowerEvaluation: PolicyEvaluation?) -> PolicyEvaluation {
        var upper = try! lower.with(rewards: reward.reward(at: x))
        if let rho = initialDistribution { upper = try! upper.with(initialDistribution: rho) }
        if let ev = lowerEvaluation {
            precondition(ev.policy == policy && ev.mdp.sparseTransitions === lower.sparseTransitions,
                         "lowerEvaluation must evaluate the same policy in the same dynamics")
            return ev.reevaluated(in: upper, tau: 0)
        }
        return PolicyEvaluation(mdp: upper, policy: policy, tau: 0)
    }

    public func value(x: [Double], policy: Policy, lower: TabularMDP) -> Double {
        value(x: x, policy: policy, lower: lower, lowerEvaluation: nil)
    }

    public func value(x: [Double], policy: Policy, lower: TabularMDP, lowerEvaluation: PolicyEvaluation?) -> Double {
        let ev = upperEvaluation(x: x, policy: policy, lower: lower, lowerEvaluation: lowerEvaluation)
        return -ev.initialValue + 0.5 * regularization * dot(x, x)
    }

    public func evaluate(x: [Double], policy: Policy, lower: TabularMDP) -> UpperEvaluation {
        evaluate(x: x, policy: policy, lower: lower, lowerEvaluation: nil)
    }

    public func evaluate(x: [Double], policy: Policy, lower: TabularMDP, lowerEvaluation: PolicyEvaluation?) -> UpperEvaluation {
        let ev = upperEvaluation(x: x, policy: policy, lower: lower, lowerEvaluation: lowerEvaluation)
        let n = lower.stateCount, m = lower.actionCount
        let d = ev.occupancy
        var gradPolicy = [Double](repeating: 0, count: n * m)
        var w = [Double](repeating: 0, count: n * m)
        var wp = [Double](repeating: 0, count: n * m)
        for s in 0..<n {
            for a in 0..<m {
                let i = s * m + a
                gradPolicy[i] = -d[s] * ev.qValues[i]
                w[i] = -d[s] * policy.probabilities[i]
                wp[i] = lower.continuation[s] * w[i]
            }
        }
        var gx = reward.pullback(at: x, weights: w)
        let gp = dynamics.pullback(at: x, rewardWeights: [Double](repeating: 0, count: n * m), transitionWeights: wp, values: ev.values)
        for k in 0..<gx.count { gx[k] += gp[k] + regularization * x[k] }
        return UpperEvaluation(value: -ev.initialValue + 0.5 * regularization * dot(x, x), gradX: gx, gradPolicy: gradPolicy)
    }
}
