import BilevelCore

/// The instances of experiment E4 (penalty landscapes) that are built for it, and the JSON
/// forms of instances that a landscape can read back from a run record.
public enum LandscapeInstances {}

/// L1: a two-state, two-action incentive-design MDP whose bilevel problem lives in a plane.
///
/// States `home = 0` and `goal = 1`; at `home` the follower either `stay`s (action 0, back to
/// `home`) or `go`es (action 1, to `goal`); at `goal` both actions lead back to `home` and are
/// identical. Discount `gamma`, follower temperature `tau`, start at `home` (`rho = (1, 0)`).
///
/// - Lower level (follower): `r_x(home, stay) = x` (the incentive, a scalar), `r_x(home, go) = 0`,
///   `r_x(goal, .) = 1` (the follower's own taste for `goal`). Its soft-optimal logit
///   `y*(x) = log pi*(go|home) / pi*(stay|home) = (Q*(home, go) - Q*(home, stay)) / tau`
///   decreases smoothly from positive (prefers `goal`) to negative (paid to stay) as `x`
///   grows; the curve is nonlinear because `V*` itself depends on `x`.
/// - Upper level (designer): `r_U(home, stay) = 1 - x` (the designer values a follower at
///   `home` at 1 per step and pays the incentive `x` per step), `0` elsewhere, and
///   `f(x, y) = -V_U^{pi_y}(rho)` (unregularized). `f` alone is minimized by confiscating
///   (`x -> -inf`) a follower that stays anyway (`y -> -inf`), but the follower leaves when it
///   is not paid, so the hyper-objective `F(x) = f(x, y*(x))` has an interior minimum
///   (at `x ≈ 0.55` with the defaults): the gap between the two is what the penalty closes.
///
/// Follower logits are `n * m = 4` numbers; only `y = logit(home, go) - logit(home, stay)`
/// matters: at `goal` the two actions are identical, so the uniform policy there is optimal
/// for the follower and irrelevant to the designer, and every gradient in the `goal` logits
/// vanishes at uniform. `logits(y:)` embeds the scalar; `scalarLogit(_:)` projects back.
public struct TwoStateIncentive: Sendable {
    public static let home = 0, goal = 1
    public static let stay = 0, go = 1

    public let gamma: Double
    public let tau: Double
    /// The follower's MDP with the base rewards (`x = 0`).
    public let base: TabularMDP
    /// `x -> M_tau(x)`: `r_x = offset + Phi x` with `Phi = e_(home, stay)`.
    public let lower: LinearRewardMDP
    /// `r_U(x) = (1 - x) e_(home, stay)`.
    public let upperReward: LinearRewardMDP
    /// `f(x, y) = -V_U^{pi_y}(rho)` over `M_tau(x)`.
    public let problem: BilevelProblem

    public init(gamma: Double = 0.9, tau: Double = 0.3) throws {
        let n = 2, m = 2
        var P = [Double](repeating: 0, count: n * m * n)
        P[(Self.home * m + Self.stay) * n + Self.home] = 1
        P[(Self.home * m + Self.go) * n + Self.goal] = 1
        P[(Self.goal * m + 0) * n + Self.home] = 1
        P[(Self.goal * m + 1) * n + Self.home] = 1
        base = try TabularMDP(stateCount: n, actionCount: m, transitions: P,
                              rewards: [0, 0, 1, 1], gamma: gamma, tau: tau, initialDistribution: [1, 0])
        self.gamma = gamma
        self.tau = tau
        lower = LinearRewardMDP(base: base, features: [1, 0, 0, 0], featureCount: 1, offset: [0, 0, 1, 1])
        upperReward = LinearRewardMDP(base: base, features: [-1, 0, 0, 0], featureCount: 1, offset: [1, 0, 0, 0])
        problem = BilevelProblem(lower: lower, upper: NegativeUpperValue(reward: upperReward, dynamics: lower))
    }

    /// Full follower logits for the scalar logit `y`: `(0, y)` at `home`, `(0, 0)` at `goal`.
    public func logits(y: Double) -> [Double] { [0, y, 0, 0] }

    /// `y = logit(home, go) - logit(home, stay)` of a full logit table.
    public func scalarLogit(_ logits: [Double]) -> Double { logits[Self.go] - logits[Self.stay] }

    /// The lower-level solution `y*(x) = (Q*(home, go) - Q*(home, stay)) / tau`, with `Q*` from
    /// soft policy iteration solved to `tolerance` (sup-norm Bellman residual).
    public func solutionLogit(x: Double, tolerance: Double = 1e-13) throws -> Double {
        let opt = try lower.mdp(at: [x]).softOptimum(solver: .policyIteration, tolerance: tolerance)
        return (opt.qValues[Self.go] - opt.qValues[Self.stay]) / tau
    }
}

// MARK: - Instances as JSON (embed them in run records: `try result.setInstance(StackelbergGameFile(game))`)

/// Problem instances as JSON (`Codable`), so a landscape can be drawn for the instance stored in a run
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
    /// Start distribution of the leader's value when it differs from the follower's `rho`
    /// (E1a: the follower weights all states, the leader's value is from S); `nil` = `rho`.
    public var leaderInitialDistribution: [Double]?

    public init(_ g: StackelbergGame, leaderStart: [Double]? = nil) {
        stateCount = g.stateCount; leaderActionCount = g.leaderActionCount; followerActionCount = g.followerActionCount
        transitions = g.transitions; leaderReward = g.leaderReward; followerReward = g.followerReward
        gamma = g.gamma; tau = g.tau; initialDistribution = g.initialDistribution
        leaderInitialDistribution = leaderStart
    }

    /// The bilevel problem of the stored game: `f = -V_L(rho_L)` with `rho_L` the leader's start
    /// distribution when one is stored.
    public func problem() throws -> BilevelProblem {
        let g = try game()
        guard let start = leaderInitialDistribution else { return g.bilevelProblem }
        return BilevelProblem(lower: g.followerMDP,
                              upper: NegativeUpperValue(reward: g.leaderRewardModel, dynamics: g.followerMDP, initialDistribution: start))
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
            throw MDPError.shape("linear-reward instance: features must be (n*m) x featureCount = \(nm) x \(featureCount) and offsets n*m = \(nm)")
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

