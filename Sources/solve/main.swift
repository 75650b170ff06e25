import Algorithms
import BilevelCore
import ExperimentKit
import Foundation
import Lab
import Plot

// `solve`: a user's own bilevel problem (Instance.swift) through the methods by name, with
// records, a convergence figure and a summary like an experiment's. `bilevel solve INSTANCE
// --methods ... --lambda ...` writes its config and runs it; run by hand as
// `solve --config CONFIG`, where CONFIG holds
//
//     instance_file: /path/to/instance.yaml     # read with its own line numbers in errors
//     instance_sha256: <hex>                    # the file's content: the config hash covers it
//     solver: {lambdas: [1, 10], iterations: 500, ...}   (SolveSettings)
//     methods: [pbrl-value, hypergradient]
//     seeds: [0]
Experiment("solve", methods: MethodKind.allCases.map(\.rawValue),
           abstract: "A user's bilevel instance through PBRL and the baselines (bilevel solve INSTANCE).").main { session in
    let file = try session.config.string("instance_file")
    let digest = try session.config.string("instance_sha256")
    let settings = try SolveSettings.read(try session.config.section("solver", required: false))
    let url = URL(fileURLWithPath: file)
    guard let data = FileManager.default.contents(atPath: url.path) else { throw LabError("instance file not found: \(file)") }
    let actual = SHA256.hex(Array(data))
    guard actual == digest else {
        throw LabError("instance file \(file) changed since this config was written (sha256 \(actual.prefix(12)), config says \(digest.prefix(12))); rerun bilevel solve")
    }
    let instance = try SolveInstance.read(try ConfigReader(contentsOf: url), defaultName: url.deletingPathExtension().lastPathComponent)
    let problem = try instance.problem()
    let penalty = session.methods.filter { (try? MethodKind.named($0))?.usesPenalty ?? false }
    let jobs = session.jobs(methods: penalty, params: settings.lambdas.map { ["lambda": $0] })
        + session.jobs(methods: session.methods.filter { !penalty.contains($0) })
    let records = try session.run(jobs) { job in try solveJob(job, problem: problem, instance: instance, settings: settings) }
    let writer = FigureWriter(session: session)
    try drawSolveConvergence(writer: writer, instance: instance, settings: settings, records: records.succeeded)
    try writer.writeManifest()
    try session.writeSummary(metrics: solveMetrics(records.succeeded), notes: [
        "instance": instance.description + " (\(file))",
        "steps": "PBRL alpha = step_x_scale/lambda, beta = step_y_scale/lambda, max(1, lambda/iterations_lambda_reference) times the iterations; baselines step_x",
    ])
}

/// The solver's settings (the `solver:` section; every key has a default).
struct SolveSettings: Sendable {
    var lambdas: [Double]
    var iterations: Int
    var stepXScale: Double
    var stepYScale: Double
    var lambdaReference: Double
    var stepX: Double
    var evaluateEvery: Int

    static func read(_ c: ConfigReader) throws -> SolveSettings {
        SolveSettings(lambdas: try c.doubles("lambdas", default: [1, 10, 100], in: .positive),
                      iterations: try c.int("iterations", default: 500, min: 1),
                      stepXScale: try c.double("step_x_scale", default: 0.2, in: .positive),
                      stepYScale: try c.double("step_y_scale", default: 2, in: .positive),
                      lambdaReference: try c.double("iterations_lambda_reference", default: 1, in: .positive),
                      stepX: try c.double("step_x", default: 0.5, in: .positive),
                      evaluateEvery: try c.int("evaluate_every", default: 10, min: 1))
    }
}

/// One method (at one lambda) from x0 and the uniform follower policy. Series against
/// `iteration`: `F` = F(x_k), `f` = f(x_k, y_k), `p`, `g` (value and Bellman penalties),
/// `grad_x`; finals the same at x_K plus `F0`; matrices `final_x` and `best_response`
/// (pi*_{x_K}, one row per state).
func solveJob(_ job: Job, problem: BilevelProblem, instance: SolveInstance, settings: SolveSettings) throws -> RunResult {
    let kind = try MethodKind.named(job.method)
    let lambda = job.params["lambda"] ?? 1
    let penalty = kind.usesPenalty
    let iterations = penalty ? Int((Double(settings.iterations) * max(1, lambda / settings.lambdaReference)).rounded()) : settings.iterations
    let options = OptimizerSettings(iterations: iterations, stepX: penalty ? settings.stepXScale / lambda : settings.stepX,
                                    stepY: penalty ? settings.stepYScale / lambda : 0, evaluateEvery: settings.evaluateEvery)
    var optimizer = try BilevelOptimizer(problem: problem, method: MethodSpec(kind, lambda: lambda), settings: options,
                                         x0: instance.x0, seed: job.seed)
    let t: Trajectory
    do { t = try optimizer.run() } catch let AlgorithmError.nonFinite(k, q) {
        throw NonFiniteError(name: q, iteration: k, value: .nan)
    }
    var result = RunResult()
    result.series["iteration"] = t.iterations.map(Double.init)
    result.series["F"] = t.hyperObjective
    result.series["f"] = t.upperObjective
    result.series["p"] = t.valuePenalty
    result.series["g"] = t.bellmanPenalty
    result.series["grad_x"] = t.gradNormX
    for name in ["F", "f", "p", "g", "grad_x"] { result.xAxis[name] = "iteration" }
    result.finals["F"] = t.hyperObjective.last!
    result.finals["F0"] = t.hyperObjective.first!
    result.finals["f"] = t.upperObjective.last!
    result.finals["p"] = t.valuePenalty.last!
    result.finals["g"] = t.bellmanPenalty.last!
    result.matrices["final_x"] = [t.finalX]
    let best = try problem.lower.mdp(at: t.finalX).softOptimum(solver: .policyIteration, tolerance: 1e-12).policy
    result.matrices["best_response"] = (0..<instance.states).map { s in (0..<instance.actions).map { best[s, $0] } }
    result.labels["method"] = MethodSpec(kind, lambda: lambda).label
    return result
}

