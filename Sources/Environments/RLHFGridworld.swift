import BilevelCore

/// The E3 gridworld (docs/experiments.md, E3): a `size x size` grid, four moves, slip, a hidden
/// sparse true reward. This is a documented reconstruction; the paper's exact grid could not be
/// consulted.
///
/// - States `s = row * size + col`, row 0 at the top. Actions `0 = up, 1 = down, 2 = left,
///   3 = right`; a move into the outer wall leaves the agent in place.
/// - Slip: with probability `1 - slip` the intended move is executed, with probability `slip`
///   a move drawn uniformly from the four (so the intended move has `1 - slip + slip/4`).
/// - Two *goal* cells: the `better` goal pays `betterReward`, the `worse` goal (a decoy) pays
///   `worseReward` for any action taken there. Every other (s, a) costs `stepCost`:
///   `r(s, a) = -stepCost`. With `terminalGoals == false` (the default) a goal is absorbing and
///   keeps paying every step (so segments always have `L` steps and a constant step cost would
///   cancel in Bradley-Terry differences; here it applies off the goals only, so it is a
///   shift of the goals' advantage). With `terminalGoals == true` a goal is terminal (zero
///   continuation): its reward is collected once and segments end there.
/// - Start distribution `rho`: uniform over the non-goal cells.
///
/// The learner never sees `trueReward`; it sees only preference labels (`PreferenceOracle`).
public struct RLHFGridworld: Sendable {
    public let size: Int
    public let slip: Double
    public let gamma: Double
    /// Follower temperature of the lower level `M_tau(x)`.
    public let tau: Double
    public let better: (row: Int, col: Int)
    public let worse: (row: Int, col: Int)
    public let betterReward: Double
    public let worseReward: Double
    public let stepCost: Double
    public let terminalGoals: Bool

    public static let actionCount = 4

    public init(size: Int = 5, slip: Double = 0.1, gamma: Double = 0.95, tau: Double = 0.05,
                better: (row: Int, col: Int) = (0, 4), worse: (row: Int, col: Int) = (3, 1),
                betterReward: Double = 1, worseReward: Double = 0.5, stepCost: Double = 0.1,
                terminalGoals: Bool = false) {
        precondition(size >= 2, "RLHFGridworld: size must be >= 2")
        precondition(better != worse, "RLHFGridworld: the two goal cells must differ")
        self.size = size; self.slip = slip; self.gamma = gamma; self.tau = tau
        self.better = better; self.worse = worse
        self.betterReward = betterReward; self.worseReward = worseReward; self.stepCost = stepCost
        self.terminalGoals = terminalGoals
    }

    public var stateCount: Int { size * size }
    public func state(_ row: Int, _ col: Int) -> Int { row * size + col }
    public var betterState: Int { state(better.row, better.col) }
    public var worseState: Int { state(worse.row, worse.col) }

    /// The cell reached by a move that is actually executed (walls block).
    public func moved(_ s: Int, _ a: Int) -> Int {
        var r = s / size, c = s % size
        switch a {
        case 0: r = max(r - 1, 0)
        case 1: r = min(r + 1, size - 1)
        case 2: c = max(c - 1, 0)
        default: c = min(c + 1, size - 1)
        }
        return state(r, c)
    }

    /// Hidden true reward table `r_true[s * 4 + a]`.
    public var trueReward: [Double] {
        let m = Self.actionCount
        var r = [Double](repeating: -stepCost, count: stateCount * m)
        for a in 0..<m {
            r[betterState * m + a] = betterReward
            r[worseState * m + a] = worseReward
        }
        return r
    }

    /// `rho`: uniform over non-goal cells.
    public var initialDistribution: [Double] {
        let k = Double(stateCount - 2)
        return (0..<stateCount).map { $0 == betterState || $0 == worseState ? 0 : 1 / k }
    }

    /// The MDP with the true reward (goal rows are self-loops; terminal iff `terminalGoals`).
    public func mdp() throws -> TabularMDP {
        let n = stateCount, m = Self.actionCount
        var p = [Double](repeating: 0, count: n * m * n)
        var terminal = [Bool](repeating: false, count: n)
        terminal[betterState] = terminalGoals
        terminal[worseState] = terminalGoals
        for s in 0..<n {
            for a in 0..<m {
                let base = (s * m + a) * n
                if s == betterState || s == worseState { p[base + s] = 1; continue }
                for b in 0..<m {
                    let prob = (b == a ? 1 - slip : 0) + slip / Double(m)
                    p[base + moved(s, b)] += prob
                }
            }
        }
        return try TabularMDP(stateCount: n, actionCount: m, transitions: p, rewards: trueReward,
                              gamma: gamma, tau: tau, initialDistribution: initialDistribution,
                              terminal: terminal)
    }

    /// The tabular reward model `r_x = Phi x`, `Phi = I` (one-hot features, `dim(x) = 4 n`), on
    /// this grid's dynamics: the lower level `M_tau(x)` of the RLHF bilevel problem.
    public func rewardModel() throws -> LinearRewardMDP {
        LinearRewardMDP(base: try mdp())
    }
}
