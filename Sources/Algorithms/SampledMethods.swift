import BilevelCore
import Environments
import Foundation
import Sampling

/// The model-free methods (docs/sampling.md), chosen by name like `MethodKind`:
///
/// | name                   | x-direction (from samples only)                               | y |
/// |------------------------|---------------------------------------------------------------|---|
/// | `sampled-pbrl-value`   | sampled `df/dx + lambda dp/dx` (`SampledValuePenalty`)        | sampled `df/dy + lambda dp/dy` |
/// | `sampled-pbrl-bellman` | sampled `df/dx + lambda dg/dx` (TD critic, `SampledBellmanPenalty`) | sampled `df/dy + lambda dg/dy` |
/// | `hpgd`                 | `-HPGDEstimator` on the exact best response's rollouts (one context per step) | `log pi*` |
/// | `sampled-zero-order`   | `(Jhat(x + u z) - Jhat(x)) z / u`, `u = c / k`, returns of the exact best responses | `log pi*` |
public enum SampledMethodKind: String, CaseIterable, Sendable, Codable {
    case sampledPBRLValue = "sampled-pbrl-value"
    case sampledPBRLBellman = "sampled-pbrl-bellman"
    case hpgd = "hpgd"
    case sampledZeroOrder = "sampled-zero-order"

    public static func named(_ name: String) throws -> SampledMethodKind {
        guard let k = SampledMethodKind(rawValue: name) else {
            throw AlgorithmError.unknownMethod(name, valid: allCases.map(\.rawValue))
        }
        return k
    }

    public var usesPenalty: Bool { self == .sampledPBRLValue || self == .sampledPBRLBellman }
}

/// The value penalty's inner oracle when sampling.
public enum SampledInnerOracle: Sendable, Hashable {
    /// The exact soft optimum (warm-started), as HPGD's follower: the penalty's x-gradient and
    /// value are still estimated from episodes of `pi*`.
    case exact
    /// `SampledSoftPGOracle`: `steps` sampled soft-PG steps of `episodes` episodes, warm-started.
    case policyGradient(steps: Int, episodes: Int, stepSize: Double)
}

/// A sampled method with its per-step sample budget.
public struct SampledMethodSpec: Sendable, Hashable {
    public var kind: SampledMethodKind
    public var lambda: Double
    public var oracle: SampledInnerOracle
    /// Transitions per outer step (HPGD, zero-order: the rollouts' total; PBRL: the total over
    /// its batches, `episodes` being derived per batch from `horizon`, see `episodesPerBatch`).
    public var transitions: Int
    /// Environments in parallel for rollouts (HPGD: 5).
    public var environments: Int
    /// Episode length limit (Four Rooms: 200; restart at the goal or after it).
    public var horizon: Int
    /// Zero-order smoothing constant `c` in `u_k = c / k`.
    public var smoothing: Double
    /// PBRL: episodes per batch (each step uses 2 or 3 batches).
    public var episodesPerBatch: Int
    /// TD critic (Bellman): step size and sweeps over the batch.
    public var criticStep: Double
    public var criticPasses: Int

    public init(_ kind: SampledMethodKind, lambda: Double = 10, oracle: SampledInnerOracle = .exact, transitions: Int = 10_000,
                environments: Int = 5, horizon: Int = 200, smoothing: Double = 1, episodesPerBatch: Int = 100,
                criticStep: Double = 0.1, criticPasses: Int = 5) {
        self.kind = kind; self.lambda = lambda; self.oracle = oracle; self.transitions = transitions
        self.environments = environments; self.horizon = horizon; self.smoothing = smoothing
        self.episodesPerBatch = episodesPerBatch; self.criticStep = criticStep; self.criticPasses = criticPasses
    }
}

/// A bilevel problem seen through a simulator: the exact `BilevelProblem` (for the metrics and
/// the exact best response) and what the sampled estimators need.
public struct SampledBilevelProblem: Sendable {
    public enum Kind: Sendable {
        /// x enters the follower's reward only (Four Rooms, reward features); `upper` is `r_U(x)`.
        case rewardOnly(lower: any ParametricMDP, upper: any ParametricReward)
        /// A Stackelberg game (x = leader logits; leader score for every x-gradient).
        case game(StackelbergGame)
    }
    public let exact: BilevelProblem
    public let kind: Kind
    /// Start distributions of the upper objective's contexts: HPGD samples one per step; their
    /// mean is the upper objective's start distribution.
    public let contexts: [[Double]]
    public let regularization: Double

