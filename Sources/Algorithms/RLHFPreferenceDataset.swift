import BilevelCore
import Environments

/// A growing set of labelled pairs for repeated full-batch gradient steps on the preference NLL
/// (two-stage RLHF's reward fit), for a reward model **affine** in x (`r_x = r_0 + Phi x`, e.g.
/// `LinearRewardMDP`). Each pair is stored once as its margin's affine form
/// `Delta_x = b + f . x`, with `b = r_0 . (c(sigma1) - c(sigma2))` and
/// `f = Phi^T (c(sigma1) - c(sigma2))` kept sparse, so a gradient step costs the pairs' nonzeros
/// only. Same loss and gradient as `PreferenceLikelihood` (tested).
public struct PreferenceDataset: Sendable {
    public let rewardModel: any ParametricReward
    public let actionCount: Int
    var offsets: [Double] = []
    var indices: [[Int]] = []
    var coefficients: [[Double]] = []
    /// `z_i = 1` if the first segment was preferred.
    var labels: [Double] = []

    public init(rewardModel: any ParametricReward, actionCount: Int) {
        self.rewardModel = rewardModel; self.actionCount = actionCount
    }

    public var count: Int { labels.count }

    public mutating func append(_ pairs: [PreferencePair]) {
        let zero = [Double](repeating: 0, count: rewardModel.parameterCount)
        let r0 = rewardModel.reward(at: zero)
        for p in pairs {
            var diff = [Double](repeating: 0, count: r0.count)
            p.first.addCounts(into: &diff, actionCount: actionCount, weight: 1)
            p.second.addCounts(into: &diff, actionCount: actionCount, weight: -1)
            var b = 0.0
            for i in diff.indices where diff[i] != 0 { b += diff[i] * r0[i] }
            let f = rewardModel.pullback(at: zero, weights: diff)
            let nz = f.indices.filter { f[$0] != 0 }
            offsets.append(b)
            indices.append(nz)
            coefficients.append(nz.map { f[$0] })
            labels.append(p.firstPreferred ? 1 : 0)
        }
    }

    /// `d/dx (1/N) sum_i l_i(x) = (1/N) sum_i (sigmoid(Delta_i(x)) - z_i) f_i`.
    public func gradient(at x: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: x.count)
        guard count > 0 else { return g }
        let scale = 1 / Double(count)
        for i in 0..<count {
            let idx = indices[i], f = coefficients[i]
            var margin = offsets[i]
            for j in 0..<idx.count { margin += f[j] * x[idx[j]] }
            let e = (sigmoid(margin) - labels[i]) * scale
            for j in 0..<idx.count { g[idx[j]] += e * f[j] }
        }
        return g
    }
}
