import ExperimentKit
import Foundation
import Lab

// {{NUMBER}} `{{NAME}}`, scaffolded by `bilevel new {{NAME}}` (docs/adding-an-experiment.md).
// The example: PBRL with the value penalty at several lambda against the exact hypergradient on
// small Garnet instances (one per seed). Config.swift reads configs/<profile>.yaml, Run.swift is
// one run, Figures.swift draws the convergence figure and Summary.swift the headline numbers.
// Replace the example by your idea; keep the shape (config -> jobs -> records -> figures, summary).
Experiment("{{NAME}}", methods: ["pbrl-value", "hypergradient"],
           abstract: "{{NUMBER}}: {{TITLE}}.").main { session in
    let config = try ExampleConfig.read(session.config)
    let jobs = session.jobs(methods: ["pbrl-value"], params: config.lambdas.map { ["lambda": $0] })
        + session.jobs(methods: ["hypergradient"])
    let records = try session.run(jobs) { job in try runJob(job, config: config) }
    let writer = FigureWriter(session: session)
    try drawConvergence(writer: writer, config: config, records: records.succeeded)
    try writer.writeManifest()
    try session.writeSummary(metrics: summaryMetrics(records.succeeded, config: config), notes: [
        "instance": config.instanceText,
        "steps": "PBRL alpha = step_x_scale/lambda, beta = step_y_scale/lambda, lambda/lambda_reference times the iterations; hypergradient step hypergradient_step",
    ])
}