    /// Four Rooms with incentive-cost weight `cost`: the two goal contexts.
    public static func fourRooms(_ env: FourRoomsIncentive, cost: Double) -> SampledBilevelProblem {
        let contexts = (0..<env.contextCount).map { k -> [Double] in
            var s = [Double](repeating: 0, count: env.stateCount)
            s[env.unionState(context: k, state: env.startState)] = 1
            return s
        }
        return SampledBilevelProblem(exact: env.bilevelProblem(cost: cost),
                                     kind: .rewardOnly(lower: env, upper: env.designerReward(cost: cost)),
                                     contexts: contexts, regularization: 0)
    }

    /// A Stackelberg game: `f = -V_L`, start `rho`.
    public static func game(_ g: StackelbergGame) -> SampledBilevelProblem {
        SampledBilevelProblem(exact: g.bilevelProblem, kind: .game(g), contexts: [g.initialDistribution], regularization: 0)
    }

    var xGradient: XGradientKind {
        switch kind {
        case .rewardOnly(let lower, _): return .rewardFeatures(lower)
        case .game(let g): return .leaderScore(leaderActionCount: g.leaderActionCount)
        }
    }

    /// The follower's reward as a joint table at x.
    func followerReward(_ mdp: TabularMDP) -> [Double] {
        switch kind {
        case .rewardOnly: return mdp.rewards
        case .game(let g): return g.followerReward
        }
    }

    func upperObjective(x: [Double]) -> SampledUpperObjective {
        switch kind {
        case .rewardOnly(_, let upper):
            return SampledUpperObjective(reward: upper.reward(at: x), xPart: .reward(upper), regularization: regularization)
        case .game(let g):
            return SampledUpperObjective(reward: g.leaderReward, xPart: .leaderScore(leaderActionCount: g.leaderActionCount),
                                         regularization: regularization)
        }
    }

    func leaderSampler(x: [Double]) -> PolicySampler? {
        guard case .game(let g) = kind else { return nil }
        return PolicySampler(Policy.softmax(logits: x, stateCount: g.stateCount, actionCount: g.leaderActionCount))
    }

    /// The upper reward as a joint table at x (for returns).
    func upperReward(x: [Double]) -> [Double] { upperObjective(x: x).reward }
}

/// One outer-optimization run of a sampled method (the counterpart of `BilevelOptimizer`):
/// gradient descent on `f = -J` with the x-direction's global norm clipped, every gradient
/// estimated from episodes of the simulator; `metrics()` evaluates `F(x_k)` exactly (the
/// report's ground truth, never used by the method). All randomness: outer step `k` draws from
/// `SeededGenerator(seed: seed, stream: 1000 + k)` (contexts, directions, batch seeds), so a run
/// is a function of its seed and independent of `threads`.
public struct SampledOptimizer: Sendable {
    public let problem: SampledBilevelProblem
    public let method: SampledMethodSpec
    public let settings: OptimizerSettings
    public let seed: UInt64
    public let threads: Int
    public private(set) var x: [Double]
    public private(set) var y: [Double]
    public private(set) var k = 0
    /// Transitions sampled so far.
    public private(set) var transitionsSampled = 0
    var lastBest: Policy?
    var lastBestSystem: PolicySystem?
    var oracleLogits: [Double]?
    /// Simulator of x-independent dynamics, built once (Four Rooms, games).
    var fixedSimulator: Simulator?

    public init(problem: SampledBilevelProblem, method: SampledMethodSpec, settings: OptimizerSettings, x0: [Double],
                y0: [Double]? = nil, seed: UInt64, threads: Int = 1) throws {
        guard x0.count == problem.exact.parameterCount else {
            throw AlgorithmError.invalidSetting("x0 has \(x0.count) entries, the problem has dim(x) = \(problem.exact.parameterCount)")
        }
        guard method.transitions >= 1, method.environments >= 1, method.horizon >= 1, method.episodesPerBatch >= 1 else {
            throw AlgorithmError.invalidSetting("sample budgets must be >= 1 (transitions, environments, horizon, episodes per batch)")
        }
        if method.kind.usesPenalty {
            guard method.lambda > 0, method.lambda.isFinite else { throw AlgorithmError.invalidSetting("lambda must be finite and > 0, got \(method.lambda)") }
            guard settings.stepY > 0 else { throw AlgorithmError.invalidSetting("sampled PBRL needs stepY > 0") }
        }
        let mdp = try problem.exact.lower.mdp(at: x0)
        self.problem = problem; self.method = method; self.settings = settings; self.seed = seed; self.threads = threads
        self.x = x0
        self.y = y0 ?? [Double](repeating: 0, count: mdp.stateCount * mdp.actionCount)
        switch problem.kind {
        case .rewardOnly: fixedSimulator = Simulator(mdp: mdp)  // transitions do not depend on x
        case .game(let g): fixedSimulator = Simulator(game: g)
        }
    }

