import BilevelCore

/// The benchmark bilevel problem on a Garnet MDP (issue 9, experiment E6): a tabular reward
/// `r_x = x` (so `dim(x) = n m`) on Garnet dynamics, and the upper objective
/// `f(x, pi) = -V_U^pi(rho) + (regularization / 2) |x|^2` with a fixed leader reward `r_U`.
///
/// Instance from a seed: the Garnet transitions (stream 0: `Garnet.transitions`), `x0` (the
/// initial reward table, U[0,1]), `r_U` (U[0,1]) and the follower's initial logits `y0`
/// (standard normal) in this order, all from `SeededGenerator(seed:)`.
public struct GarnetBilevel: Sendable {
    public let states: Int
    public let actions: Int
    public let branching: Int
    public let gamma: Double
    public let tau: Double
    public let regularization: Double
    public let seed: UInt64
    /// The follower's MDP at `x0` (rewards `x0`).
    public let mdp: TabularMDP
    public let x0: [Double]
    public let y0: [Double]
    public let upperReward: [Double]

    public init(states n: Int, actions m: Int = 4, branching b: Int = 5, gamma: Double = 0.9, tau: Double = 0.1,
                regularization: Double = 0.01, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let P = Garnet.transitions(states: n, actions: m, branching: min(b, n), rng: &rng)
        let x0 = (0..<(n * m)).map { _ in rng.uniform() }
        let rU = (0..<(n * m)).map { _ in rng.uniform() }
        let y0 = (0..<(n * m)).map { _ in rng.normal() }
        self.mdp = try TabularMDP(stateCount: n, actionCount: m, transitions: P, rewards: x0, gamma: gamma, tau: tau,
                                  initialDistribution: [Double](repeating: 1.0 / Double(n), count: n))
        self.states = n; self.actions = m; self.branching = min(b, n)
        self.gamma = gamma; self.tau = tau; self.regularization = regularization; self.seed = seed
        self.x0 = x0; self.y0 = y0; self.upperReward = rU
    }

    /// `min_x f(x, pi*_x)` with `r_x = x` on this Garnet's dynamics.
    public var problem: BilevelProblem {
        let lower = TabularRewardMDP(base: mdp)
        let upper = NegativeUpperValue(reward: FixedReward(upperReward, parameterCount: states * actions),
                                       dynamics: lower, regularization: regularization)
        return BilevelProblem(lower: lower, upper: upper)
    }
}
