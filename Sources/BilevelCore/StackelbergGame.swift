/// A two-player Markov game with simultaneous moves, seen from a leader who commits to
/// `pi_L = softmax(x)` (docs/math.md section 7). Dense row-major storage:
/// `transitions[((s * mL + a) * mF + b) * n + s']`, `leaderReward[(s * mL + a) * mF + b]`,
/// `followerReward[(s * mL + a) * mF + b]`.
///
/// The follower's MDP `M_tau(x)` has `r_x[s,b] = sum_a pi_L[s,a] r_F[s,a,b]` and
/// `P_x[s,b,s'] = sum_a pi_L[s,a] P[s,a,b,s']`: it depends on x through both.
public struct StackelbergGame: Sendable {
    public let stateCount: Int
    public let leaderActionCount: Int
    public let followerActionCount: Int
    public let transitions: [Double]
    public let leaderReward: [Double]
    public let followerReward: [Double]
    public let gamma: Double
    public let tau: Double
    public let initialDistribution: [Double]

    /// Validates the game's own tensor first: every entry of `P[s, a, b, :]` finite and
    /// non-negative, every row summing to 1 within `n * 1e-12` (the error names the (s, a, b)
    /// row and its sum), both rewards finite; then builds the follower MDP for every pure
    /// leader action, which checks gamma, tau and rho. (Mixing rows divides by their sum, so
    /// only the game's own tensor can show a row that is not stochastic.)
    public init(stateCount n: Int, leaderActionCount mL: Int, followerActionCount mF: Int,
                transitions: [Double], leaderReward: [Double], followerReward: [Double],
                gamma: Double, tau: Double, initialDistribution: [Double]) throws {
        guard n >= 1, mL >= 1, mF >= 1 else {
            throw MDPError.shape("a game needs at least one state and one action per player (n = \(n), mL = \(mL), mF = \(mF))")
        }
        let entries = Double(n) * Double(mL) * Double(mF) * Double(n)
        guard entries <= Double(1 << 28) else {
            throw MDPError.shape("a game with n = \(n), mL = \(mL), mF = \(mF) has \(entries) transition entries; at most 2^28 (2 GB)")
        }
        guard transitions.count == n * mL * mF * n else {
            throw MDPError.shape("game transitions have \(transitions.count) entries, expected n*mL*mF*n = \(n * mL * mF * n)")
        }
        guard leaderReward.count == n * mL * mF, followerReward.count == n * mL * mF else {
            throw MDPError.shape("game rewards must have n*mL*mF = \(n * mL * mF) entries")
        }
        let rowTolerance = Double(n) * 1e-12
        for s in 0..<n {
            for a in 0..<mL {
                for b in 0..<mF {
                    let row = ((s * mL + a) * mF + b) * n
                    var sum = 0.0
                    for t in 0..<n {
                        let p = transitions[row + t]
                        guard p.isFinite, p >= 0 else {
                            throw MDPError.shape("game transition P[s=\(s), a=\(a), b=\(b), s'=\(t)] = \(p): must be a finite probability >= 0")
                        }
                        sum += p
                    }
                    guard abs(sum - 1) <= rowTolerance else {
                        throw MDPError.shape("game transition row P[s=\(s), a=\(a), b=\(b), :] sums to \(sum), must sum to 1 within n*1e-12 = \(rowTolerance)")
                    }
                }
            }
        }
        for (i, v) in leaderReward.enumerated() where !v.isFinite {
            throw MDPError.shape("leader reward r_L[\(Self.indexText(i, mL, mF))] = \(v): must be finite")
        }
        for (i, v) in followerReward.enumerated() where !v.isFinite {
            throw MDPError.shape("follower reward r_F[\(Self.indexText(i, mL, mF))] = \(v): must be finite")
        }
        self.stateCount = n
        self.leaderActionCount = mL
        self.followerActionCount = mF
        self.transitions = transitions
        self.leaderReward = leaderReward
        self.followerReward = followerReward
        self.gamma = gamma
        self.tau = tau
        self.initialDistribution = initialDistribution
        for a in 0..<mL {
            var x = [Double](repeating: -1e3, count: n * mL)
            for s in 0..<n { x[s * mL + a] = 0 }
            _ = try followerMDP.mdp(at: x)
        }
    }

    /// `s=.., a=.., b=..` of a flat reward index `(s * mL + a) * mF + b`.
    static func indexText(_ i: Int, _ mL: Int, _ mF: Int) -> String {
        "s=\(i / (mL * mF)), a=\((i / mF) % mL), b=\(i % mF)"
    }

    /// The follower's MDP as a function of the leader's logits (`dim x = n * mL`).
    public var followerMDP: StackelbergFollowerMDP { StackelbergFollowerMDP(game: self) }

