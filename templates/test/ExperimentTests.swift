import XCTest
import Foundation
import Lab
import Algorithms
import BilevelCore
import Environments
@testable import {{MODULE}}

/// `{{NAME}}` at its quick profile's scale, in process (scaffolded by `bilevel new {{NAME}}`;
/// replace these with tests of your own experiment's numbers, docs/adding-an-experiment.md).
final class {{CLASS}}Tests: XCTestCase {
    static func quick() throws -> ExampleConfig {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("experiments/{{NAME}}/configs/quick.yaml")
        return try ExampleConfig.read(try ConfigReader(contentsOf: url))
    }

    /// The exact hypergradient method decreases F on every quick instance, PBRL-value's value
    /// penalty stays >= 0, and at the largest lambda PBRL ends within the expectation's
    /// tolerance (expectations.yaml, `{{NAME}}.final_F_gap.max`) of the hypergradient's F.
    func testPBRLEndsNearTheExactHypergradient() throws {
        let config = try Self.quick()
        for seed: UInt64 in [0, 1] {
            let hyper = try {{MODULE}}.runJob(Job(method: "hypergradient", seed: seed), config: config)
            XCTAssertLessThan(hyper.finals["F"]!, hyper.finals["F0"]! - 1e-3, "seed \(seed): the hypergradient did not decrease F")
            let lambda = config.lambdas.max()!
            let pbrl = try {{MODULE}}.runJob(Job(method: "pbrl-value", seed: seed, params: ["lambda": lambda]), config: config)
            for p in pbrl.series["p"]! { XCTAssertGreaterThanOrEqual(p, -1e-12, "seed \(seed): negative value penalty") }
            XCTAssertEqual(pbrl.finals["F"]!, hyper.finals["F"]!, accuracy: 0.01, "seed \(seed): PBRL λ=\(lambda) vs hypergradient")
        }
    }

    /// F(x_0) is the exact core's hyper-objective at the instance's x0: -V_U at the soft optimum
    /// plus the regularizer, recomputed here from BilevelCore directly.
    func testFirstRecordedFIsTheExactHyperObjective() throws {
        let config = try Self.quick()
        let r = try {{MODULE}}.runJob(Job(method: "hypergradient", seed: 0), config: config)
        let garnet = try GarnetBilevel(states: config.states, actions: config.actions, branching: config.branching,
                                       gamma: config.gamma, tau: config.tau, regularization: config.regularization, seed: 0)
        XCTAssertEqual(r.series["F"]![0], try garnet.problem.hyperObjective(x: garnet.x0), accuracy: 1e-9)
    }
}
