import XCTest
import Lab
import Algorithms
import Environments
@testable import rlhf

/// E3 at the quick profile, computed in-process from experiments/rlhf/configs/quick.yaml.
final class RLHFExperimentTests: XCTestCase {
    private static let configsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("experiments/rlhf/configs")

    private func quick() throws -> (RLHFConfig, [UInt64]) {
        let reader = try ConfigReader(contentsOf: Self.configsDirectory.appendingPathComponent("quick.yaml"))
        let seeds = try SeedList.parse(try reader.string("seeds"))
        return (try RLHFConfig(reading: reader), seeds)
    }

    /// Both learners end above the initial (uniform) policy's true return on every seed, and on
    /// average by at least 1.0 (the initial return is 5.44, the oracle's 15.49). PBRL is checked
    /// at lambda = 0.1, the best lambda of the quick grid; at lambda = 1 it falls *below* the
    /// initial policy (reported, not asserted).
    func testBothLearnersRaiseTheTrueReturnAboveTheInitialPolicy() throws {
        var (config, seeds) = try quick()
        config.evaluateEvery = config.iterations   // only the final point: the learners are unaffected
        XCTAssertGreaterThanOrEqual(seeds.count, 5)
        XCTAssertTrue(config.lambdas.contains(0.1))
        for (method, lambda) in [(RLHFMethod.pbrl, 0.1 as Double?), (.twoStage, nil)] {
            var finals = [Double]()
            var initial = Double.nan
            for seed in seeds {
                let r = try config.result(method: method, lambda: lambda, seed: seed)
                initial = r.finals["initial_true_return"]!
                finals.append(r.finals["final_true_return"]!)
                XCTAssertGreaterThan(r.finals["final_true_return"]!, initial, "\(method) seed \(seed)")
                // Every policy's unregularized return is at most V*_tau(rho) (entropy bonus >= 0).
                XCTAssertLessThanOrEqual(r.finals["final_true_return"]!, r.finals["oracle_soft_value"]! + 1e-9)
                XCTAssertGreaterThanOrEqual(r.finals["final_true_return"]!, -config.stepCost / (1 - config.gamma) - 1e-9)
            }
            let mean = finals.reduce(0, +) / Double(finals.count)
            XCTAssertGreaterThan(mean, initial + 1.0, "\(method): mean final true return \(mean) vs initial \(initial)")
        }
    }

    func testSameSeedGivesIdenticalNumbers() throws {
        var (config, _) = try quick()
        config.queries = 40
        let a = try config.result(method: .pbrl, lambda: 1, seed: 3)
        let b = try config.result(method: .pbrl, lambda: 1, seed: 3)
        XCTAssertEqual(a.series, b.series)
        XCTAssertEqual(a.matrices, b.matrices)
    }

    func testBadConfigIsRejectedWithOneLine() throws {
        let reader = try ConfigReader(yaml: "queries: 25\npairs_per_iteration: 10\n", file: "bad.yaml")
        XCTAssertThrowsError(try RLHFConfig(reading: reader)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("multiple of pairs_per_iteration"), text)
            XCTAssertFalse(text.contains("\n"))
        }
    }
}

extension RLHFExperimentTests {
    /// With `policySteps = T > 1` the policy tracks the penalized best response at the current x:
    /// with x frozen at the true reward (step 0), 40 y-steps per batch leave a value penalty less
    /// than half of the one left by 1 step.
    func testMorePolicyStepsTrackTheBestResponse() throws {
        let (config, _) = try quick()
        let task = try config.task(seed: 0)
        func finalPenalty(_ steps: Int) throws -> Double {
            var rng = SeededGenerator(seed: 0, stream: 1)
            let s = PBRLForRLHF.Settings(iterations: 10, pairsPerIteration: 10, lambda: 10, stepX: 0, stepY: 0.05,
                                         policySteps: steps, evaluateEvery: 10)
            return try PBRLForRLHF(task: task, settings: s).run(rng: &rng, initialX: task.oracle.trueReward).valuePenalty.last!
        }
        let one = try finalPenalty(1), many = try finalPenalty(40)
        XCTAssertLessThan(many, 0.5 * one, "penalty after 40 y-steps per batch \(many) vs 1 step \(one)")
    }
}
