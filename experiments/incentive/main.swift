// E2 `incentive`: incentive design in Four Rooms (docs/four-rooms.md, docs/experiments.md E2).
//
//     incentive --profile quick|standard|full [--seeds 0..9] [--methods a,b] [--jobs N]
//
// Writes runs/incentive/<profile>/{records/, summary.json, e2_table.md, figures/, figures.json}.
//
// Exact per docs/four-rooms.md: map, numbering, slip model, absorbing goals with zero continuation,
// two goal contexts, softmax incentives with the unspent entry, designer reward with the
// incentive cost at the goal, tau x c grid, learning-rate grid, norm clipping 1.0, metric.
// Choices of this reproduction (the spec leaves them open), each stated in the code:
// - both goal contexts are one disjoint-union MDP (exact: J = V_UL of the union from rho_UL);
// - the goal's own softmax entry is not paid out in its context (acts as unspent budget);
// - PBRL penalties weight states by rho = 1/2 start + 1/2 uniform (`coverage`; pi* and J do
//   not depend on it; with the start alone the Bellman penalty does not bound the value gap);
// - PBRL penalty weights are given as lambda*tau, the follower-logit step is
//   pbrl_step_y/(lambda tau), and the follower starts at its best response y_0 = log pi*(w_0);
// - zero-order smoothing u_k = zero_order_smoothing / k (one Gaussian direction per step).
import Algorithms
import ExperimentKit
import Foundation
import Lab

let methodNames = ["hypergradient", "pbrl-value", "pbrl-bellman", "zero-order", "naive"]

Experiment("incentive", methods: methodNames,
           abstract: "E2: incentive design in Four Rooms (AMD, PBRL-value, PBRL-Bellman, zero-order, naive).").main { session in
    let cfg = try IncentiveConfig(session.config)
    var jobs: [Job] = []
    for name in session.methods {
        jobs += session.jobs(methods: [name], params: cfg.params(for: try MethodKind.named(name)))
    }
    let records = try session.run(jobs) { job in
        let spec = cfg.spec(method: try MethodKind.named(job.method), params: job.params, seed: job.seed)
        let run = try runIncentive(spec)
        var result = incentiveRunResult(run)
        if ScheduleVariant.kind(params: job.params) != nil {
            // Only schedule variants carry lambda_k (constant-lambda records keep their series).
            result.series["lambda_tau"] = run.lambdaTau
            result.xAxis["lambda_tau"] = "iteration"
            result.labels["lambda_schedule"] = spec.method.schedule.label
        }
        return result
    }
    try writeOutputs(session: session, config: cfg, records: records)
}

/// The run record's numbers: J and p against the evaluated iterations, the tail metric, w.
func incentiveRunResult(_ r: IncentiveRunResult) -> RunResult {
    var result = RunResult()
    result.series["iteration"] = r.iterations
    result.series["J"] = r.objective
    result.series["p"] = r.valuePenalty
    result.xAxis["J"] = "iteration"
    result.xAxis["p"] = "iteration"
    if !r.bellmanPenalty.isEmpty {
        // PBRL: the Bellman penalty and the designer objective at the follower's own policy
        // (J at y_k rather than at pi*), which explain where PBRL-Bellman leaves the bilevel path.
        result.series["g"] = r.bellmanPenalty
        result.series["J_follower"] = r.followerObjective
        result.xAxis["g"] = "iteration"
        result.xAxis["J_follower"] = "iteration"
    }
    result.finals["tail_J"] = r.tailObjective
    result.finals["final_J"] = r.objective.last ?? .nan
    result.finals["initial_J"] = r.objective.first ?? .nan
    result.matrices["w"] = [r.finalW]
    // Timing is not a result: a measurement (never compared bitwise; informational in comparisons).
    result.measurements["step_cpu_ms"] = [1000 * r.secondsPerIteration]
    return result
}

