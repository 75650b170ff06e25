import ExperimentKit
import Foundation
import Lab

// E6 `scaling` (docs/experiments.md E6): time per iteration of PBRL-value, PBRL-Bellman and the exact
// hypergradient against the number of states of Garnet MDPs, log-log, with fitted exponents.
// Run.swift times one job, Analysis.swift fits the exponents, Figures.swift draws the figure.
Experiment("scaling", methods: scalingMethods,
           abstract: "E6: cost of one PBRL / hypergradient iteration against the number of states.").main { session in
    let config = try ScalingConfig.read(session.config)
    let records = try session.run { job in try runScalingJob(job, config: config) }
    let results = analyze(records, config: config)
    let writer = FigureWriter(session: session)
    try drawScaling(results, config: config, writer: writer)
    try writer.writeManifest()
    try session.writeSummary(metrics: scalingSummary(results, config: config), notes: [
        "timings": "measured thread CPU seconds (measurements cpu_* of each record; wall-clock in wall_*); they vary between runs",
        "exponent": "least-squares slope of log(median seconds per iteration) against log(n) for n >= \(config.fitFrom)",
    ])
}
