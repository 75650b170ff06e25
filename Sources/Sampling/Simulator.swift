import BilevelCore
import Foundation
import Dispatch
import SeededRandom

/// How a discounted infinite-horizon expectation is turned into finite episodes (docs/sampling.md).
public enum Termination: Sendable, Hashable, CustomStringConvertible {
    /// Stop after `H` steps; estimators weight step `t` by `gamma^t`. Biased by at most
    /// `gamma^H max|r| / (1 - gamma)` (`biasBound`).
    case horizon(Int)
    /// Stop after each step with probability `1 - gamma` and sum undiscounted: unbiased, since
    /// step `t` is reached with probability `gamma^t` (every estimator's weights are then 1).
    case geometric

    /// The largest possible error of a truncated discounted sum with rewards in `[-R, R]`.
    public func biasBound(gamma: Double, maxAbsReward R: Double) -> Double {
        switch self {
        case .geometric: return 0
        case .horizon(let H): return pow(gamma, Double(H)) * R / (1 - gamma)
        }
    }

    public var description: String {
        switch self {
        case .geometric: return "geometric"
        case .horizon(let h): return "horizon(\(h))"
        }
    }
}

/// Why an episode stopped.
public enum EpisodeEnd: UInt8, Sendable {
    /// It reached a terminal (absorbing) state; that state's step is the last one recorded.
    case terminal
    /// It hit the horizon `H` (or the rollout's per-episode step limit).
    case truncated
    /// The geometric termination coin stopped it.
    case geometric
    /// The rollout's total step budget ran out mid-episode (HPGD-style fixed-length rollouts).
    case budget
}

/// A policy's per-state alias tables: built once per policy, then every action draw is O(1).
public struct PolicySampler: Sendable {
    public let policy: Policy
    let tables: AliasTables
    public init(_ policy: Policy) {
        self.policy = policy
        self.tables = AliasTables(dense: policy.probabilities, width: policy.actionCount)
    }
}

/// A simulator of a tabular MDP, or of a Stackelberg Markov game seen from its follower (the
/// leader's action is drawn from its own policy at every step, math.md section 7): episodes from
/// a start distribution, terminal states, truncation or geometric termination, many episodes in
/// parallel with one random stream per episode (`SeededGenerator(seed:stream: episode)`), so a
/// batch is the same whatever the number of threads.
///
/// Steps are indexed jointly by `j = (s * mL + aL) * m + a` (`mL = 1` for a plain MDP, so then
/// `j = s * m + a`): rewards of the game (`r_F[s, aL, a]`, `r_L[s, aL, a]`) and of the MDP are
/// tables indexed by `j`. Transition rows are alias tables over each row's successors, built once.
public struct Simulator: Sendable {
    public let stateCount: Int
    /// The follower's (the learner's) action count `m`.
    public let actionCount: Int
    /// The leader's action count (1 for a plain MDP).
    public let leaderActionCount: Int
    public let gamma: Double
    public let terminal: [Bool]
    public let initialDistribution: [Double]
    let transitions: AliasTables

    /// The simulator of `mdp` (its transitions, terminal states, `rho`, `gamma`).
    public init(mdp: TabularMDP) {
        let n = mdp.stateCount, m = mdp.actionCount
        let rows = (0..<(n * m)).map { sa in mdp.successors[sa].map { (outcome: $0, probability: mdp.transitions[sa * n + $0]) } }
        self.stateCount = n
        self.actionCount = m
        self.leaderActionCount = 1
        self.gamma = mdp.gamma
        self.terminal = mdp.terminal
        self.initialDistribution = mdp.initialDistribution
        self.transitions = AliasTables(rows: rows)
    }

    /// The simulator of a Stackelberg game: `P[s, aL, a, :]`, no terminal states.
    public init(game: StackelbergGame) {
        let n = game.stateCount
        self.stateCount = n
        self.actionCount = game.followerActionCount
        self.leaderActionCount = game.leaderActionCount
        self.gamma = game.gamma
        self.terminal = [Bool](repeating: false, count: n)
        self.initialDistribution = game.initialDistribution
        self.transitions = AliasTables(dense: game.transitions, width: n)
    }

    /// The joint step index `j = (s * mL + aL) * m + a`.
    @inlinable public func joint(state s: Int, leader aL: Int = 0, action a: Int) -> Int {
        (s * leaderActionCount + aL) * actionCount + a
    }