    mutating func bestResponse(_ mdp: TabularMDP) -> SoftOptimum {
        let opt = mdp.softOptimum(solver: .policyIteration, tolerance: settings.solveTolerance, warmPolicy: lastBest, warmSystem: lastBestSystem)
        lastBest = opt.policy
        lastBestSystem = opt.system
        return opt
    }

    /// One outer iteration; returns the norm of the x-direction before clipping.
    @discardableResult
    public mutating func step() throws -> Double {
        let mdp = try problem.exact.lower.mdp(at: x)
        let sim = fixedSimulator!
        var rng = SeededGenerator(seed: seed, stream: 1000 + UInt64(k))
        let n = mdp.stateCount, m = mdp.actionCount
        var gx: [Double]
        let leader = problem.leaderSampler(x: x)
        switch method.kind {
        case .hpgd:
            guard case .rewardOnly(let lower, let upper) = problem.kind else {
                throw AlgorithmError.invalidSetting("hpgd needs a problem whose x enters the follower's reward only")
            }
            let opt = bestResponse(mdp)
            let context = problem.contexts[rng.index(problem.contexts.count)]
            let steps = max(1, method.transitions / method.environments)
            let batch = sim.rollouts(policy: PolicySampler(opt.policy), environments: method.environments, stepsPerEnvironment: steps,
                                     episodeLength: method.horizon, seed: rng.next(), threads: threads, start: context)
            transitionsSampled += batch.stepCount
            gx = HPGDEstimator(lower: lower, upper: upper, tau: mdp.tau).estimate(batch, x: x).map { -$0 }
        case .sampledZeroOrder:
            let u = method.smoothing / Double(k + 1)
            let z = (0..<x.count).map { _ in rng.normal() }
            let steps = max(1, method.transitions / (2 * method.environments))
            let batchSeed = rng.next()  // common random numbers for both points
            func sampledJ(_ at: [Double], keep: Bool) throws -> Double {
                let md = try problem.exact.lower.mdp(at: at)
                let opt = md.softOptimum(solver: .policyIteration, tolerance: settings.solveTolerance, warmPolicy: lastBest, warmSystem: lastBestSystem)
                if keep { lastBest = opt.policy; lastBestSystem = opt.system }
                let start = problem.contexts.count == 1 ? problem.contexts[0] : meanDistribution(problem.contexts)
                let b = sim.rollouts(policy: PolicySampler(opt.policy), environments: method.environments, stepsPerEnvironment: steps,
                                     episodeLength: method.horizon, seed: batchSeed, threads: threads, start: start)
                transitionsSampled += b.stepCount
                return SoftPolicyGradient.meanReturn(b, reward: problem.upperReward(x: at), tau: 0, policy: opt.policy)
            }
            let base = try sampledJ(x, keep: true)
            let shifted = try sampledJ(zip(x, z).map { $0 + u * $1 }, keep: false)
            // f = -J: descent direction of f.
            gx = SampledZeroOrder.estimate(perturbed: -shifted, base: -base, direction: z, smoothing: u)
        case .sampledPBRLValue, .sampledPBRLBellman:
            let pi = Policy.softmax(logits: y, stateCount: n, actionCount: m)
            let piS = PolicySampler(pi)
            let reward = problem.followerReward(mdp)
            let E = method.episodesPerBatch
            let term = Termination.horizon(method.horizon)
            // One seed for the follower's and the oracle's batches (common random numbers): the
            // two estimates in dp/dx are each unbiased, and their difference, which lambda
            // multiplies, has a variance that vanishes as pi_y approaches pi_hat.
            let batchSeed = rng.next()
            let follower = sim.batch(policy: piS, leader: leader, episodes: E, termination: term, seed: batchSeed, threads: threads)
            let upperStart = problem.contexts.count == 1 ? problem.contexts[0] : meanDistribution(problem.contexts)
            let upperBatch = upperStart == mdp.initialDistribution ? follower
                : sim.batch(policy: piS, leader: leader, episodes: E, termination: term, seed: rng.next(), threads: threads, start: upperStart)
            let up = problem.upperObjective(x: x).estimate(upperBatch, x: x, policy: pi)
            var pen: SampledPenalty
            if method.kind == .sampledPBRLValue {
                let bestPolicy: Policy
                switch method.oracle {
                case .exact: bestPolicy = bestResponse(mdp).policy
                case let .policyGradient(steps, episodes, stepSize):
                    var logits = oracleLogits ?? y
                    transitionsSampled += SampledSoftPGOracle(steps: steps, episodes: episodes, stepSize: stepSize, termination: term)
                        .improve(&logits, mdp: mdp, simulator: sim, reward: reward, leader: leader, seed: rng.next(), threads: threads)
                    oracleLogits = logits
                    bestPolicy = Policy.softmax(logits: logits, stateCount: n, actionCount: m)
                }
                let best = sim.batch(policy: PolicySampler(bestPolicy), leader: leader, episodes: E, termination: term, seed: batchSeed, threads: threads)
                transitionsSampled += best.stepCount
                pen = SampledValuePenalty(reward: reward, tau: mdp.tau, xGradient: problem.xGradient)
                    .estimate(x: x, follower: follower, followerPolicy: pi, best: best, bestPolicy: bestPolicy)
            } else {
                guard case .rewardOnly = problem.kind else {
                    throw AlgorithmError.invalidSetting("sampled-pbrl-bellman's TD critic is implemented for reward-only problems")
                }
                let critic = TDCritic(follower, mdp: mdp, policy: pi, alpha: method.criticStep, passes: method.criticPasses)
                let sigma = Policy.softmax(logits: critic.actionValues, stateCount: n, actionCount: m, temperature: mdp.tau)
                let lead = sim.batch(policy: piS, leader: leader, episodes: E, termination: term, seed: rng.next(), threads: threads,
                                     firstAction: PolicySampler(sigma))
                transitionsSampled += lead.stepCount
                pen = SampledBellmanPenalty(reward: reward, tau: mdp.tau, xGradient: problem.xGradient)
                    .estimate(x: x, plain: follower, leadIn: lead, policy: pi, sigma: sigma)
            }
            transitionsSampled += follower.stepCount + (upperStart == mdp.initialDistribution ? 0 : upperBatch.stepCount)
            gx = zip(up.gradX, pen.gradX).map { $0 + method.lambda * $1 }
            let gy = zip(up.gradY, pen.gradY).map { $0 + method.lambda * $1 }
            for v in gy where !v.isFinite { throw AlgorithmError.nonFinite(iteration: k, quantity: "y-gradient") }
            for i in 0..<y.count { y[i] -= settings.stepY * gy[i] }
        }
        for v in gx where !v.isFinite { throw AlgorithmError.nonFinite(iteration: k, quantity: "x-gradient") }
        let norm = gx.reduce(0) { $0 + $1 * $1 }.squareRoot()
        var scale = settings.stepX
        if let c = settings.clipNorm, norm > c { scale *= c / norm }
        for i in 0..<x.count { x[i] -= scale * gx[i] }
        if !method.kind.usesPenalty, let b = lastBest { y = b.logits }
        k += 1
        return norm
    }

