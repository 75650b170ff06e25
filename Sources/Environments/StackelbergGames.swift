import BilevelCore

/// The Stackelberg Markov games of experiment E1 (docs/experiments.md), as `StackelbergGame` values.
///
/// Storage follows `StackelbergGame`: index `(s * mL + a) * mF + b` for rewards and
/// `((s * mL + a) * mF + b) * n + s'` for transitions, `a` the leader's action, `b` the
/// follower's.
public enum StackelbergGames {
    /// States of the commitment game.
    public enum CommitmentState: Int, CaseIterable, Sendable { case S = 0, A = 1, B = 2 }

    /// E1a, the commitment game: 3 states `S = 0, A = 1, B = 2`, start at `S`, leader actions
    /// `{0, 1}`, follower actions `{0 = stay/back, 1 = "a", 2 = "b"}`, simultaneous moves,
    /// deterministic transitions (the leader's action matters only at `A`):
    ///
    ///     S:               follower 1 -> A, 2 -> B, 0 -> S
    ///     A, leader 0:     follower 0 -> S, 1 -> A, 2 -> B
    ///     A, leader 1:     every follower action -> S
    ///     B:               follower 0 -> S, 1 or 2 -> B
    ///
    /// Follower reward: `+1` at `S` for actions 1 or 2; at `A`, `-1` for any action when the
    /// leader plays 1 and `+1` for action 2 when the leader plays 0; otherwise 0.
    /// Leader reward: `+1` when the follower plays action 1 at `S`; otherwise 0.
    ///
    /// Committing to 0 at `A` makes the loop `S -a-> A -b-> B -> S` worth `(1 + gamma)/(1 - gamma^3)`
    /// to the follower, more than the loop `S -b-> B -> S` (`1/(1 - gamma^2)`), so the follower
    /// plays `a` at `S` and the leader earns about `1/(1 - gamma^3)`; committing to 1 at `A`
    /// makes `A` a loss, the follower plays `b` at `S`, and the leader earns about 0.
    public static func commitment(gamma: Double = 0.99, tau: Double = 0.05) throws -> StackelbergGame {
        let n = 3, mL = 2, mF = 3
        let S = CommitmentState.S.rawValue, A = CommitmentState.A.rawValue, B = CommitmentState.B.rawValue
        var P = [Double](repeating: 0, count: n * mL * mF * n)
        var rL = [Double](repeating: 0, count: n * mL * mF)
        var rF = [Double](repeating: 0, count: n * mL * mF)
        func index(_ s: Int, _ a: Int, _ b: Int) -> Int { (s * mL + a) * mF + b }
        func next(_ s: Int, _ a: Int, _ b: Int) -> Int {
            switch s {
            case S: return [S, A, B][b]
            case A: return a == 0 ? [S, A, B][b] : S
            default: return b == 0 ? S : B
            }
        }
        for s in 0..<n {
            for a in 0..<mL {
                for b in 0..<mF {
                    let i = index(s, a, b)
                    P[i * n + next(s, a, b)] = 1
                    if s == S && b != 0 { rF[i] = 1 }
                    if s == A && a == 1 { rF[i] = -1 }
                    if s == A && a == 0 && b == 2 { rF[i] = 1 }
                    if s == S && b == 1 { rL[i] = 1 }
                }
            }
        }
        var rho = [Double](repeating: 0, count: n)
        rho[S] = 1
        return try StackelbergGame(stateCount: n, leaderActionCount: mL, followerActionCount: mF,
                                   transitions: P, leaderReward: rL, followerReward: rF,
                                   gamma: gamma, tau: tau, initialDistribution: rho)
    }

    /// E1b, a random general-sum Markov game: `n` states, `mL x mF` joint actions; each
    /// `P[s,a,b,:]` has `branching` distinct random successors with uniform-random weights
    /// (`Garnet.transitions` over the joint actions), leader and follower rewards i.i.d. U[0,1],
    /// `rho` uniform. Deterministic in `seed` (defaults: n = 10, 3 x 3 actions, 3 successors,
    /// gamma 0.9, tau 0.1).
    public static func randomGeneralSum(seed: UInt64, states n: Int = 10, leaderActions mL: Int = 3,
                                        followerActions mF: Int = 3, branching: Int = 3,
                                        gamma: Double = 0.9, tau: Double = 0.1) throws -> StackelbergGame {
        var rng = SeededGenerator(seed: seed, stream: 11)
        let P = Garnet.transitions(states: n, actions: mL * mF, branching: branching, rng: &rng)
        let rL = (0..<(n * mL * mF)).map { _ in rng.uniform() }
        let rF = (0..<(n * mL * mF)).map { _ in rng.uniform() }
        return try StackelbergGame(stateCount: n, leaderActionCount: mL, followerActionCount: mF,
                                   transitions: P, leaderReward: rL, followerReward: rF,
                                   gamma: gamma, tau: tau,
                                   initialDistribution: [Double](repeating: 1.0 / Double(n), count: n))
    }

    /// Leader logits of a pure (deterministic) commitment: `actions[s]` at each state.
    /// `softmax` of these logits is exactly one-hot in double precision.
    public static func pureCommitment(_ actions: [Int], leaderActionCount mL: Int) -> [Double] {
        var x = [Double](repeating: -1e3, count: actions.count * mL)
        for (s, a) in actions.enumerated() { x[s * mL + a] = 0 }
        return x
    }
}
