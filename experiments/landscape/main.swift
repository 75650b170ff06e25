import BilevelCore
import Foundation
import Lab

// E4 `landscape`: the penalty landscapes L1, L2, L3 and user landscapes (see Config.swift,
// UserLandscape.swift). Everything is validated (config keys, instances, planes) before any
// run; each landscape is one run record, and figures are drawn from the records.
Experiment("landscape", methods: ["l1", "l2", "l3", "user"],
           abstract: "Landscapes of the penalty objectives f, p, g, F_λ and F (E4), and user landscapes.").main { session in
    let base = session.workspace.root ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    // Everything about the config is checked here, before any run: a problem is a config error (exit 2).
    let config: LandscapeConfig
    do {
        config = try LandscapeConfig(session.config, baseDirectory: base)
        for spec in config.landscapes { _ = try spec.resolve(validateOnly: true) }
    } catch let error as LandscapeError {
        throw ConfigError(.badValue, error.description)
    } catch let error as MDPError {
        throw ConfigError(.badValue, "\(session.configFile.path): invalid instance: \(error)")
    }
    _ = try session.closeConfig()

    var jobs: [Job] = []
    if config.l1 != nil { jobs.append(Job(method: "l1", seed: 0)) }
    if config.l2 != nil { jobs.append(Job(method: "l2", seed: 0)) }
    if config.l3 != nil { jobs.append(Job(method: "l3", seed: 0)) }
    for (i, spec) in config.landscapes.enumerated() {
        jobs.append(Job(method: "user", seed: 0, params: ["index": Double(i), "source": spec.sourceDigest()]))
    }
    let records = try session.run(jobs) { job in
        switch job.method {
        case "l1": return try l1Record(try runL1(config.l1!), config.l1!)
        case "l2": return try l2Record(try runL2(config.l2!), config.l2!)
        case "l3": return l3Record(try runL3(config.l3!))
        default: return try runUserLandscape(try config.landscapes[Int(job.params["index"]!)].resolve())
        }
    }

    let ctx = FigureContext(layout: session.layout, provenance: session.figureProvenance)
    var manifest = FigureManifest(experiment: session.experiment, profile: session.profile)
    var metrics: [String: Double] = [:]
    for record in records.succeeded {
        switch record.method {
        case "l1":
            let s = config.l1!
            manifest.figures.append(try drawL1(record, s, ctx))
            metrics["e4.l1.bilevel_x"] = record.finals["bilevel.x"]
            metrics["e4.l1.bilevel_F"] = record.finals["bilevel.F"]
            metrics["e4.l1.max_p_on_curve"] = record.finals["max_p_on_curve"]
            for l in s.lambdas {
                let key = "pbrl-value.lambda=\(formatted(l))"
                metrics["e4.l1.final_x.\(key)"] = record.finals["\(key).final_x"]
                metrics["e4.l1.distance_to_solution.\(key)"] = record.finals["\(key).distance_to_solution"]
            }
        case "l2":
            manifest.figures.append(try drawL2(record, config.l2!, ctx))
            metrics["e4.l2.F_pbrl"] = record.finals["F.pbrl"]
            metrics["e4.l2.F_solution"] = record.finals["F.solution"]
            metrics["e4.l2.distance"] = record.finals["distance"]
            metrics["e4.l2.slice_min_a"] = record.finals["slice_min.a"]
        case "l3":
            let s = config.l3!
            manifest.figures.append(try drawL3(record, s, ctx))
            metrics["e4.l3.argmin_F"] = record.finals["argmin.F"]
            for l in s.lambdas {
                metrics["e4.l3.max_gap.lambda=\(formatted(l))"] = record.finals["max_gap.lambda=\(formatted(l))"]
                metrics["e4.l3.argmin.lambda=\(formatted(l))"] = record.finals["argmin.lambda=\(formatted(l))"]
            }
        default:
            let spec = config.landscapes[Int(record.params["index"]!)]
            manifest.figures.append(try drawUser(record, spec, ctx))
            metrics["e4.user.\(spec.name).min"] = record.finals["min.value"]
        }
    }
    // Ratios the paper's claims are about: each decade of λ shrinks the envelope gap and
    // PBRL's distance to the bilevel solution.
    if let s = config.l3, s.lambdas.contains(10), s.lambdas.contains(100),
       let g10 = metrics["e4.l3.max_gap.lambda=10"], let g100 = metrics["e4.l3.max_gap.lambda=100"], g10 > 0 {
        metrics["e4.l3.gap_ratio.lambda=100/10"] = g100 / g10
    }
    if let d10 = metrics["e4.l1.distance_to_solution.pbrl-value.lambda=10"],
       let d100 = metrics["e4.l1.distance_to_solution.pbrl-value.lambda=100"], d10 > 0 {
        metrics["e4.l1.distance_ratio.lambda=100/10"] = d100 / d10
    }
    try manifest.write(to: session.layout.manifestFile)
    try session.writeSummary(metrics: metrics)
}
