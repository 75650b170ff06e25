import XCTest
import Foundation
import Lab
@testable import stackelberg

/// E1 at the quick profile's scale, in process: the claims docs/experiments.md makes for E1a.
final class StackelbergTests: XCTestCase {
    static func quickConfig() throws -> StackelbergConfig {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("experiments/stackelberg/configs/quick.yaml")
        let reader = try ConfigReader(contentsOf: url)
        return try StackelbergConfig.read(reader)
    }

    static func commitment(_ method: String, lambda: Double? = nil, _ config: StackelbergConfig) throws -> RunResult {
        var params: [String: Double] = ["part": 1]
        if let lambda { params["lambda"] = lambda }
        return try runGameJob(Job(method: method, seed: 0, params: params), part: .commitment, config: config)
    }

    /// The leader must discover through the follower's best response that committing to 0 at A
    /// pays (about 1/(1 - gamma^3) = 33.7 or more); the naive gradient, which ignores the best
    /// response, stays near the start (leader value < 1).
    func testCommitmentLeaderBeatsNaiveGradient() throws {
        let config = try Self.quickConfig()
        let naive = try Self.commitment("naive", config).finals["leader_value"]!
        let hyper = try Self.commitment("hypergradient", config).finals["leader_value"]!
        let pbrl = try Self.commitment("pbrl-value", lambda: 10, config)
        let value = pbrl.finals["leader_value"]!
        XCTAssertLessThan(naive, 1.0, "naive gradient should not find the commitment")
        XCTAssertGreaterThan(value, 33.0, "PBRL-value lambda=10 should reach the good commitment")
        XCTAssertGreaterThan(value, naive + 30)
        XCTAssertGreaterThan(pbrl.finals["pi_L(0|A)"]!, 0.6, "the leader plays 0 at A more often than not")
        XCTAssertGreaterThan(hyper, value - 0.5, "the exact hypergradient is the reference optimum")
    }

    /// Larger lambda ends closer to the exact-hypergradient solution (leader value and the
    /// commitment pi_L(0|A)), for lambda = 1, 10, 100 of the quick profile.
    func testLargerLambdaEndsCloserToHypergradient() throws {
        let config = try Self.quickConfig()
        let hyper = try Self.commitment("hypergradient", config)
        var valueGaps: [Double] = [], policyGaps: [Double] = []
        for lambda in config.commitment.lambdas {
            let r = try Self.commitment("pbrl-value", lambda: lambda, config)
            valueGaps.append(abs(r.finals["leader_value"]! - hyper.finals["leader_value"]!))
            policyGaps.append(abs(r.finals["pi_L(0|A)"]! - hyper.finals["pi_L(0|A)"]!))
        }
        XCTAssertEqual(config.commitment.lambdas, config.commitment.lambdas.sorted())
        XCTAssertGreaterThanOrEqual(config.commitment.lambdas.count, 3)
        for i in 1..<valueGaps.count {
            XCTAssertLessThan(valueGaps[i], valueGaps[i - 1], "leader-value gap not decreasing in lambda: \(valueGaps)")
            XCTAssertLessThan(policyGaps[i], policyGaps[i - 1], "commitment gap not decreasing in lambda: \(policyGaps)")
        }
        XCTAssertLessThan(valueGaps.last!, 0.05)
    }

    /// Same seed and config give identical numbers (E1b, one short run).
    func testRandomGameRunIsDeterministic() throws {
        let config = try Self.quickConfig()
        let job = Job(method: "pbrl-bellman", seed: 1, params: ["part": 2, "lambda": 10])
        let a = try runGameJob(job, part: .random, config: config)
        let b = try runGameJob(job, part: .random, config: config)
        XCTAssertEqual(a.series["F"], b.series["F"])
        XCTAssertEqual(a.finals["F"], b.finals["F"])
        // PBRL improves on the start (zero logits) in every random game of the run.
        XCTAssertLessThan(a.finals["F"]!, a.series["F"]!.first!)
    }
}
