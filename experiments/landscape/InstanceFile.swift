import BilevelCore
import Environments
import Foundation
import Lab

/// Problem instances as JSON, so a landscape can be drawn for the instance stored in a run
/// record (`RunRecord.instance`). Two shapes are understood:
///
/// - a Stackelberg game (`StackelbergGameFile`, the field names of `StackelbergGame`),
///   whose bilevel problem is `f = -V_L` over the follower's MDP;
/// - a linear-reward bilevel problem (`LinearBilevelFile`): `r_x = lowerOffset + Phi_L x` on
///   fixed dynamics and `f = -V_U(r_U(x)) + (regularization/2)|x|^2` with
///   `r_U(x) = upperOffset + Phi_U x` (L1, the E5 Garnet instance, tabular RLHF-like models).
public struct StackelbergGameFile: Codable, Sendable, Equatable {
    public var kind: String? = "stackelberg-game"
    public var stateCount: Int
    public var leaderActionCount: Int
    public var followerActionCount: Int
    public var transitions: [Double]
    public var leaderReward: [Double]
    public var followerReward: [Double]
    public var gamma: Double
    public var tau: Double
    public var initialDistribution: [Double]

    public init(_ g: StackelbergGame) {
        stateCount = g.stateCount; leaderActionCount = g.leaderActionCount; followerActionCount = g.followerActionCount
        transitions = g.transitions; leaderReward = g.leaderReward; followerReward = g.followerReward
        gamma = g.gamma; tau = g.tau; initialDistribution = g.initialDistribution
    }

    public func game() throws -> StackelbergGame {
        try StackelbergGame(stateCount: stateCount, leaderActionCount: leaderActionCount, followerActionCount: followerActionCount,
                            transitions: transitions, leaderReward: leaderReward, followerReward: followerReward,
                            gamma: gamma, tau: tau, initialDistribution: initialDistribution)
    }
}

public struct LinearBilevelFile: Codable, Sendable, Equatable {
    public var kind: String? = "linear-reward-bilevel"
    public var stateCount: Int
    public var actionCount: Int
    public var transitions: [Double]
    public var gamma: Double
    public var tau: Double
    public var initialDistribution: [Double]
    /// `dim(x)`; `lowerFeatures` and `upperFeatures` are `(n*m) x featureCount`, row-major.
    public var featureCount: Int
    public var lowerFeatures: [Double]
    public var lowerOffset: [Double]
    public var upperFeatures: [Double]
    public var upperOffset: [Double]
    public var regularization: Double

    public init(stateCount: Int, actionCount: Int, transitions: [Double], gamma: Double, tau: Double,
                initialDistribution: [Double], featureCount: Int, lowerFeatures: [Double], lowerOffset: [Double],
                upperFeatures: [Double], upperOffset: [Double], regularization: Double) {
        self.stateCount = stateCount; self.actionCount = actionCount; self.transitions = transitions
        self.gamma = gamma; self.tau = tau; self.initialDistribution = initialDistribution
        self.featureCount = featureCount; self.lowerFeatures = lowerFeatures; self.lowerOffset = lowerOffset
        self.upperFeatures = upperFeatures; self.upperOffset = upperOffset; self.regularization = regularization
    }

    public func problem() throws -> BilevelProblem {
        let nm = stateCount * actionCount
        guard lowerFeatures.count == nm * featureCount, upperFeatures.count == nm * featureCount,
              lowerOffset.count == nm, upperOffset.count == nm else {
            throw LandscapeError("linear-reward instance: features must be (n*m) x featureCount = \(nm) x \(featureCount) and offsets n*m = \(nm)")
        }
        let base = try TabularMDP(stateCount: stateCount, actionCount: actionCount, transitions: transitions,
                                  rewards: [Double](repeating: 0, count: nm), gamma: gamma, tau: tau,
                                  initialDistribution: initialDistribution)
        let lower = LinearRewardMDP(base: base, features: lowerFeatures, featureCount: featureCount, offset: lowerOffset)
        let upper = LinearRewardMDP(base: base, features: upperFeatures, featureCount: featureCount, offset: upperOffset)
        return BilevelProblem(lower: lower, upper: NegativeUpperValue(reward: upper, dynamics: lower, regularization: regularization))
    }
}

extension TwoStateIncentive {
    /// The L1 instance as a `LinearBilevelFile` (stored in L1's run record).
    public var file: LinearBilevelFile {
        LinearBilevelFile(stateCount: 2, actionCount: 2, transitions: base.transitions, gamma: gamma, tau: tau,
                          initialDistribution: base.initialDistribution, featureCount: 1,
                          lowerFeatures: lower.features, lowerOffset: lower.baseReward,
                          upperFeatures: upperReward.features, upperOffset: upperReward.baseReward, regularization: 0)
    }
}

extension TheoryInstance {
    /// The E5 instance as a `LinearBilevelFile` (`r_U` fixed: zero upper features).
    public var file: LinearBilevelFile {
        let nm = stateCount * actionCount
        return LinearBilevelFile(stateCount: stateCount, actionCount: actionCount, transitions: lower.base.transitions,
                                 gamma: lower.base.gamma, tau: lower.base.tau, initialDistribution: lower.base.initialDistribution,
                                 featureCount: featureCount, lowerFeatures: lower.features, lowerOffset: lower.baseReward,
                                 upperFeatures: [Double](repeating: 0, count: nm * featureCount), upperOffset: upperReward,
                                 regularization: (problem.upper as? NegativeUpperValue)?.regularization ?? 1)
    }
}

/// A bilevel problem read back from JSON, with its follower action count (for logit centring).
public struct LoadedInstance {
    public var problem: BilevelProblem
    public var followerActionCount: Int
    public var description: String
}

/// Decodes an instance JSON object of either shape (also when nested one level, e.g. under
/// `game`); the error names the shapes understood.
public func loadInstance(_ json: JSONValue, source: String) throws -> LoadedInstance {
    var candidates = [json]
    if let object = json.objectValue { candidates += object.keys.sorted().compactMap { object[$0] }.filter { $0.objectValue != nil } }
    for c in candidates {
        guard let object = c.objectValue else { continue }
        if object["leaderReward"] != nil, let g = try? c.decode(StackelbergGameFile.self) {
            let game = try g.game()
            return LoadedInstance(problem: game.bilevelProblem, followerActionCount: game.followerActionCount,
                                  description: "Stackelberg game from \(source) (n = \(game.stateCount))")
        }
        if object["lowerFeatures"] != nil, let l = try? c.decode(LinearBilevelFile.self) {
            return LoadedInstance(problem: try l.problem(), followerActionCount: l.actionCount,
                                  description: "linear-reward bilevel problem from \(source) (n = \(l.stateCount), dim x = \(l.featureCount))")
        }
    }
    throw LandscapeError("\(source): the instance is neither a Stackelberg game (stateCount, leaderActionCount, followerActionCount, transitions, leaderReward, followerReward, gamma, tau, initialDistribution) nor a linear-reward bilevel problem (stateCount, actionCount, transitions, lowerFeatures, lowerOffset, upperFeatures, upperOffset, featureCount, regularization, gamma, tau, initialDistribution)")
}
