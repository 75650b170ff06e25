import Algorithms
import BilevelCore
import Environments
import Foundation
import Lab

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
}

/// CPU seconds of the calling thread: what a step costs, whatever else the shared machine runs
/// (wall-clock times of steps longer than a scheduler time slice include other processes'
/// turns when the two cores are oversubscribed).
func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
}

func median(_ v: [Double]) -> Double {
    let s = v.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
}

/// Keys of the measured (non-deterministic) timings, kept in the run record's `measurements`:
/// the record's series and finals hold only deterministic numbers (`bilevel verify` compares
/// them bit for bit), while a timing differs on every run.
enum Measured {
    /// Thread CPU seconds (what the figure and the summary use).
    static func perIteration(_ n: Int) -> String { "cpu_seconds_per_iteration.n=\(n)" }
    static func steps(_ n: Int) -> String { "cpu_step_seconds.n=\(n)" }
    static func evaluation(_ n: Int) -> String { "cpu_evaluation_seconds.n=\(n)" }
    /// Wall-clock seconds, for reference.
    static func wallPerIteration(_ n: Int) -> String { "wall_seconds_per_iteration.n=\(n)" }
}

/// One job = one method on the Garnet instances of one seed, every size: `warmupSteps` optimizer
/// steps, then `timedSteps` steps timed one by one in thread CPU time (the per-iteration time is
/// their median; wall-clock medians are kept too),
/// then as many exact policy evaluations of the current follower policy (the unit of cost;
/// memoized factorizations are dropped before each so every one pays for its LU).
func runScalingJob(_ job: Job, config: ScalingConfig) throws -> RunResult {
    let kind = try MethodKind.named(job.method)
    var result = RunResult()
    var gradNormX: [Double] = [], gradNormY: [Double] = [], xNorm: [Double] = []
    for n in config.sizes {
        let garnet = try GarnetBilevel(states: n, actions: config.actions, branching: config.branching,
                                       gamma: config.gamma, tau: config.tau, seed: job.seed)
        let spec = MethodSpec(kind, lambda: config.lambda, oracle: .exact(tolerance: config.tolerance))
        let settings = OptimizerSettings(iterations: config.warmupSteps + config.timedSteps,
                                         stepX: 0.1 / config.lambda, stepY: 2 / config.lambda,
                                         solveTolerance: config.tolerance)
        var opt = try BilevelOptimizer(problem: garnet.problem, method: spec, settings: settings,
                                       x0: garnet.x0, y0: garnet.y0)
        for _ in 0..<config.warmupSteps { try opt.step() }
        var stepTimes: [Double] = [], wallTimes: [Double] = []
        var norms = (gradNormX: 0.0, gradNormY: 0.0)
        for _ in 0..<config.timedSteps {
            let t0 = monotonicSeconds(), c0 = threadCPUSeconds()
            norms = try opt.step()
            stepTimes.append(threadCPUSeconds() - c0)
            wallTimes.append(monotonicSeconds() - t0)
        }
        let mdp = try garnet.problem.lower.mdp(at: opt.x)
        let pi = Policy.softmax(logits: opt.y, stateCount: n, actionCount: config.actions)
        var evalTimes: [Double] = []
        var checksum = 0.0
        for _ in 0..<config.timedSteps {
            mdp.sparseTransitions.removeCachedFactorizations()
            let c0 = threadCPUSeconds()
            let ev = PolicyEvaluation(mdp: mdp, policy: pi)
            checksum += ev.occupancy[0]
            evalTimes.append(threadCPUSeconds() - c0)
        }
        _ = try NonFiniteError.check(checksum, "occupancy", iteration: nil)
        gradNormX.append(try NonFiniteError.check(norms.gradNormX, "|gx| at n=\(n)"))
        gradNormY.append(try NonFiniteError.check(norms.gradNormY, "|gy| at n=\(n)"))
        xNorm.append(opt.x.reduce(0) { $0 + $1 * $1 }.squareRoot())
        result.measurements[Measured.perIteration(n)] = [median(stepTimes)]
        result.measurements[Measured.steps(n)] = stepTimes
        result.measurements[Measured.evaluation(n)] = [median(evalTimes)]
        result.measurements[Measured.wallPerIteration(n)] = [median(wallTimes)]
    }
    result.series["n"] = config.sizes.map(Double.init)
    result.series["grad_norm_x"] = gradNormX
    result.series["grad_norm_y"] = gradNormY
    result.series["x_norm"] = xNorm
    result.xAxis = ["grad_norm_x": "n", "grad_norm_y": "n", "x_norm": "n"]
    return result
}

/// The measured seconds of `key(n)` in a record, per size (nil when missing or unreadable).
func measured(_ record: RunRecord, _ key: (Int) -> String, sizes: [Int]) -> [Double]? {
    var out: [Double] = []
    for n in sizes {
        guard let v = record.measurements?[key(n)]?.first, v.isFinite, v > 0 else { return nil }
        out.append(v)
    }
    return out
}

/// Least-squares slope of log(y) against log(x): the fitted exponent of y ~ x^k.
func fittedExponent(x: [Double], y: [Double]) -> Double {
    let lx = x.map { Foundation.log($0) }, ly = y.map { Foundation.log($0) }
    let mx = lx.reduce(0, +) / Double(lx.count), my = ly.reduce(0, +) / Double(ly.count)
    var sxy = 0.0, sxx = 0.0
    for (a, b) in zip(lx, ly) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx) }
    return sxy / sxx
}
