import Algorithms
import BilevelCore
import Environments
import Foundation
import Lab
import Sampling

/// The initial incentive parameter of a seed, as E2: `w_0 ~ N(0, scale^2)` (same stream).
func initialIncentive(seed: UInt64, scale: Double, count: Int) -> [Double] {
    var rng = SeededGenerator(seed: seed, stream: 21)
    return (0..<count).map { _ in scale * rng.normal() }
}

/// CPU time of the calling thread.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// One optimization run (method, cell, learning rate, seed). The follower MDP's start is the
/// designer's (coverage 0), so a sampled PBRL step shares the follower's batch with the upper
/// objective. `J(w_k)` is evaluated exactly every `evaluate_every` iterations, outside the clock.
func runMethod(_ method: String, params p: [String: Double], seed: UInt64, cfg: SampledConfig) throws -> RunResult {
    let tau = p["tau"]!, cost = p["cost"]!, lr = p["lr"]!
    let env = try FourRoomsIncentive(tau: tau, gamma: cfg.gamma, coverage: 0)
    let w0 = initialIncentive(seed: seed, scale: cfg.initScale, count: env.parameterCount)
    var its: [Double] = [], J: [Double] = [], pen: [Double] = []
    var stepSeconds = 0.0
    var transitions = 0
    if method == "hypergradient" {
        let settings = OptimizerSettings(iterations: cfg.iterations, stepX: lr, clipNorm: cfg.clipNorm, evaluateEvery: cfg.evaluateEvery)
        var opt = try BilevelOptimizer(problem: env.bilevelProblem(cost: cost), method: MethodSpec(.hypergradient), settings: settings, x0: w0, seed: seed)
        for k in 0...cfg.iterations {
            if k == cfg.iterations || k % cfg.evaluateEvery == 0 {
                let m = try opt.metrics()
                its.append(Double(k)); J.append(-m.F); pen.append(0)
            }
            if k < cfg.iterations { let t0 = threadCPUSeconds(); try opt.step(); stepSeconds += threadCPUSeconds() - t0 }
        }
    } else {
        let kind = try SampledMethodKind.named(method)
        let lambdaTau = p["lambda_tau"] ?? 1
        let spec = SampledMethodSpec(kind, lambda: lambdaTau / tau, oracle: .exact, transitions: cfg.transitions,
                                     environments: cfg.environments, horizon: cfg.episodeLength, smoothing: cfg.smoothing,
                                     episodesPerBatch: cfg.episodesPerBatch)
        let settings = OptimizerSettings(iterations: cfg.iterations, stepX: lr, stepY: cfg.stepY / lambdaTau, clipNorm: cfg.clipNorm,
                                         evaluateEvery: cfg.evaluateEvery)
        var y0: [Double]? = nil
        if kind.usesPenalty { y0 = try env.mdp(at: w0).softOptimum(tolerance: 1e-11).policy.logits }
        var opt = try SampledOptimizer(problem: .fourRooms(env, cost: cost), method: spec, settings: settings, x0: w0, y0: y0, seed: seed)
        for k in 0...cfg.iterations {
            if k == cfg.iterations || k % cfg.evaluateEvery == 0 {
                let m = try opt.metrics()
                its.append(Double(k)); J.append(-m.F); pen.append(m.p)
            }
            if k < cfg.iterations { let t0 = threadCPUSeconds(); try opt.step(); stepSeconds += threadCPUSeconds() - t0 }
        }
        transitions = opt.transitionsSampled
    }
    let tailStart = Double(cfg.iterations) * (1 - cfg.tailFraction)
    let tail = zip(its, J).filter { $0.0 >= tailStart }.map(\.1)
    var r = RunResult()
    r.series["iteration"] = its
    r.series["J"] = J
    r.series["p"] = pen
    r.xAxis["J"] = "iteration"; r.xAxis["p"] = "iteration"
    r.finals["tail_J"] = tail.reduce(0, +) / Double(max(1, tail.count))
    r.finals["initial_J"] = J.first ?? .nan
    r.finals["final_J"] = J.last ?? .nan
    r.finals["transitions_per_step"] = Double(transitions) / Double(cfg.iterations)
    r.labels["step_cpu_ms"] = String(format: "%.4f", 1000 * stepSeconds / Double(cfg.iterations))
    return r
}

