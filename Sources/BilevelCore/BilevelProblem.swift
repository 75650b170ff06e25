/// A bilevel RL problem (docs/math.md section 2):
/// `min_{x in X, y} f(x, y)  s.t.  pi_y = pi*_x`, the soft-optimal policy of `M_tau(x)`.
public struct BilevelProblem: Sendable {
    public let lower: any ParametricMDP
    public let upper: any UpperObjective

    public init(lower: any ParametricMDP, upper: any UpperObjective) {
        self.lower = lower
        self.upper = upper
    }

    public var parameterCount: Int { lower.parameterCount }

    /// Gradient in x of `V^pi_x(rho)` at a fixed policy (docs/math.md section 4):
    /// `sum_s d(s) sum_a pi[s,a] (dr_x/dx + c(s) sum_s' dP_x/dx V^pi(s'))`, from the evaluation
    /// of that policy in `M_tau(x)`.
    public func valueGradientX(x: [Double], evaluation ev: PolicyEvaluation) -> [Double] {
        let w = stateWeightedPolicy(ev.occupancy, ev.policy)
        return pullback(x: x, mdp: ev.mdp, weights: w, values: ev.values)
    }

    /// `sum_{s,a} W (dr/dx + c(s) dP/dx v)`: the adjoint contraction every x-gradient reduces to.
    func pullback(x: [Double], mdp: TabularMDP, weights w: [Double], values v: [Double]) -> [Double] {
        let m = mdp.actionCount
        var wp = w
        for s in 0..<mdp.stateCount {
            let c = mdp.continuation[s]
            for a in 0..<m { wp[s * m + a] *= c }
        }
        return lower.pullback(at: x, rewardWeights: w, transitionWeights: wp, values: v)
    }
}

/// A penalty value with its gradients in `x` and in the logits `y`.
public struct PenaltyEvaluation: Sendable {
    public let value: Double
    public let gradX: [Double]
    public let gradY: [Double]
}

/// `W[s,a] = d(s) pi[s,a]`.
func stateWeightedPolicy(_ d: [Double], _ pi: Policy) -> [Double] {
    let m = pi.actionCount
    var w = pi.probabilities
    for s in 0..<pi.stateCount { for a in 0..<m { w[s * m + a] *= d[s] } }
    return w
}
