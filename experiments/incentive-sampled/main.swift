// E2s `incentive-sampled`: model-free incentive design in Four Rooms (docs/four-rooms.md,
// docs/experiments.md E2s, docs/sampling.md).
//
//     incentive-sampled --profile quick|standard|full [--seeds 0..9] [--methods a,b] [--jobs N]
//
// Methods: `hypergradient` (exact AMD reference, both goals exactly), `hpgd` (HPGD as published:
// exact best response, 10,000 sampled transitions per step from 5 environments, one goal context
// per step), `sampled-pbrl-value` (both x-gradient terms and the follower's policy gradient from
// samples; exact inner oracle as HPGD's follower), `sampled-zero-order` (returns of the exact best
// responses at two points, the same budget), and `gradient-error` (estimator error against the
// exact gradients as the budget grows). Choices of this reproduction: the follower MDP's start is
// the designer's (coverage 0); sampled PBRL draws each episode's goal context from rho (1/2 each)
// instead of one context per step; PBRL penalty weights as lambda*tau like E2.
import Algorithms
import Environments
import ExperimentKit
import Foundation
import Lab
import Plot

let methodNames = ["hypergradient", "hpgd", "sampled-pbrl-value", "sampled-zero-order", "gradient-error"]

Experiment("incentive-sampled", methods: methodNames,
           abstract: "E2s: model-free incentive design in Four Rooms (HPGD, sampled PBRL-value, sampled zero-order, exact AMD).").main { session in
    let cfg = try SampledConfig(session.config)
    var jobs: [Job] = []
    for name in session.methods { jobs += session.jobs(methods: [name], params: cfg.params(for: name)) }
    let records = try session.run(jobs) { job in
        job.method == "gradient-error"
            ? try runGradientError(params: job.params, seed: job.seed, cfg: cfg)
            : try runMethod(job.method, params: job.params, seed: job.seed, cfg: cfg)
    }
    try writeOutputs(session: session, cfg: cfg, records: records)
}

/// One (method variant, cell) entry: the best learning rate (and lambda tau) by mean tail J.
struct Entry {
    var label: String
    var mean: Double
    var se: Double
    var lr: Double
    var lambdaTau: Double?
    var records: [RunRecord]
}

func meanSE(_ xs: [Double]) -> (Double, Double) {
    guard !xs.isEmpty else { return (.nan, .nan) }
    let m = xs.reduce(0, +) / Double(xs.count)
    guard xs.count > 1 else { return (m, 0) }
    let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
    return (m, (v / Double(xs.count)).squareRoot())
}

func fmt(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e9 ? String(Int(x)) : String(x) }

func cellKey(_ tau: Double, _ cost: Double) -> String { "tau=\(fmt(tau)).c=\(fmt(cost))" }

/// Best (lr, lambda tau) per (method, cell).
func selectBest(_ records: [RunRecord], method: String) -> [String: Entry] {
    var groups: [String: [String: [RunRecord]]] = [:]
    for r in records.succeeded where r.method == method {
        guard let tau = r.params["tau"], let c = r.params["cost"], let lr = r.params["lr"] else { continue }
        let variant = "lr=\(lr)|lt=\(r.params["lambda_tau"].map(fmt) ?? "-")"
        groups[cellKey(tau, c), default: [:]][variant, default: []].append(r)
    }
    var out: [String: Entry] = [:]
    for (cell, variants) in groups {
        for (_, recs) in variants.sorted(by: { $0.key < $1.key }) {
            let (m, se) = meanSE(recs.compactMap { $0.finals["tail_J"] })
            if out[cell] == nil || m > out[cell]!.mean {
                out[cell] = Entry(label: method, mean: m, se: se, lr: recs[0].params["lr"]!, lambdaTau: recs[0].params["lambda_tau"],
                                  records: recs.sorted { $0.seed < $1.seed })
            }
        }
    }
    return out
}

