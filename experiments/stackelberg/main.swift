import ExperimentKit
import Foundation
import Lab

// E1 `stackelberg`: Stackelberg Markov games (docs/experiments.md E1). The commitment game E1a and
// random general-sum games E1b, for PBRL (value and Bellman penalties, several lambda), the
// exact hypergradient and the naive gradient. See Run.swift for one run, Figures.swift for
// the figures and Summary.swift for the headline numbers.
Experiment("stackelberg", methods: ["pbrl-value", "pbrl-bellman", "hypergradient", "naive"],
           abstract: "E1: PBRL on Stackelberg Markov games (commitment game and random general-sum games).").main { session in
    let config = try StackelbergConfig.read(session.config)
    let records = try session.run(gameJobs(session, config)) { job in
        guard let part = job.params["part"].flatMap({ GamePart(rawValue: Int($0)) }) else {
            throw LabError("job \(job) lacks the parameter part (1 = E1a, 2 = E1b)")
        }
        return try runGameJob(job, part: part, config: config)
    }
    let writer = FigureWriter(session: session)
    let figures = GameFigures(writer: writer, config: config, records: records)
    try figures.drawCommitment()
    try figures.drawRandom()
    try figures.drawLambda(.commitment)
    try figures.drawLambda(.random)
    try writer.writeManifest()
    try session.writeSummary(metrics: gameSummary(records), notes: [
        "e1a": "commitment game, deterministic: one run per method (first seed)",
        "e1a.follower_rho": config.commitmentWeighting.rawValue,
        "steps": "PBRL alpha = step_x_scale/lambda, beta = step_y_scale/lambda (see config); schedule variants alpha_k = step_x_scale/lambda_k, beta_k = step_y_scale/lambda_k",
        "shortfall": "F(x_K) of PBRL minus the exact hypergradient's on the same game (> 0: PBRL ends with a lower leader value); distance: Frobenius distance of the final leader policies",
    ])
}
