import Algorithms
import BilevelCore
import Environments
import Foundation

/// One run of E2: a method on one (tau, c) cell with one learning rate and one seed.
///
/// Protocol (docs/four-rooms.md): `w_0 ~ N(0, 0.01^2)` per seed; plain gradient ascent on `J(w)`
/// (the optimizer minimizes `f = -J`) with the x-direction's global norm clipped to 1.0. PBRL
/// methods start the follower at its best response `y_0 = log pi*_{w_0}` and move it with step
/// `stepY` (unclipped). `J(w_k)` (exact best response) is recorded every `evaluateEvery`
/// iterations; the metric is its mean over the last `tailFraction` of the iterations.
struct IncentiveRunSpec: Sendable, Hashable {
    var tau: Double
    var coverage: Double
    var gamma: Double
    var cost: Double
    var method: MethodSpec
    var learningRate: Double
    var stepY: Double
    var iterations: Int
    var evaluateEvery: Int
    var initScale: Double
    var clipNorm: Double
    var tailFraction: Double
    var seed: UInt64
}

struct IncentiveRunResult: Sendable {
    /// Iterations at which J was evaluated.
    var iterations: [Double]
    /// `J(w_k)` (designer objective at the exact best response).
    var objective: [Double]
    /// Value penalty `p(w_k, y_k)` (0 for methods that play `pi*`).
    var valuePenalty: [Double]
    /// The scheduled `lambda_k tau` of the step from iterate k (PBRL).
    var lambdaTau: [Double]
    /// PBRL only (empty otherwise): Bellman penalty `g(w_k, y_k)` and the designer objective at
    /// the follower's own policy, `-f(w_k, y_k)`.
    var bellmanPenalty: [Double] = []
    var followerObjective: [Double] = []
    /// Mean of `J` over the recorded iterations in the last `tailFraction` of the run.
    var tailObjective: Double
    var finalW: [Double]
    /// CPU seconds of the running thread per outer iteration (metrics excluded).
    var secondsPerIteration: Double
    var innerIterations: Int
}

/// The initial incentive parameter of a seed: `w_0 ~ N(0, scale^2)` (105 entries).
func initialIncentive(seed: UInt64, scale: Double, count: Int) -> [Double] {
    var rng = SeededGenerator(seed: seed, stream: 21)
    return (0..<count).map { _ in scale * rng.normal() }
}

func runIncentive(_ spec: IncentiveRunSpec) throws -> IncentiveRunResult {
    let env = try FourRoomsIncentive(tau: spec.tau, gamma: spec.gamma, coverage: spec.coverage)
    let problem = env.bilevelProblem(cost: spec.cost)
    let w0 = initialIncentive(seed: spec.seed, scale: spec.initScale, count: env.parameterCount)
    var y0: [Double]? = nil
    if spec.method.kind.usesPenalty {
        y0 = try env.mdp(at: w0).softOptimum(tolerance: 1e-11).policy.logits
    }
    // Under a lambda schedule the follower's step follows lambda_k (pbrl_step_y / (lambda_k tau)),
    // the designer's stays the learning rate (its direction is norm-clipped).
    let settings = OptimizerSettings(iterations: spec.iterations, stepX: spec.learningRate, stepY: spec.stepY,
                                     clipNorm: spec.clipNorm, evaluateEvery: spec.evaluateEvery,
                                     solveTolerance: 1e-10, stepScalingX: .fixed, stepScalingY: .inverseLambda)
    var opt = try BilevelOptimizer(problem: problem, method: spec.method, settings: settings,
                                   x0: w0, y0: y0, seed: spec.seed)
    // Timed loop: the steps alone (thread CPU time); J is evaluated every `evaluateEvery` steps
    // outside the clock.
    var its: [Double] = [], J: [Double] = [], p: [Double] = [], lambdaTau: [Double] = [], g: [Double] = [], Jy: [Double] = []
    var stepSeconds = 0.0
    for k in 0...spec.iterations {
        if k == spec.iterations || k % spec.evaluateEvery == 0 {
            let m = try opt.metrics()
            its.append(Double(k)); J.append(-m.F); p.append(m.p)
            lambdaTau.append(spec.method.lambda(at: k) * spec.tau)
            if spec.method.kind.usesPenalty { g.append(m.g); Jy.append(-m.f) }
        }
        if k < spec.iterations {
            let t0 = threadCPUSeconds()
            try opt.step()
            stepSeconds += threadCPUSeconds() - t0
        }
    }
    let tailStart = Double(spec.iterations) * (1 - spec.tailFraction)
    let tail = zip(its, J).filter { $0.0 >= tailStart }.map(\.1)
    return IncentiveRunResult(iterations: its, objective: J, valuePenalty: p, lambdaTau: lambdaTau,
                              bellmanPenalty: g, followerObjective: Jy,
                              tailObjective: tail.reduce(0, +) / Double(max(1, tail.count)),
                              finalW: opt.x, secondsPerIteration: stepSeconds / Double(max(1, spec.iterations)),
                              innerIterations: 0)
}

/// CPU time of the calling thread (robust to other processes sharing the cores).
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
