import Foundation
import BilevelCore
import Environments
import Algorithms
import Lab

/// The E5 point of a seed: `x ~ N(0, xScale^2 I)` (stream 1 of the seed).
func theoryPoint(seed: UInt64, dimension: Int, scale: Double) -> [Double] {
    var rng = SeededGenerator(seed: seed, stream: 1)
    return (0..<dimension).map { _ in scale * rng.normal() }
}

/// Least-squares slope of `log10 y` against `log10 x`.
func logLogSlope(_ x: [Double], _ y: [Double]) -> Double {
    let lx = x.map(log10), ly = y.map(log10)
    let mx = lx.reduce(0, +) / Double(lx.count), my = ly.reduce(0, +) / Double(ly.count)
    var sxy = 0.0, sxx = 0.0
    for i in 0..<lx.count { sxy += (lx[i] - mx) * (ly[i] - my); sxx += (lx[i] - mx) * (lx[i] - mx) }
    return sxy / sxx
}

/// The lambda-scaling measurements at the seed's point x (docs/math.md section 6): for each lambda,
/// `p(x, y_lambda)` and `|df/dx + lambda dp/dx - dF/dx|` at the penalized solution
/// `y_lambda = argmin_y F_lambda(x, y)`; fitted log-log slopes (expected -2 and -1).
func runScaling(seed: UInt64, instance: TheoryInstance, config: TheoryConfig) throws -> RunResult {
    let problem = instance.problem
    let x = theoryPoint(seed: seed, dimension: instance.featureCount, scale: config.xScale)
    let lambdas = config.lambdaGrid
    var penalty: [Double] = [], bias: [Double] = [], residual: [Double] = [], newton: [Double] = []
    var hyperNorm = 0.0
    for lambda in lambdas {
        let sol = try PenalizedSolution(problem: problem, x: x, lambda: lambda)
        let (z, res, its) = try sol.solve(tolerance: config.newtonTolerance)
        let pi = sol.policy(z)
        let follower = PolicyEvaluation(mdp: sol.mdp, policy: pi)
        let p = sol.best.initialValue - follower.initialValue
        let up = problem.upper.evaluate(x: x, policy: pi, lower: sol.mdp)
        let pen = problem.valuePenalty(x: x, follower: follower, best: sol.best)
        let direction = zip(up.gradX, pen.gradX).map { $0 + lambda * $1 }
        let hyper = problem.hypergradient(x: x, best: sol.best).gradient
        hyperNorm = hyper.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let b = zip(direction, hyper).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        penalty.append(try NonFiniteError.check(p, "p(x, y_lambda)"))
        bias.append(try NonFiniteError.check(b, "bias"))
        residual.append(res)
        newton.append(Double(its))
    }
    var result = RunResult()
    result.series["lambda"] = lambdas
    result.series["p"] = penalty
    result.series["bias"] = bias
    result.series["newton_residual"] = residual
    result.series["newton_iterations"] = newton
    for name in ["p", "bias", "newton_residual", "newton_iterations"] { result.xAxis[name] = "lambda" }
    result.finals["slope.penalty"] = logLogSlope(lambdas, penalty)
    result.finals["slope.bias"] = logLogSlope(lambdas, bias)
    result.finals["newton_residual.max"] = residual.max() ?? 0
    result.finals["hypergradient_norm"] = hyperNorm
    result.matrices["x"] = [x]
    return result
}

