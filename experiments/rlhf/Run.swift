import Algorithms
import BilevelCore
import Environments
import Foundation
import Lab

/// The two learners of E3, by name.
enum RLHFMethod: String, CaseIterable {
    case pbrl
    /// Ablation: PBRL without the score-function term of the y-step.
    case pbrlNoScore = "pbrl-no-score"
    case twoStage = "two-stage"
}

extension RLHFConfig {
    var gridworld: RLHFGridworld {
        RLHFGridworld(size: gridSize, slip: slip, gamma: gamma, tau: tau,
                      better: (0, gridSize - 1), worse: (gridSize - 2, 1),
                      betterReward: betterReward, worseReward: worseReward, stepCost: stepCost,
                      terminalGoals: terminalGoals)
    }

    /// The task of one seed. The held-out set (stream 2 of the seed) is `heldOutPairs` pairs of
    /// segments, each segment drawn from the uniform policy or the true soft-optimal policy with
    /// probability 1/2 each, so it probes both exploratory and near-optimal behaviour; pairs with
    /// equal true returns are dropped.
    func task(seed: UInt64) throws -> RLHFTask {
        let grid = gridworld
        let mdp = try grid.mdp()
        let oracle = PreferenceOracle(trueReward: grid.trueReward, actionCount: RLHFGridworld.actionCount)
        let uniform = Policy.uniform(stateCount: mdp.stateCount, actionCount: mdp.actionCount)
        let optimal = mdp.softOptimum().policy
        var rng = SeededGenerator(seed: seed, stream: 2)
        var pairs = [(Segment, Segment)]()
        for _ in 0..<heldOutPairs {
            let p1 = rng.uniform() < 0.5 ? uniform : optimal
            let s1 = mdp.sampleSegment(policy: p1, length: segmentLength, rng: &rng)
            let p2 = rng.uniform() < 0.5 ? uniform : optimal
            let s2 = mdp.sampleSegment(policy: p2, length: segmentLength, rng: &rng)
            pairs.append((s1, s2))
        }
        return RLHFTask(rewardModel: try grid.rewardModel(), trueMDP: mdp, oracle: oracle,
                        heldOut: HeldOutPreferences(pairs: pairs, trueReward: grid.trueReward,
                                                    actionCount: RLHFGridworld.actionCount),
                        segmentLength: segmentLength)
    }

    /// One run: `method` with `lambda` (PBRL) on the task of `seed`. Queries come from stream 1
    /// of the seed, so every method sees the same first batch (both start at the uniform policy).
    func curve(method: RLHFMethod, lambda: Double?, seed: UInt64) throws -> (RLHFTask, RLHFCurve) {
        let task = try task(seed: seed)
        var rng = SeededGenerator(seed: seed, stream: 1)
        switch method {
        case .pbrl, .pbrlNoScore:
            guard let lambda else { throw LabError("method \(method.rawValue) needs the parameter lambda") }
            let settings = PBRLForRLHF.Settings(
                iterations: iterations, pairsPerIteration: pairsPerIteration, lambda: lambda,
                stepX: stepX(lambda: lambda), stepY: stepY(lambda: lambda), l2: l2,
                policySteps: policySteps, scoreFunction: method == .pbrl, evaluateEvery: evaluateEvery)
            return (task, try PBRLForRLHF(task: task, settings: settings).run(rng: &rng))
        case .twoStage:
            let settings = TwoStageRLHF.Settings(
                rounds: iterations, pairsPerRound: pairsPerIteration, fitSteps: fitSteps,
                stepX: fitStepX, l2: l2, evaluateEvery: evaluateEvery)
            return (task, try TwoStageRLHF(task: task, settings: settings).run(rng: &rng))
        }
    }

    /// The run record's numbers. Series are indexed by evaluation point; `queries` is their x axis,
    /// starting with the initial uniform policy at 0 queries.
    func result(method: RLHFMethod, lambda: Double?, seed: UInt64) throws -> RunResult {
        let (task, c) = try curve(method: method, lambda: lambda, seed: seed)
        let m = task.actionCount
        let uniform = Policy.uniform(stateCount: task.stateCount, actionCount: m)
        let initialReturn = task.trueReturn(uniform)
        let initialAccuracy = task.heldOut.accuracy(reward: [Double](repeating: 0, count: task.stateCount * m))
        var r = RunResult()
        r.series["queries"] = [0] + c.queries.map(Double.init)
        r.series["true_return"] = [initialReturn] + c.trueReturn
        r.series["model_optimal_return"] = [initialReturn] + c.modelOptimalReturn
        r.series["held_out_accuracy"] = [initialAccuracy] + c.heldOutAccuracy
        r.series["value_penalty"] = [0] + c.valuePenalty
        r.series["batch_loss"] = [Foundation.log(2.0)] + c.batchLoss
        for name in ["true_return", "model_optimal_return", "held_out_accuracy", "value_penalty", "batch_loss"] {
            r.xAxis[name] = "queries"
        }
        r.finals["initial_true_return"] = initialReturn
        r.finals["oracle_return"] = task.oracleReturn
        // V*_tau(rho) >= V^pi_{tau=0}(rho) for every pi (the entropy bonus is >= 0): an upper bound.
        r.finals["oracle_soft_value"] = PolicyEvaluation(mdp: task.trueMDP, policy: task.trueMDP.softOptimum().policy).initialValue
        r.finals["final_true_return"] = c.trueReturn.last!
        r.finals["final_held_out_accuracy"] = c.heldOutAccuracy.last!
        r.finals["final_model_optimal_return"] = c.modelOptimalReturn.last!
        r.finals["final_value_penalty"] = c.valuePenalty.last!
        r.finals["mean_true_return"] = c.trueReturn.reduce(0, +) / Double(c.trueReturn.count)
        r.finals["held_out_pairs"] = Double(task.heldOut.pairs.count)
        r.matrices["reward_model"] = (0..<task.stateCount).map { s in Array(c.finalX[(s * m)..<(s * m + m)]) }
        return r
    }
}