/// Table (markdown + figure), convergence curves, map, summary and figure manifest.
func writeOutputs(session: Session, config cfg: IncentiveConfig, records: [RunRecord]) throws {
    let all = selectLearningRates(records)
    // The table, convergence curves and map show the constant-lambda grid (the published
    // protocol); the schedule variants go to the lambda figures and table (LambdaAnalysis.swift).
    let results = all.filter { $0.key.schedule == nil }
    let layout = session.layout
    let provenance = session.figureProvenance
    let seedCount = session.seeds.count
    var metrics: [String: Double] = [:]
    for (v, cells) in all {
        for (cell, e) in cells {
            metrics["e2.tail_J.\(v.key).\(cell.key).mean"] = e.mean
            metrics["e2.tail_J.\(v.key).\(cell.key).std"] = e.std
            metrics["e2.tail_J_se.\(v.key).\(cell.key)"] = e.standardError
            metrics["e2.lr.\(v.key).\(cell.key)"] = e.learningRate
            metrics["e2.gain_J.\(v.key).\(cell.key)"] = e.mean - e.initial
            metrics["e2.initial_J.\(cell.key)"] = e.initial
        }
        // The worst cell's improvement of J over its initial value (>= 0: never ends below w_0).
        if let worst = cells.values.map({ $0.mean - $0.initial }).min() { metrics["e2.min_gain_J.\(v.key)"] = worst }
        // CPU time per outer iteration: of the step alone, and of the whole job (J evaluated
        // every evaluate_every iterations included).
        let recs = records.succeeded.filter { MethodVariant($0) == v }
        let perIt = recs.map { $0.timing.cpuSeconds / ($0.params["budget"] ?? Double(cfg.iterations)) }
        if !perIt.isEmpty { metrics["e2.job_cpu_ms_per_iteration.\(v.key)"] = 1000 * perIt.reduce(0, +) / Double(perIt.count) }
        let step = recs.compactMap { $0.measurements?["step_cpu_ms"]?.first }
        if !step.isEmpty { metrics["e2.step_cpu_ms_per_iteration.\(v.key)"] = step.reduce(0, +) / Double(step.count) }
    }
    let caption = "E2 (\(session.profile)): designer objective J averaged over the last \(format(100 * cfg.tailFraction))% of \(cfg.iterations) iterations, mean ± standard error over \(seedCount) seeds; per (τ, c) and method the learning rate (in parentheses) from \(cfg.learningRates.map(format)) with the best mean; bold = best in the row. Experiment \(provenance.text)."
    let markdown = markdownTable(results, caption: caption)
    try AtomicFile.write(markdown, to: layout.root.appendingPathComponent("e2_table.md"))

    let context = FigureContext(layout: layout, provenance: provenance, seeds: seedCount, iterations: cfg.iterations, tailFraction: cfg.tailFraction)
    var figures: [FigureEntry] = []
    if !results.isEmpty {
        figures.append(try drawTable(results, context: context))
        let cell = GridCellKey(tau: cfg.curveTau, cost: cfg.curveCost)
        figures.append(try drawConvergence(results, cell: cell, context: context))
        var panels: [(name: String, w: [Double], tau: Double)] = []
        let mapVariants = results.keys.sorted().filter { $0.method == "hypergradient" }
            + [results.keys.filter { $0.method == "pbrl-value" }.max { (results[$0]?[cell]?.mean ?? -.infinity) < (results[$1]?[cell]?.mean ?? -.infinity) }].compactMap { $0 }
        for v in mapVariants {
            if let e = results[v]?[cell], let w = e.records.first?.matrices["w"]?.first {
                panels.append((v.displayName.replacingOccurrences(of: " (exact hypergradient)", with: ""), w, cell.tau))
            }
        }
        if !panels.isEmpty { figures.append(try drawMap(panels, cell: cell, context: context)) }
    }
    // PBRL against AMD as lambda grows (docs/lambda-schedules.md): figures, table, metrics.
    let lambda = try lambdaAnalysis(all, config: cfg, context: context)
    figures += lambda.figures
    metrics.merge(lambda.metrics) { a, _ in a }
    if let table = lambda.markdown {
        try table.write(to: layout.root.appendingPathComponent("e2_lambda.md"), atomically: true, encoding: .utf8)
    }
    try FigureManifest(experiment: session.experiment, profile: session.profile, figures: figures).write(to: layout.manifestFile)
    try session.writeSummary(metrics: metrics, notes: ["table": "e2_table.md"])
    print(markdown)
}
