import BilevelCore

/// The instances of experiment E4 (penalty landscapes) that are built for it.
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
