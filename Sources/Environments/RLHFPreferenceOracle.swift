import BilevelCore
import Foundation

/// `sigmoid(z) = 1 / (1 + e^-z)`, evaluated without overflow for large `|z|`.
@inlinable public func sigmoid(_ z: Double) -> Double {
    z >= 0 ? 1 / (1 + Foundation.exp(-z)) : Foundation.exp(z) / (1 + Foundation.exp(z))
}

/// A labelled preference query: two segments and whether the first is preferred.
public struct PreferencePair: Sendable, Hashable {
    public var first: Segment
    public var second: Segment
    /// `true` iff the labeller preferred `first` (`sigma1 > sigma2`).
    public var firstPreferred: Bool

    public init(first: Segment, second: Segment, firstPreferred: Bool) {
        self.first = first; self.second = second; self.firstPreferred = firstPreferred
    }
}

/// The simulated human: a Bradley-Terry labeller on the hidden true reward,
/// `P(sigma1 > sigma2) = sigmoid(R_true(sigma1) - R_true(sigma2))`, with `R_true` the
/// undiscounted segment return (`Segment.returnUnder`). Labels are drawn with the caller's
/// seeded generator, so a run is reproducible.
public struct PreferenceOracle: Sendable {
    public let trueReward: [Double]
    public let actionCount: Int

    public init(trueReward: [Double], actionCount: Int) {
        self.trueReward = trueReward; self.actionCount = actionCount
    }

    /// `P(sigma1 > sigma2)` under Bradley-Terry.
    public func preferenceProbability(_ first: Segment, _ second: Segment) -> Double {
        sigmoid(first.returnUnder(trueReward, actionCount: actionCount)
              - second.returnUnder(trueReward, actionCount: actionCount))
    }

    /// One Bernoulli label: `true` (first preferred) with probability `preferenceProbability`.
    public func label(_ first: Segment, _ second: Segment, rng: inout SeededGenerator) -> Bool {
        rng.uniform() < preferenceProbability(first, second)
    }

    /// `count` queries: each pair is two independent segments of `length` steps sampled from
    /// `policy` in `mdp` from its `rho`, then labelled.
    public func query(count: Int, mdp: TabularMDP, policy: Policy, length: Int,
                      rng: inout SeededGenerator) -> [PreferencePair] {
        (0..<count).map { _ in
            let a = mdp.sampleSegment(policy: policy, length: length, rng: &rng)
            let b = mdp.sampleSegment(policy: policy, length: length, rng: &rng)
            return PreferencePair(first: a, second: b, firstPreferred: label(a, b, rng: &rng))
        }
    }
}
