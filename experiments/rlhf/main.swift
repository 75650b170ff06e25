import Foundation
import Lab

/// E3 `rlhf`: RL from human feedback as bilevel RL (docs/experiments.md E3). PBRL (several lambda)
/// against two-stage RLHF on a 5x5 gridworld with a hidden sparse reward and Bradley-Terry
/// preferences on segments from the current policy.
Experiment("rlhf", methods: RLHFMethod.allCases.map(\.rawValue),
           abstract: "E3: PBRL vs two-stage RLHF on a gridworld with Bradley-Terry preferences.").main { session in
    let config = try RLHFConfig(reading: session.config)
    let jobs = session.jobs(methods: [RLHFMethod.pbrl.rawValue], params: config.lambdas.map { ["lambda": $0] })
        + session.jobs(methods: [RLHFMethod.pbrlNoScore.rawValue], params: config.ablationLambdas.map { ["lambda": $0] })
        + session.jobs(methods: [RLHFMethod.twoStage.rawValue])
    let records = try session.run(jobs) { job in
        try config.result(method: RLHFMethod(rawValue: job.method)!, lambda: job.params["lambda"], seed: job.seed)
    }
    try session.writeSummary(metrics: RLHFSummary(records: records, config: config).metrics)
    if !records.succeeded.isEmpty {
        _ = try RLHFFigures(session: session, records: records, config: config).draw()
    }
}
