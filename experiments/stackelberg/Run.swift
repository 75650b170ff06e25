import Foundation
import BilevelCore
import Environments
import Algorithms
import ExperimentKit
import Lab

/// The two parts of E1, carried by a job as the parameter `part`.
enum GamePart: Int, Sendable {
    /// E1a, the commitment game (deterministic: one run per method).
    case commitment = 1
    /// E1b, random general-sum games (one instance per seed).
    case random = 2

    var tag: String { self == .commitment ? "e1a" : "e1b" }
}

/// The bilevel problem of a part: the follower's MDP depends on the leader's logits x through
/// both its reward and its transitions (`StackelbergGame.followerMDP`); the upper objective is
/// `f = -V_L(rho_L)`, the leader's unregularized value.
///
/// E1a: the leader's value is from the start state S; the follower's states are weighted by
/// `weighting` in its objective and in both penalties (its soft best response is the same for
/// every full-support weighting, since it is soft-optimal in every state).
///
/// Returns the problem, the follower's game as optimized (its rho = the follower's weighting)
/// and the game as specified.
func gameInstance(part: GamePart, seed: UInt64, weighting: FollowerWeighting) throws -> (BilevelProblem, StackelbergGame, StackelbergGame) {
    switch part {
    case .random:
        let game = try StackelbergGames.randomGeneralSum(seed: seed)
        return (game.bilevelProblem, game, game)
    case .commitment:
        let game = try StackelbergGames.commitment()
        let start = game.initialDistribution
        let lower: StackelbergGame
        switch weighting {
        case .start: lower = game
        case .uniform:
            let n = game.stateCount
            lower = try StackelbergGame(
                stateCount: n, leaderActionCount: game.leaderActionCount, followerActionCount: game.followerActionCount,
                transitions: game.transitions, leaderReward: game.leaderReward, followerReward: game.followerReward,
                gamma: game.gamma, tau: game.tau, initialDistribution: [Double](repeating: 1 / Double(n), count: n))
        }
        let upper = NegativeUpperValue(reward: lower.leaderRewardModel, dynamics: lower.followerMDP, initialDistribution: start)
        return (BilevelProblem(lower: lower.followerMDP, upper: upper), lower, game)
    }
}

/// The method a job names, with its penalty weight and lambda schedule (job parameters
/// `lambda_start`, `ramp_iterations`, `continuation_*`; constant without them).
func methodSpec(_ job: Job) throws -> MethodSpec {
    let kind = try MethodKind.named(job.method)
    return MethodSpec(kind, lambda: job.params["lambda"] ?? 1, schedule: ScheduleVariant.schedule(params: job.params))
}

/// Optimizer settings of a job: PBRL steps `scale / lambda` (`scale / lambda_k` under a
/// schedule), baselines `baselineStepX`; the budget is the job's `budget` parameter when given.
func optimizerSettings(_ s: PartSettings, _ method: MethodSpec, budget: Double? = nil) -> OptimizerSettings {
    let pbrl = method.kind.usesPenalty
    return OptimizerSettings(iterations: budget.map { Int($0) } ?? s.iterations(penalty: pbrl, lambda: method.lambda),
                             stepX: pbrl ? s.stepXScale / method.lambda : s.baselineStepX,
                             stepY: pbrl ? s.stepYScale / method.lambda : 0,
                             clipNorm: s.clipNorm > 0 ? s.clipNorm : nil,
                             evaluateEvery: s.evaluateEvery, keepIterates: true,
                             stepScalingX: .inverseLambda, stepScalingY: .inverseLambda)
}