    /// `episodes` independent episodes of `policy` (the follower), from `start` (default `rho`).
    /// - Parameters:
    ///   - leader: the leader's policy (games only; `nil` for an MDP).
    ///   - firstAction: if given, the action of each episode's first step is drawn from this
    ///     policy instead (a *lead-in* step: estimators that support it treat step 0 apart; the
    ///     Bellman penalty's `mu`-start, docs/sampling.md).
    ///   - seed: episode `i` draws from `SeededGenerator(seed: seed, stream: i)`.
    ///   - threads: worker threads (the batch does not depend on it).
    public func batch(policy: PolicySampler, leader: PolicySampler? = nil, episodes: Int, termination: Termination,
                      seed: UInt64, threads: Int = 1, start: [Double]? = nil, firstAction: PolicySampler? = nil) -> TrajectoryBatch {
        precondition(episodes >= 1, "a batch needs at least one episode")
        precondition((leader == nil) == (leaderActionCount == 1), "a leader policy is needed exactly for games")
        if case .horizon(let h) = termination { precondition(h >= 1, "the horizon must be >= 1") }
        let startTable = AliasTables(dense: start ?? initialDistribution, width: stateCount)
        let chunks = max(1, min(threads, episodes))
        var parts = [Chunk?](repeating: nil, count: chunks)
        let per = (episodes + chunks - 1) / chunks
        let work = { (c: Int) -> Chunk in
            var chunk = Chunk()
            for e in (c * per)..<min(episodes, (c + 1) * per) {
                var rng = SeededGenerator(seed: seed, stream: UInt64(e))
                let s0 = startTable.draw(row: 0, uniform: rng.uniform())
                let limit: Int
                switch termination { case .horizon(let h): limit = h; case .geometric: limit = Int.max }
                self.run(&chunk, from: s0, policy: policy, leader: leader, firstAction: firstAction, limit: limit,
                         geometric: termination == .geometric, budget: Int.max, rng: &rng)
            }
            return chunk
        }
        if chunks == 1 {
            parts[0] = work(0)
        } else {
            let box = ResultBox(count: chunks)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in box.set(c, work(c)) }
            parts = box.values
        }
        return TrajectoryBatch(simulator: self, termination: termination, parts: parts.map { $0! }, leadIn: firstAction != nil)
    }

    /// Fixed-length rollouts as HPGD's code collects them (math.md section 8): `environments`
    /// parallel environments run `stepsPerEnvironment` steps each; an episode ends at a terminal
    /// state or after `episodeLength` steps and the environment restarts from `start`; the last
    /// episode of each environment is cut by the budget (`EpisodeEnd.budget`). Environment `e`
    /// draws from `SeededGenerator(seed: seed, stream: e)`. Weights are discounted (`horizon`).
    public func rollouts(policy: PolicySampler, environments: Int, stepsPerEnvironment: Int, episodeLength: Int,
                         seed: UInt64, threads: Int = 1, start: [Double]? = nil) -> TrajectoryBatch {
        precondition(environments >= 1 && stepsPerEnvironment >= 1 && episodeLength >= 1)
        let startTable = AliasTables(dense: start ?? initialDistribution, width: stateCount)
        let work = { (e: Int) -> Chunk in
            var chunk = Chunk()
            var rng = SeededGenerator(seed: seed, stream: UInt64(e))
            var left = stepsPerEnvironment
            while left > 0 {
                let s0 = startTable.draw(row: 0, uniform: rng.uniform())
                left -= self.run(&chunk, from: s0, policy: policy, leader: nil, firstAction: nil, limit: episodeLength,
                                 geometric: false, budget: left, rng: &rng)
            }
            return chunk
        }
        var parts: [Chunk]
        if threads <= 1 || environments == 1 {
            parts = (0..<environments).map(work)
        } else {
            let box = ResultBox(count: environments)
            DispatchQueue.concurrentPerform(iterations: environments) { e in box.set(e, work(e)) }
            parts = box.values.map { $0! }
        }
        return TrajectoryBatch(simulator: self, termination: .horizon(episodeLength), parts: parts, leadIn: false)
    }

    /// One episode appended to `chunk`; returns its number of steps.
    @discardableResult
    func run(_ chunk: inout Chunk, from s0: Int, policy: PolicySampler, leader: PolicySampler?, firstAction: PolicySampler?,
             limit: Int, geometric: Bool, budget: Int, rng: inout SeededGenerator) -> Int {
        var s = s0
        var t = 0
        let m = actionCount, mL = leaderActionCount
        let end: EpisodeEnd
        while true {
            let aL = leader.map { $0.tables.draw(row: s, uniform: rng.uniform()) } ?? 0
            let tables = (t == 0 ? firstAction : nil) ?? policy
            let a = tables.tables.draw(row: s, uniform: rng.uniform())
            let j = (s * mL + aL) * m + a
            chunk.states.append(Int32(s))
            chunk.actions.append(Int32(a))
            chunk.joint.append(Int32(j))
            if mL > 1 { chunk.leaderActions.append(Int32(aL)) }
            t += 1
            if terminal[s] { end = .terminal; break }
            if geometric, rng.uniform() >= gamma { end = .geometric; break }
            if t >= limit { end = .truncated; break }
            if t >= budget { end = .budget; break }
            s = transitions.draw(row: j, uniform: rng.uniform())
        }
        chunk.lengths.append(t)
        chunk.endings.append(end)
        return t
    }
}