/// `solve.final_F.<label>`, `solve.final_p.<label>` (means over seeds) and, when the exact
/// hypergradient ran, `solve.final_F_gap.<label>` = mean of F_method(x_K) - F_hypergradient(x_K).
func solveMetrics(_ records: [RunRecord]) -> [String: Double] {
    var groups: [String: [RunRecord]] = [:]
    for r in records { groups[r.labels["method"] ?? r.method, default: []].append(r) }
    let hyper = records.runs("hypergradient")
    var metrics: [String: Double] = [:]
    for (label, rs) in groups {
        metrics["solve.final_F.\(label)"] = average(rs.finals("F"))
        metrics["solve.final_p.\(label)"] = average(rs.finals("p"))
        let gaps = rs.compactMap { r -> Double? in
            guard let f = r.finals["F"], let h = hyper.first(where: { $0.seed == r.seed })?.finals["F"] else { return nil }
            return f - h
        }
        if !gaps.isEmpty, label != "hypergradient" { metrics["solve.final_F_gap.\(label)"] = average(gaps) }
    }
    return metrics
}

func average(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(1, v.count)) }

/// F(x_k) of every method (left) and the penalties p of the PBRL runs (right, log axis),
/// against iteration k + 1 on a log axis (PBRL runs longer at larger lambda).
func drawSolveConvergence(writer: FigureWriter, instance: SolveInstance, settings: SolveSettings, records: [RunRecord]) throws {
    var labels: [String] = []
    var byLabel: [String: [RunRecord]] = [:]
    for r in records {
        let label = r.labels["method"] ?? r.method
        if byLabel[label] == nil { labels.append(label) }
        byLabel[label, default: []].append(r)
    }
    guard !labels.isEmpty else { return }
    let fig = Figure(width: 10, height: 3.9, rows: 1, cols: 2)
    fig.suptitle = "\(instance.name): the methods on your instance"
    let left = fig.axes(0, 0), right = fig.axes(0, 1)
    left.title = "hyper-objective F(x_k)"; left.yLabel = "F(x_k)"
    right.title = "value penalty of the PBRL runs"; right.yLabel = "p(x_k, y_k)"
    for ax in [left, right] { ax.xScale = .log; ax.grid = true; ax.xLabel = "iteration k + 1" }
    right.yScale = .log
    var data: [String: [Double]] = [:]
    var drewPenalty = false
    for (i, label) in labels.enumerated() {
        let rs = byLabel[label]!
        guard let k = rs[0].series["iteration"] else { continue }
        let color: Color = label == "hypergradient" ? Color(hex: 0x111111) : .tab10([0, 1, 2, 4, 6, 8, 9][i % 7])
        let F = rs.band("F")
        left.line(x: k.map { $0 + 1 }, y: F.mean, label: label, color: color, style: label == "hypergradient" ? .dashed : .solid)
        data[label + ".iteration"] = k
        data[label + ".F"] = F.mean
        if label.hasPrefix("pbrl") {
            right.line(x: k.map { $0 + 1 }, y: rs.band("p").mean, label: label, color: color)
            data[label + ".p"] = rs.band("p").mean
            drewPenalty = true
        }
    }
    left.legend(.best)
    if drewPenalty { right.legend(.best) }
    let caption = "Left: F(x_k) = f(x_k, π*_{x_k}) along each method's iterates (exact lower-level solves). Right: the value penalty "
        + "p(x_k, y_k) of the PBRL runs (α = \(settings.stepXScale)/λ, β = \(settings.stepYScale)/λ; baselines step \(settings.stepX)). "
        + instance.description + "."
    try writer.save(fig, name: "solve_convergence", title: "\(instance.name): convergence", caption: caption, data: data)
}
