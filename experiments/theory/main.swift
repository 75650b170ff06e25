import ExperimentKit
import Foundation
import Lab
import Environments

// E5 `theory`: the paper's scaling claims (docs/experiments.md E5, docs/math.md section 6) on a fixed
// Garnet instance (`TheoryInstance`): p(x, y_lambda) = Theta(1/lambda^2), the PBRL x-direction's
// bias Theta(1/lambda), g <= p <= C g on random policies, and PBRL's stationarity against
// iteration. Scaling.swift computes, Figures.swift draws, Summary.swift reports.
Experiment("theory", methods: ["lambda-scaling", "penalty-bounds", "pbrl-value", "hypergradient"],
           abstract: "E5: lambda-scaling of the penalty and of the PBRL bias, penalty bounds, stationarity.").main { session in
    let config = try TheoryConfig.read(session.config)
    let instance = try TheoryInstance(seed: config.instanceSeed)
    let jobs = session.jobs(methods: ["lambda-scaling", "penalty-bounds", "hypergradient"])
        + session.jobs(methods: ["pbrl-value"], params: config.pbrlLambdas.map { ["lambda": $0] })
    let records = try session.run(jobs) { job in
        switch job.method {
        case "lambda-scaling": return try runScaling(seed: job.seed, instance: instance, config: config)
        case "penalty-bounds": return try runBounds(seed: job.seed, instance: instance, config: config)
        default: return try runOptimizer(job, instance: instance, config: config)
        }
    }
    let writer = FigureWriter(session: session)
    let figures = TheoryFigures(writer: writer, config: config, records: records.succeeded)
    let fits = try figures.drawScaling()
    try figures.drawBounds()
    try figures.drawStationarity()
    try writer.writeManifest()
    try session.writeSummary(metrics: theorySummary(records.succeeded, fits: fits), notes: [
        "instance": "Garnet n=5, m=3, 3 successors, gamma 0.8, tau 0.5, r_x = Phi x (3 features), f = -V_U + 0.5|x|^2, instance seed \(config.instanceSeed)",
        "slopes": "least squares on log10 p and log10 bias against log10 lambda, per seed (x ~ N(0, I) per seed); e5.slope.* = mean over seeds",
    ])
}
