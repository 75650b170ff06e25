import Algorithms
import Foundation
import Lab

extension DeepRLHFConfig {
    /// One run record: `method` (with `lambda` for PBRL) on seed `seed`. Series are indexed by
    /// evaluation point, x axis `frames` (the policy learner's environment frames after the
    /// preference warm-up; the first point is the initial policy).
    func result(method: DeepRLHFMethod, lambda: Double?, seed: UInt64, heldOut: HeldOutSegments) throws -> RunResult {
        var s = settings
        if method == .pbrl {
            guard let lambda else { throw LabError("method pbrl needs the parameter lambda") }
            s.lambda = lambda
        }
        let c = try DeepRLHF(method: method, settings: s, heldOut: heldOut, seed: seed).run()
        var r = RunResult()
        r.series["frames"] = c.frames
        r.series["true_return"] = c.trueReturn
        r.series["training_episode_return"] = c.trainingEpisodeReturn.map { $0.isFinite ? $0 : 0 }
        r.xAxis["true_return"] = "frames"
        r.xAxis["training_episode_return"] = "frames"
        if method != .trueReward {
            r.series["held_out_accuracy"] = c.heldOutAccuracy
            r.series["reward_correlation"] = c.correlation
            r.xAxis["held_out_accuracy"] = "frames"
            r.xAxis["reward_correlation"] = "frames"
            r.finals["final_held_out_accuracy"] = c.heldOutAccuracy.last!
            r.finals["final_reward_correlation"] = c.correlation.last!
            r.finals["labelled_pairs"] = Double(c.labelledPairs)
            r.finals["reward_steps"] = Double(c.rewardSteps)
        }
        if method == .pbrl {
            r.series["value_penalty"] = c.valuePenalty
            r.xAxis["value_penalty"] = "frames"
        }
        r.finals["initial_true_return"] = c.trueReturn.first!
        r.finals["final_true_return"] = c.trueReturn.last!
        // The mean over the last quarter of the evaluation points (less noisy than the last one).
        let tail = c.trueReturn.suffix(max(1, c.trueReturn.count / 4))
        r.finals["tail_true_return"] = tail.reduce(0, +) / Double(tail.count)
        r.finals["frames"] = c.frames.last!
        r.finals["total_frames"] = Double(c.totalFrames)
        r.finals["held_out_pairs"] = Double(heldOut.pairs.count)
        r.episodes = .array(c.finalEpisodes.map { e in
            .object(["start": .int(e.start), "actions": .array(e.actions.map { .int($0) }),
                     "sticky": .array(e.sticky.map { .bool($0) }), "rewards": .array(e.rewards.map { .double($0) })])
        })
        return r
    }
}