    /// `F(x_k)` with the exact best response (the ground truth of the report) and the exact
    /// value penalty of the follower's policy.
    public func metrics() throws -> (F: Double, p: Double) {
        let mdp = try problem.exact.lower.mdp(at: x)
        let opt = mdp.softOptimum(solver: .policyIteration, tolerance: settings.solveTolerance, warmPolicy: lastBest, warmSystem: lastBestSystem)
        let best = PolicyEvaluation(mdp: mdp, optimum: opt)
        let F = problem.exact.upper.value(x: x, policy: opt.policy, lower: mdp, lowerEvaluation: best)
        var p = 0.0
        if method.kind.usesPenalty {
            let pi = Policy.softmax(logits: y, stateCount: mdp.stateCount, actionCount: mdp.actionCount)
            p = best.initialValue - PolicyEvaluation(mdp: mdp, policy: pi).initialValue
        }
        guard F.isFinite, p.isFinite else { throw AlgorithmError.nonFinite(iteration: k, quantity: "F(x) or p") }
        return (F, p)
    }
}

func meanDistribution(_ ds: [[Double]]) -> [Double] {
    var out = [Double](repeating: 0, count: ds[0].count)
    for d in ds { for i in 0..<d.count { out[i] += d[i] / Double(ds.count) } }
    return out
}