/// One E1 run: zero-initialized leader and follower logits, the method of `job` for the
/// part's iterations. Series (against `iteration`): `F` = F(x_k), `leader_value` = -F(x_k)
/// = V_L at the follower's exact best response, `f` = f(x_k, y_k), `p` (value gap),
/// `g` (Bellman penalty), `grad_x` = |x-direction|; E1a adds `pi_L(0|A)`.
func runGameJob(_ job: Job, part: GamePart, config: StackelbergConfig) throws -> RunResult {
    let settings = part == .commitment ? config.commitment : config.random
    let (problem, lowerGame, game) = try gameInstance(part: part, seed: job.seed, weighting: config.commitmentWeighting)
    let method = try methodSpec(job)
    var optimizer = try BilevelOptimizer(problem: problem, method: method,
                                         settings: optimizerSettings(settings, method, budget: job.params["budget"]),
                                         x0: [Double](repeating: 0, count: problem.parameterCount),
                                         seed: job.seed)
    let trajectory: Trajectory
    do { trajectory = try optimizer.run() } catch let AlgorithmError.nonFinite(k, q) {
        throw NonFiniteError(name: q, iteration: k, value: .nan)
    }
    var result = RunResult()
    let its = trajectory.iterations.map(Double.init)
    result.series["iteration"] = its
    result.series["F"] = trajectory.hyperObjective
    result.series["leader_value"] = trajectory.hyperObjective.map { -$0 }
    result.series["f"] = trajectory.upperObjective
    result.series["p"] = trajectory.valuePenalty
    result.series["g"] = trajectory.bellmanPenalty
    result.series["grad_x"] = trajectory.gradNormX
    if ScheduleVariant.kind(params: job.params) != nil {
        result.series["lambda"] = trajectory.lambdas
        result.labels["lambda_schedule"] = method.schedule.label
    }
    if part == .commitment {
        let mL = game.leaderActionCount, A = StackelbergGames.CommitmentState.A.rawValue
        let piA = trajectory.iterations.map { k -> Double in
            let pi = Policy.softmax(logits: trajectory.iterates[k], stateCount: game.stateCount, actionCount: mL)
            return pi[A, 0]
        }
        result.series["pi_L(0|A)"] = piA
        result.finals["pi_L(0|A)"] = piA.last!
    }
    for name in result.series.keys where name != "iteration" { result.xAxis[name] = "iteration" }
    result.finals["F"] = trajectory.hyperObjective.last!
    result.finals["leader_value"] = -trajectory.hyperObjective.last!
    result.finals["f"] = trajectory.upperObjective.last!
    result.finals["p"] = trajectory.valuePenalty.last!
    result.finals["g"] = trajectory.bellmanPenalty.last!
    result.matrices["final_leader_policy"] = leaderPolicyRows(trajectory.finalX, game)
    try result.setInstance(StackelbergGameFile(lowerGame, leaderStart: game.initialDistribution))
    result.labels["method"] = method.label
    result.labels["game"] = part == .commitment ? "E1a commitment game" : "E1b random general-sum game, seed \(job.seed)"
    return result
}

/// `pi_L = softmax(x)` as rows (one per state).
func leaderPolicyRows(_ x: [Double], _ game: StackelbergGame) -> [[Double]] {
    let pi = Policy.softmax(logits: x, stateCount: game.stateCount, actionCount: game.leaderActionCount)
    return (0..<game.stateCount).map { s in (0..<game.leaderActionCount).map { pi[s, $0] } }
}

/// The jobs of E1: for each part, PBRL (both penalties) at each lambda and the two
/// baselines; E1a on the first seed only (it has no randomness), E1b on every seed.
func gameJobs(_ session: Session, _ config: StackelbergConfig) -> [Job] {
    var jobs: [Job] = []
    for part in [GamePart.commitment, .random] {
        let s = part == .commitment ? config.commitment : config.random
        let seeds = part == .commitment ? Array(session.seeds.prefix(1)) : session.seeds
        for method in session.methods {
            let kind = try? MethodKind.named(method)
            let params: [[String: Double]] = (kind?.usesPenalty ?? false)
                ? s.lambdas.map { ["part": Double(part.rawValue), "lambda": $0] }
                : [["part": Double(part.rawValue)]]
            for p in params { for seed in seeds { jobs.append(Job(method: method, seed: seed, params: p)) } }
            // The schedule variants at the largest lambda (docs/lambda-schedules.md).
            guard kind?.usesPenalty ?? false else { continue }
            for v in s.schedules {
                let p = v.params.merging(["part": Double(part.rawValue), "lambda": s.largestLambda]) { a, _ in a }
                for seed in seeds { jobs.append(Job(method: method, seed: seed, params: p)) }
            }
        }
    }
    return jobs
}

/// A metric-name fragment for a method: `pbrl-value.lambda=10`, `hypergradient`; a schedule
/// variant appends its kind: `pbrl-value.lambda=1000.ramp`.
func methodKey(_ method: String, _ lambda: Double?, schedule: ScheduleVariant.Kind? = nil) -> String {
    guard let lambda else { return method }
    let text = lambda == lambda.rounded() && abs(lambda) < 1e15 ? String(Int(lambda)) : String(lambda)
    return "\(method).lambda=\(text)" + (schedule.map { ".\($0.rawValue)" } ?? "")
}