/// The gradient-error study at `w_0` of the seed (cell `error_tau`, `error_cost`): for each budget
/// of transitions per estimate (5 environments, restarts as HPGD), `error_repeats` independent
/// estimates of (a) HPGD against the exact hypergradient of the sampled goal context, (b) the
/// follower's soft policy gradient at the `y` of (c) against `PolicyEvaluation.logitGradient`, (c) the
/// value penalty's x-gradient `dp/dx` (two batches, half the budget each) at a follower
/// `y = log pi* + N(0, 1)` against `BilevelProblem.valuePenalty`. Recorded: the relative RMS error
/// `sqrt(mean |g - g_exact|^2) / |g_exact|` per budget, and its fitted log-log slope.
func runGradientError(params p: [String: Double], seed: UInt64, cfg: SampledConfig) throws -> RunResult {
    let tau = p["tau"]!, cost = p["cost"]!
    let env = try FourRoomsIncentive(tau: tau, gamma: cfg.gamma, coverage: 0)
    let w = initialIncentive(seed: seed, scale: cfg.initScale, count: env.parameterCount)
    let mdp = try env.mdp(at: w)
    let opt = mdp.softOptimum(tolerance: 1e-11)
    let best = PolicyEvaluation(mdp: mdp, optimum: opt)
    let sim = Simulator(mdp: mdp)
    let sampler = PolicySampler(opt.policy)
    let problem = env.bilevelProblem(cost: cost)
    let contexts = SampledBilevelProblem.fourRooms(env, cost: cost).contexts
    let exactHPGD = contexts.map { start in
        BilevelProblem(lower: env, upper: NegativeUpperValue(reward: env.designerReward(cost: cost), dynamics: env, initialDistribution: start))
            .hypergradient(x: w, best: best).gradient.map { -$0 }
    }
    var noise = SeededGenerator(seed: seed, stream: 31)
    let y = opt.policy.logits.map { $0 + noise.normal() }
    let pi = Policy.softmax(logits: y, stateCount: mdp.stateCount, actionCount: mdp.actionCount)
    let exactPG = PolicyEvaluation(mdp: mdp, policy: pi).logitGradient()
    let exactDp = problem.valuePenalty(x: w, follower: PolicyEvaluation(mdp: mdp, policy: pi), best: best).gradX
    let hpgd = HPGDEstimator(lower: env, upper: env.designerReward(cost: cost), tau: tau)
    let pg = SoftPolicyGradient(reward: mdp.rewards, tau: tau)
    let vp = SampledValuePenalty(reward: mdp.rewards, tau: tau, xGradient: .rewardFeatures(env))
    var errH = [Double](), errPG = [Double](), errDp = [Double]()
    func dist2(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
    func norm(_ a: [Double]) -> Double { a.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    for budget in cfg.errorBudgets {
        var sH = 0.0, sPG = 0.0, sDp = 0.0
        let per = budget / cfg.environments
        for r in 0..<cfg.errorRepeats {
            let base = UInt64(budget) &* 1_000 &+ UInt64(r)
            let k = r % contexts.count
            let roll = sim.rollouts(policy: sampler, environments: cfg.environments, stepsPerEnvironment: per,
                                    episodeLength: cfg.episodeLength, seed: base &* 3, start: contexts[k])
            sH += dist2(hpgd.estimate(roll, x: w), exactHPGD[k]) / pow(norm(exactHPGD[k]), 2)
            let fromRho = sim.rollouts(policy: PolicySampler(pi), environments: cfg.environments, stepsPerEnvironment: per,
                                       episodeLength: cfg.episodeLength, seed: base &* 3 &+ 1)
            sPG += dist2(pg.estimate(fromRho, policy: pi).gradient, exactPG) / pow(norm(exactPG), 2)
            let half = max(1, per / 2)
            let fb = sim.rollouts(policy: PolicySampler(pi), environments: cfg.environments, stepsPerEnvironment: half,
                                  episodeLength: cfg.episodeLength, seed: base &* 3 &+ 2)
            let bb = sim.rollouts(policy: sampler, environments: cfg.environments, stepsPerEnvironment: half,
                                  episodeLength: cfg.episodeLength, seed: base &* 3 &+ 2)  // common random numbers, as the optimizer
            sDp += dist2(vp.estimate(x: w, follower: fb, followerPolicy: pi, best: bb, bestPolicy: opt.policy).gradX, exactDp) / pow(norm(exactDp), 2)
        }
        let R = Double(cfg.errorRepeats)
        errH.append((sH / R).squareRoot()); errPG.append((sPG / R).squareRoot()); errDp.append((sDp / R).squareRoot())
    }
    var r = RunResult()
    let budgets = cfg.errorBudgets.map(Double.init)
    r.series["budget"] = budgets
    for (name, e) in [("hpgd", errH), ("soft_pg", errPG), ("value_penalty_dx", errDp)] {
        r.series["error.\(name)"] = e
        r.xAxis["error.\(name)"] = "budget"
        r.finals["slope.\(name)"] = logLogSlope(budgets, e)
    }
    return r
}

func logLogSlope(_ x: [Double], _ y: [Double]) -> Double {
    let lx = x.map { log($0) }, ly = y.map { log($0) }
    let mx = lx.reduce(0, +) / Double(lx.count), my = ly.reduce(0, +) / Double(ly.count)
    var sxy = 0.0, sxx = 0.0
    for i in 0..<lx.count { sxy += (lx[i] - mx) * (ly[i] - my); sxx += (lx[i] - mx) * (lx[i] - mx) }
    return sxy / sxx
}