    /// The leader's reward on the follower's MDP, `r_{L,x}[s,b] = sum_a pi_L[s,a] r_L[s,a,b]`.
    public var leaderRewardModel: StackelbergReward { StackelbergReward(game: self, table: leaderReward) }

    /// The bilevel problem: `f(x, pi_F) = -V_L^{pi_L, pi_F}(rho)` (leader's unregularized value).
    public var bilevelProblem: BilevelProblem {
        BilevelProblem(lower: followerMDP, upper: NegativeUpperValue(reward: leaderRewardModel, dynamics: followerMDP))
    }

    func leaderPolicy(_ x: [Double]) -> Policy {
        Policy.softmax(logits: x, stateCount: stateCount, actionCount: leaderActionCount)
    }

    /// Chain rule through the leader's softmax: `C[s,a] = df/dpi_L[s,a]` -> `df/dx[s,a]`.
    func leaderLogitGradient(_ x: [Double], _ c: [Double]) -> [Double] {
        leaderPolicy(x).logitGradient(fromPolicyGradient: c)
    }
}

/// `x -> M_tau(x)` for the follower of a `StackelbergGame`.
public struct StackelbergFollowerMDP: ParametricMDP {
    public let game: StackelbergGame
    public var parameterCount: Int { game.stateCount * game.leaderActionCount }

    public func mdp(at x: [Double]) throws -> TabularMDP {
        let g = game, n = g.stateCount, mL = g.leaderActionCount, mF = g.followerActionCount
        let piL = g.leaderPolicy(x)
        var P = [Double](repeating: 0, count: n * mF * n)
        var r = [Double](repeating: 0, count: n * mF)
        for s in 0..<n {
            for a in 0..<mL {
                let p = piL[s, a]
                for b in 0..<mF {
                    let sab = (s * mL + a) * mF + b
                    r[s * mF + b] += p * g.followerReward[sab]
                    let src = sab * n, dst = (s * mF + b) * n
                    for t in 0..<n { P[dst + t] += p * g.transitions[src + t] }
                }
            }
        }
        // Renormalize rounding (rows are convex combinations of stochastic rows).
        for sb in 0..<(n * mF) {
            var sum = 0.0
            for t in 0..<n { sum += P[sb * n + t] }
            for t in 0..<n { P[sb * n + t] /= sum }
        }
        return try TabularMDP(stateCount: n, actionCount: mF, transitions: P, rewards: r,
                              gamma: g.gamma, tau: g.tau, initialDistribution: g.initialDistribution)
    }

    public func pullback(at x: [Double], rewardWeights wr: [Double], transitionWeights wp: [Double], values v: [Double]) -> [Double] {
        let g = game, n = g.stateCount, mL = g.leaderActionCount, mF = g.followerActionCount
        var c = [Double](repeating: 0, count: n * mL)
        for s in 0..<n {
            for a in 0..<mL {
                var acc = 0.0
                for b in 0..<mF {
                    let sab = (s * mL + a) * mF + b
                    acc += wr[s * mF + b] * g.followerReward[sab]
                    let w = wp[s * mF + b]
                    if w != 0 {
                        var pv = 0.0
                        let src = sab * n
                        for t in 0..<n { pv += g.transitions[src + t] * v[t] }
                        acc += w * pv
                    }
                }
                c[s * mL + a] = acc
            }
        }
        return g.leaderLogitGradient(x, c)
    }
}

/// A reward of a `StackelbergGame` seen on the follower's MDP: `r_x[s,b] = sum_a pi_L[s,a] R[s,a,b]`.
public struct StackelbergReward: ParametricReward {
    public let game: StackelbergGame
    public let table: [Double]
    public var parameterCount: Int { game.stateCount * game.leaderActionCount }

    public func reward(at x: [Double]) -> [Double] {
        let g = game, n = g.stateCount, mL = g.leaderActionCount, mF = g.followerActionCount
        let piL = g.leaderPolicy(x)
        var r = [Double](repeating: 0, count: n * mF)
        for s in 0..<n { for a in 0..<mL { for b in 0..<mF { r[s * mF + b] += piL[s, a] * table[(s * mL + a) * mF + b] } } }
        return r
    }

    public func pullback(at x: [Double], weights w: [Double]) -> [Double] {
        let g = game, n = g.stateCount, mL = g.leaderActionCount, mF = g.followerActionCount
        var c = [Double](repeating: 0, count: n * mL)
        for s in 0..<n { for a in 0..<mL { for b in 0..<mF { c[s * mL + a] += w[s * mF + b] * table[(s * mL + a) * mF + b] } } }
        return g.leaderLogitGradient(x, c)
    }
}