/// The Bellman/value penalty bounds on random policies at the seed's point x (docs/math.md
/// section 3): `g <= p <= C g` with `C = max_s d*(s)/rho(s)` (`d*` the unnormalized occupancy
/// of pi*_x). Policies: softmax of `log pi*_x + sigma N(0, I)` and of `sigma N(0, I)`, for
/// each sigma in `logitScales`.
func runBounds(seed: UInt64, instance: TheoryInstance, config: TheoryConfig) throws -> RunResult {
    let problem = instance.problem
    let x = theoryPoint(seed: seed, dimension: instance.featureCount, scale: config.xScale)
    let mdp = try problem.lower.mdp(at: x)
    let opt = mdp.softOptimum(solver: .policyIteration, tolerance: 1e-14)
    let best = PolicyEvaluation(mdp: mdp, policy: opt.policy)
    let n = mdp.stateCount, m = mdp.actionCount
    let dStar = best.occupancy, rho = mdp.initialDistribution
    let C = (0..<n).map { dStar[$0] / rho[$0] }.max()!
    var rng = SeededGenerator(seed: seed, stream: 2)
    var ps: [Double] = [], gs: [Double] = [], sigmas: [Double] = [], nearOptimum: [Double] = []
    let yStar = opt.policy.logProbabilities
    for sigma in config.logitScales {
        for near in [true, false] {
            for _ in 0..<config.policiesPerScale {
                let y = (0..<(n * m)).map { i in (near ? yStar[i] : 0) + sigma * rng.normal() }
                let pi = Policy.softmax(logits: y, stateCount: n, actionCount: m)
                let follower = PolicyEvaluation(mdp: mdp, policy: pi)
                ps.append(try NonFiniteError.check(problem.valuePenalty(x: x, follower: follower, best: best).value, "p"))
                gs.append(try NonFiniteError.check(problem.bellmanPenalty(x: x, follower: follower).value, "g"))
                sigmas.append(sigma)
                nearOptimum.append(near ? 1 : 0)
            }
        }
    }
    var result = RunResult()
    result.series["p"] = ps
    result.series["g"] = gs
    result.series["sigma"] = sigmas
    result.series["near_optimum"] = nearOptimum
    result.finals["C"] = C
    result.finals["g_minus_p.max"] = zip(gs, ps).map { $0 - $1 }.max()!
    result.finals["p_minus_Cg.max"] = zip(gs, ps).map { $1 - C * $0 }.max()!
    result.finals["p_over_g.max"] = zip(gs, ps).map { $1 / max($0, 1e-300) }.max()!
    result.finals["policies"] = Double(ps.count)
    result.matrices["x"] = [x]
    return result
}

/// PBRL-value (series of the stationarity measure) or the exact hypergradient on the E5
/// problem from the seed's point x0 = x, y0 = 0. The stationarity measure is
/// `min_{j <= k} |grad F_lambda(x_j, y_j)|^2` (squared norm of the joint gradient, x and y).
func runOptimizer(_ job: Job, instance: TheoryInstance, config: TheoryConfig) throws -> RunResult {
    let kind = try MethodKind.named(job.method)
    let lambda = job.params["lambda"] ?? 1
    let pbrl = kind.usesPenalty
    let budget = config.budget(lambda: pbrl ? lambda : nil)
    let settings = OptimizerSettings(iterations: budget.iterations,
                                     stepX: pbrl ? config.stepXScale / lambda : config.hypergradientStep,
                                     stepY: pbrl ? config.stepYScale / lambda : 0,
                                     evaluateEvery: budget.evaluateEvery)
    let x0 = theoryPoint(seed: job.seed, dimension: instance.featureCount, scale: config.xScale)
    var optimizer = try BilevelOptimizer(problem: instance.problem, method: MethodSpec(kind, lambda: lambda),
                                         settings: settings, x0: x0, seed: job.seed)
    let t: Trajectory
    do { t = try optimizer.run() } catch let AlgorithmError.nonFinite(k, q) {
        throw NonFiniteError(name: q, iteration: k, value: .nan)
    }
    var result = RunResult()
    result.series["iteration"] = t.iterations.map(Double.init)
    result.series["F"] = t.hyperObjective
    result.series["p"] = t.valuePenalty
    let grad2 = zip(t.gradNormX, t.gradNormY).map { $0 * $0 + $1 * $1 }
    // The last recorded point has no step (norms 0): carry the previous value.
    var measure: [Double] = []
    var running = Double.infinity
    for (i, v) in grad2.enumerated() {
        if i < grad2.count - 1 || grad2.count == 1 { running = min(running, v) }
        measure.append(running)
    }
    result.series["stationarity"] = measure
    var shown = grad2
    if shown.count > 1 { shown[shown.count - 1] = shown[shown.count - 2] }
    result.series["grad_squared"] = shown
    for name in ["F", "p", "stationarity", "grad_squared"] { result.xAxis[name] = "iteration" }
    result.finals["F"] = t.hyperObjective.last!
    result.finals["stationarity"] = measure.last!
    result.matrices["final_x"] = [t.finalX]
    return result
}
