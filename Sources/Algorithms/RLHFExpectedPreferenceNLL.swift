import BilevelCore
import Environments
import Foundation

/// The exact upper-level objective of RLHF as bilevel RL (docs/experiments.md E3):
///
///     f(x, pi) = sum_{sigma1, sigma2} P_pi(sigma1) P_pi(sigma2) lbar(x; sigma1, sigma2),
///     lbar = -p log sigmoid(Delta_x) - (1 - p) log sigmoid(-Delta_x),
///     p = sigmoid(R_true(sigma1) - R_true(sigma2)),
///
/// the expected Bradley-Terry NLL over segment pairs drawn from the policy (the label's
/// expectation taken in closed form). Computed by enumerating every segment
/// (`TabularMDP.enumerateSegments`), so it is for tiny instances only (tests); the experiment
/// uses the sampled estimates of `PreferenceLikelihood`. Gradients:
///
///     df/dx        = J_r^T sum P1 P2 (sigmoid(Delta_x) - p) (c(sigma1) - c(sigma2)),
///     df/dpi[s,a]  = sum P1 P2 lbar (c(sigma1)[s,a] + c(sigma2)[s,a]) / pi[s,a]
///                    (the policy table as free variables: d log P_pi(sigma)/dpi[s,a] = c[s,a]/pi[s,a]).
public struct ExpectedPreferenceNLL: UpperObjective {
    public let rewardModel: any ParametricReward
    public let oracle: PreferenceOracle
    public let segmentLength: Int

    public init(rewardModel: any ParametricReward, oracle: PreferenceOracle, segmentLength: Int) {
        self.rewardModel = rewardModel; self.oracle = oracle; self.segmentLength = segmentLength
    }

    /// Per-segment weights `W(sigma) = sum_{sigma'} P(sigma) P(sigma') [lbar(sigma, sigma') + lbar(sigma', sigma)]`
    /// and the objective value, by enumeration.
    func enumerate(x: [Double], policy: Policy, lower: TabularMDP)
        -> (value: Double, gradX: [Double], segments: [(segment: Segment, probability: Double)], weights: [Double]) {
        let m = lower.actionCount
        let segs = lower.enumerateSegments(policy: policy, length: segmentLength)
        let r = rewardModel.reward(at: x)
        let rx = segs.map { $0.segment.returnUnder(r, actionCount: m) }
        let rt = segs.map { $0.segment.returnUnder(oracle.trueReward, actionCount: m) }
        var value = 0.0
        var weights = [Double](repeating: 0, count: segs.count)
        var wx = [Double](repeating: 0, count: r.count)
        var countWeight = [Double](repeating: 0, count: segs.count)
        for i in segs.indices {
            for j in segs.indices {
                let pij = segs[i].probability * segs[j].probability
                let d = rx[i] - rx[j]
                let p = sigmoid(rt[i] - rt[j])
                let l = p * softplusNegative(d) + (1 - p) * softplusNegative(-d)
                value += pij * l
                weights[i] += pij * l
                weights[j] += pij * l
                let e = pij * (sigmoid(d) - p)
                countWeight[i] += e
                countWeight[j] -= e
            }
        }
        for i in segs.indices { segs[i].segment.addCounts(into: &wx, actionCount: m, weight: countWeight[i]) }
        return (value, rewardModel.pullback(at: x, weights: wx), segs, weights)
    }

    public func evaluate(x: [Double], policy: Policy, lower: TabularMDP) -> UpperEvaluation {
        let e = enumerate(x: x, policy: policy, lower: lower)
        var gp = [Double](repeating: 0, count: policy.probabilities.count)
        for (i, s) in e.segments.enumerated() {
            s.segment.addCounts(into: &gp, actionCount: lower.actionCount, weight: e.weights[i])
        }
        for k in gp.indices { gp[k] /= policy.probabilities[k] }
        return UpperEvaluation(value: e.value, gradX: e.gradX, gradPolicy: gp)
    }

    /// The exact score-function gradient in the logits, `sum_sigma W(sigma) score(sigma)`:
    /// the expectation of `PreferenceLikelihood.scoreFunctionGradient`'s estimate.
    public func scoreFunctionGradient(x: [Double], policy: Policy, lower: TabularMDP) -> [Double] {
        let e = enumerate(x: x, policy: policy, lower: lower)
        var g = [Double](repeating: 0, count: policy.probabilities.count)
        for (i, s) in e.segments.enumerated() { s.segment.addScore(into: &g, policy: policy, weight: e.weights[i]) }
        return g
    }
}
