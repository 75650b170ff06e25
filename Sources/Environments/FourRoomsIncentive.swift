import BilevelCore
import Foundation

/// Incentive design in Four Rooms (docs/four-rooms.md): the follower's MDP `M_tau(w)` as a
/// differentiable function of the designer's variable `w` (105 entries).
///
/// **Both goal contexts in one MDP.** The two contexts (goal `(1,9)` and goal `(11,11)`, each
/// with probability 1/2) are independent MDPs on the same 104 cells. They are represented
/// exactly as their *disjoint union*: states `k * 104 + s` for context `k` in {0, 1} and cell
/// state `s`, transitions block-diagonal, each context's goal terminal, and start distribution
/// `rho = 1/2` on each context's start `(4,1)`. Then, for any policy (a pair of per-context
/// policies), `V(rho) = (V_0(start) + V_1(start)) / 2`, the soft optimum of the union is the pair
/// of per-context soft optima, and every penalty and gradient of the union is the average of
/// the per-context ones. The designer's objective `J(w)` (mean over goals of `V_UL(start)`) is
/// therefore exactly `V_UL(rho)` of the union, and one `BilevelProblem` carries both contexts.
///
/// **Incentives.** `sigma = softmax(w)` (105 entries); in context `k` with goal cell `g_k`,
///
///     incentive_k(s) = -0.2 sigma_s   for s != g_k  (s in 0..<104),    incentive_k(g_k) = 0.
///
/// The spec fixes `incentive(goal) = 0`; we keep the goal's own softmax entry `sigma_{g_k}` in
/// the normalization and simply do not pay it out, so in context `k` it acts exactly like the
/// 105th "unspent budget" entry: `||incentive_k||_1 = 0.2 (1 - sigma_{g_k} - sigma_104) <= 0.2`.
/// (The goal of one context is an ordinary cell in the other context, where its entry is paid.)
///
/// **Follower reward.** `r_LL(k*104 + s, a) = 1[s = g_k] + incentive_k(s)` (no action
/// dependence), temperature `tau`, `gamma = 0.99`.
///
/// **Start distribution of the follower's MDP.** The designer's objective always starts at
/// `(4,1)` (`startDistribution`, 1/2 per context). The follower's soft-optimal policy does not
/// depend on the MDP's start distribution, so the union's `rho` only weights the *penalties*
/// of PBRL (`p = V*(rho) - V^pi(rho)`, `g = sum rho (...)`). With `coverage = eps`,
/// `rho = (1 - eps) startDistribution + eps uniform`: `eps = 0` weights the start only (then the
/// Bellman penalty constrains the follower at the start alone, `p <= C g` fails with
/// `C = max d/rho = infinity`), `eps > 0` gives every state weight (finite `C`).
///
/// **Jacobian (pullback).** With `u_i = sum_{k, a} Wr[k*104 + i, a]` over the contexts where cell
/// `i` is not the goal (`u_104 = 0`): `sum Wr dr/dw_j = -0.2 sigma_j (u_j - <u, sigma>)`,
/// the vector-Jacobian product through the softmax. Transitions do not depend on `w`.
public struct FourRoomsIncentive: ParametricMDP {
    public let rooms: FourRooms
    /// Goal state (cell numbering) of each context.
    public let goalStates: [Int]
    public let startState: Int
    public let targetState: Int
    public let tau: Double
    public let gamma: Double
    /// Total incentive budget: incentives are `-budget * softmax(w)` (0.2).
    public let budget: Double
    /// `M_tau(0)`: transitions, terminal states and `rho` validated once; `mdp(at:)` swaps in
    /// the reward table only (`TabularMDP.with(rewards:)` reuses the validated transitions).
    let base: TabularMDP
    /// `1/2` at each context's start `(4,1)`: the designer's `J(w) = V_UL(startDistribution)`.
    public let startDistribution: [Double]
    /// Weight of the uniform part of the follower MDP's `rho` (see above).
    public let coverage: Double