/// Per-thread output, concatenated in episode order.
struct Chunk {
    var states = [Int32](), actions = [Int32](), joint = [Int32](), leaderActions = [Int32]()
    var lengths = [Int](), endings = [EpisodeEnd]()
}

/// Results written by `concurrentPerform` workers, one slot each.
final class ResultBox: @unchecked Sendable {
    var values: [Chunk?]
    let lock = DispatchQueue(label: "Sampling.ResultBox")
    init(count: Int) { values = [Chunk?](repeating: nil, count: count) }
    func set(_ i: Int, _ c: Chunk) { lock.sync { values[i] = c } }
}

/// Episodes sampled by a `Simulator`, stored flat: episode `e` occupies steps
/// `episodeStart[e] ..< episodeStart[e + 1]`; per step the state, the follower's action, the
/// leader's action (games only) and the joint index `j` of the reward tables.
public struct TrajectoryBatch: Sendable {
    public let stateCount: Int
    public let actionCount: Int
    public let leaderActionCount: Int
    public let gamma: Double
    public let termination: Termination
    public let episodeStart: [Int]
    public let states: [Int32]
    public let actions: [Int32]
    /// Empty for an MDP.
    public let leaderActions: [Int32]
    public let joint: [Int32]
    public let endings: [EpisodeEnd]
    /// Step 0 of every episode is a lead-in (its action drawn from another policy).
    public let leadIn: Bool

    init(simulator sim: Simulator, termination: Termination, parts: [Chunk], leadIn: Bool) {
        var start = [0], st = [Int32](), ac = [Int32](), jt = [Int32](), la = [Int32](), en = [EpisodeEnd]()
        for p in parts {
            st += p.states; ac += p.actions; jt += p.joint; la += p.leaderActions; en += p.endings
            for l in p.lengths { start.append(start.last! + l) }
        }
        self.stateCount = sim.stateCount
        self.actionCount = sim.actionCount
        self.leaderActionCount = sim.leaderActionCount
        self.gamma = sim.gamma
        self.termination = termination
        self.episodeStart = start
        self.states = st; self.actions = ac; self.joint = jt; self.leaderActions = la; self.endings = en
        self.leadIn = leadIn
    }

    public var episodeCount: Int { endings.count }
    public var stepCount: Int { states.count }
    /// The per-step weight factor: `gamma` under truncation, 1 under geometric termination.
    public var stepDiscount: Double { termination == .geometric ? 1 : gamma }

    /// The largest truncation error of a discounted sum with rewards in `[-R, R]` (0 if geometric).
    public func biasBound(maxAbsReward R: Double) -> Double { termination.biasBound(gamma: gamma, maxAbsReward: R) }

    /// Per-step rewards `R[j_t] - tau log pi(a_t | s_t)` (`tau = 0`: the table alone).
    public func stepRewards(_ table: [Double], tau: Double = 0, policy: Policy? = nil) -> [Double] {
        var r = [Double](repeating: 0, count: stepCount)
        let m = actionCount
        for i in 0..<stepCount {
            var v = table[Int(joint[i])]
            if tau != 0, let pi = policy { v -= tau * pi.logProbabilities[Int(states[i]) * m + Int(actions[i])] }
            r[i] = v
        }
        return r
    }

    /// Discounted returns-to-go `G_t = sum_{k >= t} d^{k - t} r_k` within each episode
    /// (`d = stepDiscount`).
    public func returnsToGo(_ rewards: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: stepCount)
        let d = stepDiscount
        for e in 0..<episodeCount {
            var acc = 0.0
            var i = episodeStart[e + 1] - 1
            while i >= episodeStart[e] { acc = rewards[i] + d * acc; g[i] = acc; i -= 1 }
        }
        return g
    }

    /// Per-step weights `d^t` (`t` counted from each episode's start).
    public func weights() -> [Double] {
        var w = [Double](repeating: 0, count: stepCount)
        let d = stepDiscount
        for e in 0..<episodeCount {
            var f = 1.0
            for i in episodeStart[e]..<episodeStart[e + 1] { w[i] = f; f *= d }
        }
        return w
    }

    /// `W[s * m + a] = (1/E) sum_episodes sum_t d^t 1[s_t = s, a_t = a]`: the empirical
    /// discounted state-action occupancy (mean: `d(s) pi[s,a]`, the unnormalized occupancy).
    /// With `includeLeadIn = false` a lead-in step 0 is left out.
    public func occupancy(includeLeadIn: Bool = true) -> [Double] {
        var occ = [Double](repeating: 0, count: stateCount * actionCount)
        let w = weights()
        let m = actionCount
        for e in 0..<episodeCount {
            var i = episodeStart[e]
            if leadIn && !includeLeadIn { i += 1 }
            while i < episodeStart[e + 1] { occ[Int(states[i]) * m + Int(actions[i])] += w[i]; i += 1 }
        }
        let inv = 1 / Double(episodeCount)
        return occ.map { $0 * inv }
    }
}
