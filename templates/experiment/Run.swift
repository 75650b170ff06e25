import BilevelCore
import Environments
import Algorithms
import Lab

/// One run: the method of `job` on the Garnet instance of `job.seed` (`GarnetBilevel`: the
/// lower-level reward is the leader's variable, r_x = x, started at the instance's x0), from
/// the uniform follower policy. Series against `iteration`: `F` = F(x_k) (the hyper-objective,
/// exact lower-level solve), `p` = value penalty p(x_k, y_k), `grad_x` = |x-direction|.
func runJob(_ job: Job, config: ExampleConfig) throws -> RunResult {
    let garnet = try GarnetBilevel(states: config.states, actions: config.actions, branching: config.branching,
                                   gamma: config.gamma, tau: config.tau, regularization: config.regularization, seed: job.seed)
    let kind = try MethodKind.named(job.method)
    let lambda = job.params["lambda"] ?? 1
    let settings = OptimizerSettings(iterations: config.budget(penalty: kind.usesPenalty, lambda: lambda),
                                     stepX: kind.usesPenalty ? config.stepXScale / lambda : config.hypergradientStep,
                                     stepY: kind.usesPenalty ? config.stepYScale / lambda : 0,
                                     evaluateEvery: config.evaluateEvery)
    var optimizer = try BilevelOptimizer(problem: garnet.problem, method: MethodSpec(kind, lambda: lambda),
                                         settings: settings, x0: garnet.x0, seed: job.seed)
    let t: Trajectory
    do { t = try optimizer.run() } catch let AlgorithmError.nonFinite(k, q) {
        throw NonFiniteError(name: q, iteration: k, value: .nan)   // stops this run loudly, status "failed"
    }
    var result = RunResult()
    result.series["iteration"] = t.iterations.map(Double.init)
    result.series["F"] = t.hyperObjective
    result.series["p"] = t.valuePenalty
    result.series["grad_x"] = t.gradNormX
    for name in ["F", "p", "grad_x"] { result.xAxis[name] = "iteration" }
    result.finals["F"] = t.hyperObjective.last!
    result.finals["F0"] = t.hyperObjective.first!
    result.finals["p"] = t.valuePenalty.last!
    result.matrices["final_x"] = [t.finalX]
    result.labels["method"] = MethodSpec(kind, lambda: lambda).label
    return result
}

/// Headline numbers: `{{NAME}}.final_F.<method>[.lambda=L].mean` and the one the expectation
/// checks, `{{NAME}}.final_F_gap.max`: the largest over seeds of
/// |F(x_K) of PBRL-value at the largest lambda - F(x_K) of the exact hypergradient|.
func summaryMetrics(_ records: [RunRecord], config: ExampleConfig) -> [String: Double] {
    var metrics: [String: Double] = [:]
    let hyper = records.runs("hypergradient")
    if !hyper.isEmpty { metrics["{{NAME}}.final_F.hypergradient.mean"] = mean(hyper.finals("F")) }
    for lambda in config.lambdas {
        let runs = records.runs("pbrl-value", params: ["lambda": lambda])
        guard !runs.isEmpty else { continue }
        metrics["{{NAME}}.final_F.pbrl-value.lambda=\(lambdaText(lambda)).mean"] = mean(runs.finals("F"))
    }
    if let largest = config.lambdas.max() {
        let gaps = records.runs("pbrl-value", params: ["lambda": largest]).compactMap { r -> Double? in
            guard let f = r.finals["F"], let h = hyper.first(where: { $0.seed == r.seed })?.finals["F"] else { return nil }
            return abs(f - h)
        }
        if let worst = gaps.max() { metrics["{{NAME}}.final_F_gap.max"] = worst }
    }
    return metrics
}

func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(1, v.count)) }

func lambdaText(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
