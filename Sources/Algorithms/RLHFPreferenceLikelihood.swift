import BilevelCore
import Environments
import Foundation

/// `-log sigmoid(z) = log(1 + e^-z)`, stable for large `|z|`.
@inlinable func softplusNegative(_ z: Double) -> Double {
    z >= 0 ? Foundation.log1p(Foundation.exp(-z)) : -z + Foundation.log1p(Foundation.exp(z))
}

/// The Bradley-Terry negative log-likelihood of preference labels under a reward model
/// `r_x` (the upper-level loss of RLHF as bilevel RL, docs/experiments.md E3).
///
/// For a pair with label `z = 1[sigma1 > sigma2]` and model margin
/// `Delta_x = R_x(sigma1) - R_x(sigma2)` (undiscounted segment returns of `r_x`):
///
///     l(x; sigma1, sigma2, z) = -z log sigmoid(Delta_x) - (1 - z) log sigmoid(-Delta_x),
///     dl/dx = (sigmoid(Delta_x) - z) * J_r^T (c(sigma1) - c(sigma2)),
///
/// with `c(sigma)` the segment's state-action visit counts and `J_r^T` the reward model's
/// pullback (identity for the tabular model).
public struct PreferenceLikelihood: Sendable {
    public let rewardModel: any ParametricReward
    public let actionCount: Int

    public init(rewardModel: any ParametricReward, actionCount: Int) {
        self.rewardModel = rewardModel; self.actionCount = actionCount
    }

    /// `Delta_x` for a pair, given the reward table `r_x`.
    func margin(_ pair: PreferencePair, reward r: [Double]) -> Double {
        pair.first.returnUnder(r, actionCount: actionCount) - pair.second.returnUnder(r, actionCount: actionCount)
    }

    /// Per-pair losses `l_i` at `x`.
    public func losses(_ pairs: [PreferencePair], x: [Double]) -> [Double] {
        let r = rewardModel.reward(at: x)
        return pairs.map { p in
            let d = margin(p, reward: r)
            return p.firstPreferred ? softplusNegative(d) : softplusNegative(-d)
        }
    }

    /// Mean loss `(1/N) sum_i l_i` at `x`.
    public func meanLoss(_ pairs: [PreferencePair], x: [Double]) -> Double {
        guard !pairs.isEmpty else { return 0 }
        return losses(pairs, x: x).reduce(0, +) / Double(pairs.count)
    }

    /// `d/dx (1/N) sum_i l_i` (exact, for the given pairs).
    public func gradientX(_ pairs: [PreferencePair], x: [Double]) -> [Double] {
        let r = rewardModel.reward(at: x)
        var w = [Double](repeating: 0, count: r.count)
        let scale = 1 / Double(max(pairs.count, 1))
        for p in pairs {
            let e = (sigmoid(margin(p, reward: r)) - (p.firstPreferred ? 1 : 0)) * scale
            p.first.addCounts(into: &w, actionCount: actionCount, weight: e)
            p.second.addCounts(into: &w, actionCount: actionCount, weight: -e)
        }
        return rewardModel.pullback(at: x, weights: w)
    }

    /// Score-function (REINFORCE) estimate of the gradient in the policy logits `y` of the
    /// expected loss `f(x, y) = E_{sigma1, sigma2 ~ pi_y, z ~ BT}[l(x; sigma1, sigma2, z)]`,
    /// from pairs drawn i.i.d. from `pi_y`:
    ///
    ///     g_y = (1/N) sum_i (l_i - b_i) (score(sigma1_i) + score(sigma2_i)),
    ///     score(sigma)[s, a] = sum_t 1[s_t = s] (1[a_t = a] - pi_y(a|s)),
    ///
    /// with the leave-one-out baseline `b_i = mean_{j != i} l_j` (independent of pair `i`, so the
    /// estimate stays unbiased; `b_i = 0` when `N = 1`). Derivation: `P_y(sigma1, sigma2) =
    /// P_y(sigma1) P_y(sigma2)`, `grad E[l] = E[l grad log P_y(sigma1, sigma2)]` since `l` does not
    /// depend on `y`, and the label's distribution depends only on the segments.
    public func scoreFunctionGradient(_ pairs: [PreferencePair], x: [Double], policy: Policy) -> [Double] {
        var g = [Double](repeating: 0, count: policy.probabilities.count)
        let n = pairs.count
        guard n > 0 else { return g }
        let l = losses(pairs, x: x)
        let total = l.reduce(0, +)
        for (i, p) in pairs.enumerated() {
            let baseline = n > 1 ? (total - l[i]) / Double(n - 1) : 0
            let w = (l[i] - baseline) / Double(n)
            p.first.addScore(into: &g, policy: policy, weight: w)
            p.second.addScore(into: &g, policy: policy, weight: w)
        }
        return g
    }
}

/// A fixed held-out set of segment pairs with the sign of their true return difference, for
/// the preference-prediction accuracy of a reward model.
public struct HeldOutPreferences: Sendable {
    public let pairs: [(Segment, Segment)]
    /// `sign(R_true(sigma1) - R_true(sigma2))`, never 0 (tied pairs are dropped).
    public let trueSigns: [Double]
    public let actionCount: Int

    /// Keeps the pairs whose true returns differ by more than `1e-9`.
    public init(pairs: [(Segment, Segment)], trueReward: [Double], actionCount m: Int) {
        var kept = [(Segment, Segment)](), signs = [Double]()
        for (a, b) in pairs {
            let d = a.returnUnder(trueReward, actionCount: m) - b.returnUnder(trueReward, actionCount: m)
            if abs(d) > 1e-9 { kept.append((a, b)); signs.append(d > 0 ? 1 : -1) }
        }
        self.pairs = kept; self.trueSigns = signs; self.actionCount = m
    }

    /// Fraction of pairs on which `r` orders the segments as the true reward does; a model tie
    /// (`|Delta| <= 1e-12`) counts 1/2 (a coin flip).
    public func accuracy(reward r: [Double]) -> Double {
        guard !pairs.isEmpty else { return .nan }
        var hits = 0.0
        for (i, (a, b)) in pairs.enumerated() {
            let d = a.returnUnder(r, actionCount: actionCount) - b.returnUnder(r, actionCount: actionCount)
            if abs(d) <= 1e-12 { hits += 0.5 } else if (d > 0) == (trueSigns[i] > 0) { hits += 1 }
        }
        return hits / Double(pairs.count)
    }
}