func writeOutputs(session: Session, cfg: SampledConfig, records: [RunRecord]) throws {
    let writer = FigureWriter(session: session)
    var metrics: [String: Double] = [:]
    let ours = ["hypergradient", "hpgd", "sampled-pbrl-value", "sampled-zero-order"]
    let published = ["hypergradient": "amd", "hpgd": "hpgd", "sampled-zero-order": "zero-order"]
    var best: [String: [String: Entry]] = [:]
    for m in ours { best[m] = selectBest(records, method: m) }
    let cells = cfg.taus.flatMap { t in cfg.costs.map { (t, $0) } }
    // Table: ours, then published, then (ours - published) / combined s.e.
    var lines = ["E2s (\(session.profile)): designer objective J averaged over the last \(fmt(100 * cfg.tailFraction))% of \(cfg.iterations) iterations, mean ± s.e. over \(session.seeds.count) seeds, best learning rate per cell (PBRL: and λτ). Published: Thoma et al. (NeurIPS 2024) Table 1, 10 seeds, 10,000 iterations. z = (ours − published) / √(s.e.² + s.e._pub²).", ""]
    let present = ours.filter { !(best[$0] ?? [:]).isEmpty }
    lines.append("| τ | c | " + present.map(displayName).joined(separator: " | ") + " | published HPGD | published AMD | published zero-order | z HPGD | z AMD | z zero-order |")
    lines.append("|---|---|" + String(repeating: "---|", count: present.count + 6))
    var tableRows: [[String]] = []
    for (tau, cost) in cells {
        let key = cellKey(tau, cost)
        var row = [fmt(tau), fmt(cost)]
        for m in present {
            if let e = best[m]?[key] {
                row.append(String(format: "%.3f ± %.3f", e.mean, e.se) + " (lr \(fmt(e.lr))\(e.lambdaTau.map { ", λτ \(fmt($0))" } ?? ""))")
                metrics["e2s.tail_J.\(m).\(key).mean"] = e.mean
                metrics["e2s.tail_J_se.\(m).\(key)"] = e.se
            } else { row.append("–") }
        }
        for pm in ["hpgd", "amd", "zero-order"] {
            row.append(FourRoomsPublished.entry(method: pm, tau: tau, cost: cost).map { String(format: "%.2f ± %.3f", $0.mean, $0.standardError) } ?? "–")
        }
        for m in ["hpgd", "hypergradient", "sampled-zero-order"] {
            guard let e = best[m]?[key], let p = FourRoomsPublished.entry(method: published[m]!, tau: tau, cost: cost) else { row.append("–"); continue }
            let combined = (e.se * e.se + p.standardError * p.standardError).squareRoot()
            let diff = e.mean - p.mean
            metrics["e2s.published_diff.\(m).\(key)"] = diff
            metrics["e2s.published_excess.\(m).\(key)"] = abs(diff) - 2 * combined
            row.append(combined > 0 ? String(format: "%+.1f", diff / combined) : String(format: "Δ %+.3f", diff))
        }
        lines.append("| " + row.joined(separator: " | ") + " |")
        tableRows.append(row)
    }
    for m in ours {
        let recs = records.succeeded.filter { $0.method == m }
        let step = recs.compactMap { $0.labels["step_cpu_ms"].flatMap(Double.init) }
        if !step.isEmpty { metrics["e2s.step_cpu_ms.\(m)"] = step.reduce(0, +) / Double(step.count) }
        let tr = recs.compactMap { $0.finals["transitions_per_step"] }
        if !tr.isEmpty, m != "hypergradient" { metrics["e2s.transitions_per_step.\(m)"] = tr.reduce(0, +) / Double(tr.count) }
    }
    let markdown = lines.joined(separator: "\n") + "\n"
    try FileManager.default.createDirectory(at: session.layout.root, withIntermediateDirectories: true)
    try AtomicFile.write(markdown, to: session.layout.root.appendingPathComponent("e2s_table.md"))
    if !tableRows.isEmpty {
        try drawTable(header: ["τ", "c"] + present.map(displayName) + ["pub. HPGD", "pub. AMD", "pub. 0-order", "z HPGD", "z AMD", "z 0-order"],
                      rows: tableRows, writer: writer, caption: lines[0])
    }
    try drawConvergence(best: best, tau: cfg.curveTau, cost: cfg.curveCost, cfg: cfg, writer: writer)
    let errRecs = records.succeeded.filter { $0.method == "gradient-error" }.sorted { $0.seed < $1.seed }
    if !errRecs.isEmpty {
        for name in ["hpgd", "soft_pg", "value_penalty_dx"] {
            let s = errRecs.compactMap { $0.finals["slope.\(name)"] }
            metrics["e2s.error_slope.\(name)"] = s.reduce(0, +) / Double(s.count)
        }
        try drawGradientError(errRecs, cfg: cfg, writer: writer)
    }
    try writer.writeManifest()
    try session.writeSummary(metrics: metrics, notes: ["table": "e2s_table.md"])
    print(markdown)
}

func displayName(_ m: String) -> String {
    switch m {
    case "hypergradient": return "AMD (exact)"
    case "hpgd": return "HPGD"
    case "sampled-pbrl-value": return "sampled PBRL-value"
    case "sampled-zero-order": return "sampled zero-order"
    default: return m
    }
}