    /// - Throws: `MDPError` if `tau`, `gamma` or `coverage` is invalid.
    public init(tau: Double, gamma: Double = 0.99, budget: Double = 0.2, coverage: Double = 0) throws {
        guard coverage >= 0, coverage <= 1 else {
            throw MDPError.shape("coverage must be in [0, 1], got \(coverage)")
        }
        let rooms = FourRooms()
        let n = rooms.stateCount, m = FourRooms.actionCount
        let goals = FourRooms.goals.map { rooms.state($0)! }
        let K = goals.count, N = K * n
        var p = [Double](repeating: 0, count: N * m * N)
        var terminal = [Bool](repeating: false, count: N)
        var rho = [Double](repeating: 0, count: N)
        let start = rooms.state(FourRooms.start)!
        for (k, g) in goals.enumerated() {
            let block = rooms.transitions(goal: g)
            for s in 0..<n {
                for a in 0..<m {
                    let src = (s * m + a) * n, dst = ((k * n + s) * m + a) * N + k * n
                    for t in 0..<n where block[src + t] != 0 { p[dst + t] = block[src + t] }
                }
            }
            terminal[k * n + g] = true
            rho[k * n + start] = 1 / Double(K)
        }
        self.rooms = rooms
        self.goalStates = goals
        self.startState = start
        self.targetState = rooms.state(FourRooms.target)!
        self.tau = tau
        self.gamma = gamma
        self.budget = budget
        self.startDistribution = rho
        self.coverage = coverage
        self.base = try TabularMDP(stateCount: N, actionCount: m, transitions: p,
                                   rewards: [Double](repeating: 0, count: N * m), gamma: gamma, tau: tau,
                                   initialDistribution: rho.map { (1 - coverage) * $0 + coverage / Double(N) },
                                   terminal: terminal)
    }

    /// 105: one entry per cell and the "unspent budget" entry.
    public var parameterCount: Int { rooms.stateCount + 1 }
    public var contextCount: Int { goalStates.count }
    public var cellCount: Int { rooms.stateCount }
    /// States of the union MDP: `contextCount * 104`.
    public var stateCount: Int { contextCount * cellCount }

    /// State of the union for cell state `s` in context `k`.
    public func unionState(context k: Int, state s: Int) -> Int { k * cellCount + s }

    /// `softmax(w)` (105 entries), max-shifted.
    public static func softmax(_ w: [Double]) -> [Double] {
        let mx = w.max() ?? 0
        let e = w.map { (v: Double) in Foundation.exp(v - mx) }
        let z = e.reduce(0, +)
        return e.map { $0 / z }
    }

    /// `incentive_k` (104 entries): `-budget * softmax(w)[s]`, and 0 at the context's goal.
    public func incentive(at w: [Double], context k: Int) -> [Double] {
        let sigma = Self.softmax(w)
        return (0..<cellCount).map { s in s == goalStates[k] ? 0 : -budget * sigma[s] }
    }

    /// The incentive as the spec draws it before the goal is known: `-budget * softmax(w)[0..<104]`.
    public func incentive(at w: [Double]) -> [Double] {
        Self.softmax(w).prefix(cellCount).map { -budget * $0 }
    }

    /// `||incentive_k||_1 = budget * (1 - sigma_{g_k} - sigma_104)`.
    public func incentiveCost(at w: [Double], context k: Int) -> Double {
        incentive(at: w, context: k).reduce(0) { $0 + abs($1) }
    }

    public func followerReward(at w: [Double]) -> [Double] {
        let n = cellCount, m = FourRooms.actionCount
        var r = [Double](repeating: 0, count: stateCount * m)
        for k in 0..<contextCount {
            let inc = incentive(at: w, context: k)
            for s in 0..<n {
                let v = (s == goalStates[k] ? 1 : 0) + inc[s]
                for a in 0..<m { r[(k * n + s) * m + a] = v }
            }
        }
        return r
    }

