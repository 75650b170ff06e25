import Algorithms
import Foundation
import Lab

/// E3b `rlhf-deep`: deep RLHF in MinAtar Breakout (experiments.md E3b). PBRL (several lambda)
/// against DRLHF, with A2C on the true reward as the reference; neural reward model and policy.
Experiment("rlhf-deep", methods: DeepRLHFMethod.allCases.map(\.rawValue),
           abstract: "E3b: PBRL vs DRLHF in MinAtar Breakout with an A2C policy learner.").main { session in
    let config = try DeepRLHFConfig(reading: session.config)
    let jobs = session.jobs(methods: [DeepRLHFMethod.pbrl.rawValue], params: config.lambdas.map { ["lambda": $0] })
        + session.jobs(methods: [DeepRLHFMethod.drlhf.rawValue, DeepRLHFMethod.trueReward.rawValue])
    let heldOut = HeldOutSegments.breakout(pairs: config.heldOutPairs, length: config.settings.segmentLength,
                                           stickyProbability: config.settings.stickyProbability, seed: config.heldOutSeed)
    let records = try session.run(jobs) { job in
        try config.result(method: DeepRLHFMethod(rawValue: job.method)!, lambda: job.params["lambda"], seed: job.seed, heldOut: heldOut)
    }
    try session.writeSummary(metrics: DeepRLHFSummary(records: records, config: config).metrics)
    if !records.succeeded.isEmpty {
        try DeepRLHFFigures(session: session, records: records, config: config).draw()
    }
}
