import BilevelCore

/// The fixed instance of experiment E5 (docs/experiments.md, "the paper's scaling claims"):
/// a Garnet MDP with `n = 5` states, `m = 3` actions, 3 successors per (s, a), `gamma = 0.8`,
/// `tau = 0.5`, uniform `rho`; the lower reward is linear in `x`, `r_x = Phi x` with
/// `d = 3` features (`Phi` entries i.i.d. N(0, 1)); the upper objective is
/// `f(x, pi) = -V_U^pi(rho) + 0.5 |x|^2` with a fixed upper reward `r_U ~ U[0, 1]` evaluated
/// (unregularized) on the same dynamics.
///
/// Everything is drawn from `SeededGenerator(seed:stream:)`, so an instance is a function of
/// its seed.
public struct TheoryInstance: Sendable {
    public let seed: UInt64
    /// The lower level `x -> M_tau(x)`.
    public let lower: LinearRewardMDP
    /// `r_U` as an `n * m` table.
    public let upperReward: [Double]
    /// `f = -V_U + 0.5 |x|^2` on the lower level.
    public let problem: BilevelProblem

    public var stateCount: Int { lower.base.stateCount }
    public var actionCount: Int { lower.base.actionCount }
    public var featureCount: Int { lower.parameterCount }

    /// - Parameters: the defaults are the E5 setup; the seed picks the instance.
    public init(seed: UInt64 = 5, states n: Int = 5, actions m: Int = 3, branching: Int = 3,
                features d: Int = 3, gamma: Double = 0.8, tau: Double = 0.5,
                regularization: Double = 1.0) throws {
        var rng = SeededGenerator(seed: seed, stream: 5)
        let P = Garnet.transitions(states: n, actions: m, branching: branching, rng: &rng)
        let base = try TabularMDP(stateCount: n, actionCount: m, transitions: P,
                                  rewards: [Double](repeating: 0, count: n * m), gamma: gamma, tau: tau,
                                  initialDistribution: [Double](repeating: 1.0 / Double(n), count: n))
        let phi = (0..<(n * m * d)).map { _ in rng.normal() }
        let rU = (0..<(n * m)).map { _ in rng.uniform() }
        let lower = LinearRewardMDP(base: base, features: phi, featureCount: d)
        self.seed = seed
        self.lower = lower
        self.upperReward = rU
        self.problem = BilevelProblem(
            lower: lower,
            upper: NegativeUpperValue(reward: FixedReward(rU, parameterCount: d), dynamics: lower,
                                      regularization: regularization))
    }
}