    public func mdp(at w: [Double]) throws -> TabularMDP {
        guard w.count == parameterCount else {
            throw MDPError.shape("incentive parameter w has \(w.count) entries, expected \(parameterCount)")
        }
        return try base.with(rewards: followerReward(at: w))
    }

    /// `sum_j ... = sigma_j (u_j - <u, sigma>)`: the pullback of `u^T sigma` through the softmax.
    static func softmaxPullback(_ u: [Double], sigma: [Double]) -> [Double] {
        var mean = 0.0
        for i in 0..<u.count { mean += u[i] * sigma[i] }
        return (0..<u.count).map { sigma[$0] * (u[$0] - mean) }
    }

    public func pullback(at w: [Double], rewardWeights: [Double], transitionWeights: [Double], values: [Double]) -> [Double] {
        let n = cellCount, m = FourRooms.actionCount
        var u = [Double](repeating: 0, count: parameterCount)
        for k in 0..<contextCount {
            for s in 0..<n where s != goalStates[k] {
                let base = (k * n + s) * m
                var acc = 0.0
                for a in 0..<m { acc += rewardWeights[base + a] }
                u[s] += -budget * acc
            }
        }
        return Self.softmaxPullback(u, sigma: Self.softmax(w))
    }

    /// The designer's reward with incentive-cost weight `c`.
    public func designerReward(cost c: Double) -> IncentiveDesignerReward {
        IncentiveDesignerReward(environment: self, cost: c)
    }

    /// The bilevel problem `min_w f = -J(w)` with `J(w)` the mean over goals of the designer's
    /// unregularized value at the start under the follower's soft-optimal policy.
    public func bilevelProblem(cost c: Double) -> BilevelProblem {
        BilevelProblem(lower: self, upper: NegativeUpperValue(reward: designerReward(cost: c), dynamics: self,
                                                             initialDistribution: startDistribution))
    }

    /// `J(w)` and the follower's soft-optimal evaluation at `w` (solved to `tolerance`).
    public func designerObjective(at w: [Double], cost c: Double, tolerance: Double = 1e-11) throws -> Double {
        -(try bilevelProblem(cost: c).hyperObjective(x: w, tolerance: tolerance))
    }
}

/// The designer's reward (docs/four-rooms.md), on the union of the goal contexts:
///
///     r_UL(k*104 + s, a) = 1[s = (8,4)] - c 1[s = g_k] ||incentive_k||_1,
///     ||incentive_k||_1 = budget (1 - sigma_{g_k} - sigma_104),
///
/// so the incentive cost is paid once, when the follower reaches its goal. Pullback: with
/// `u_{g_k} += c budget W_k`, `u_104 += c budget W_k` (`W_k = sum_a W[k*104 + g_k, a]`),
/// `sum W dr/dw_j = sigma_j (u_j - <u, sigma>)`.
public struct IncentiveDesignerReward: ParametricReward {
    public let environment: FourRoomsIncentive
    public let cost: Double

    public var parameterCount: Int { environment.parameterCount }

    public func reward(at w: [Double]) -> [Double] {
        let e = environment, n = e.cellCount, m = FourRooms.actionCount
        var r = [Double](repeating: 0, count: e.stateCount * m)
        for k in 0..<e.contextCount {
            let paid = e.incentiveCost(at: w, context: k)
            for a in 0..<m {
                r[(k * n + e.targetState) * m + a] = 1
                r[(k * n + e.goalStates[k]) * m + a] = -cost * paid
            }
        }
        return r
    }

    public func pullback(at w: [Double], weights: [Double]) -> [Double] {
        let e = environment, n = e.cellCount, m = FourRooms.actionCount
        var u = [Double](repeating: 0, count: e.parameterCount)
        for k in 0..<e.contextCount {
            let g = e.goalStates[k]
            var acc = 0.0
            for a in 0..<m { acc += weights[(k * n + g) * m + a] }
            u[g] += cost * e.budget * acc
            u[n] += cost * e.budget * acc
        }
        return FourRoomsIncentive.softmaxPullback(u, sigma: FourRoomsIncentive.softmax(w))
    }
}
