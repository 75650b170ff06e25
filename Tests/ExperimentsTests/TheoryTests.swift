import XCTest
import Foundation
import Lab
import Environments
@testable import theory

/// E5 at the quick profile's scale, in process: the paper's scaling claims (docs/math.md section 6).
final class TheoryTests: XCTestCase {
    static func quick() throws -> (TheoryConfig, TheoryInstance) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("experiments/theory/configs/quick.yaml")
        let config = try TheoryConfig.read(try ConfigReader(contentsOf: url))
        return (config, try TheoryInstance(seed: config.instanceSeed))
    }

    /// p(x, y_lambda) ~ lambda^-2 and |PBRL x-direction - hypergradient| ~ lambda^-1 over
    /// lambda in [1, 1000]: fitted log-log slopes within 0.15 of -2 and -1 at two points x.
    func testLambdaScalingSlopes() throws {
        let (config, instance) = try Self.quick()
        XCTAssertEqual(config.lambdaMin, 1)
        XCTAssertEqual(config.lambdaMax, 1000)
        for seed: UInt64 in [0, 1] {
            let r = try runScaling(seed: seed, instance: instance, config: config)
            XCTAssertEqual(r.finals["slope.penalty"]!, -2, accuracy: 0.15, "seed \(seed)")
            XCTAssertEqual(r.finals["slope.bias"]!, -1, accuracy: 0.15, "seed \(seed)")
            // The penalized solution is solved to relative gradient precision ~1e-11.
            XCTAssertLessThan(r.finals["newton_residual.max"]!, 1e-6)
            // Both quantities decrease monotonically along the grid.
            for key in ["p", "bias"] {
                let v = r.series[key]!
                for i in 1..<v.count { XCTAssertLessThan(v[i], v[i - 1], "\(key) not decreasing at seed \(seed)") }
            }
        }
    }

    /// 0 <= g <= p <= C g on every sampled policy (C = max_s d*(s)/rho(s)); the round-off
    /// allowance is 1e-12.
    func testBellmanPenaltyBoundsOnRandomPolicies() throws {
        let (config, instance) = try Self.quick()
        for seed: UInt64 in [0, 1] {
            let r = try runBounds(seed: seed, instance: instance, config: config)
            let p = r.series["p"]!, g = r.series["g"]!, C = r.finals["C"]!
            XCTAssertEqual(p.count, config.policiesPerScale * config.logitScales.count * 2)
            XCTAssertGreaterThan(C, 1)
            for i in p.indices {
                XCTAssertGreaterThanOrEqual(g[i], -1e-12, "g < 0 at policy \(i)")
                XCTAssertLessThanOrEqual(g[i], p[i] + 1e-12, "g > p at policy \(i)")
                XCTAssertLessThanOrEqual(p[i], C * g[i] + 1e-12, "p > C g at policy \(i)")
            }
        }
    }

    /// PBRL with a larger lambda ends closer to the exact-hypergradient method's solution
    /// (same start), and its stationarity measure is non-increasing.
    func testLargerLambdaEndsCloserToHypergradient() throws {
        let (config, instance) = try Self.quick()
        let seed: UInt64 = 0
        let hyper = try runOptimizer(Job(method: "hypergradient", seed: seed), instance: instance, config: config)
        let xh = hyper.matrices["final_x"]![0]
        var distances: [Double] = []
        for lambda in config.pbrlLambdas {
            let r = try runOptimizer(Job(method: "pbrl-value", seed: seed, params: ["lambda": lambda]), instance: instance, config: config)
            let x = r.matrices["final_x"]![0]
            distances.append(zip(x, xh).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot())
            let s = r.series["stationarity"]!
            for i in 1..<s.count { XCTAssertLessThanOrEqual(s[i], s[i - 1]) }
        }
        XCTAssertGreaterThanOrEqual(distances.count, 2)
        for i in 1..<distances.count {
            XCTAssertLessThan(distances[i], distances[i - 1], "distance to the hypergradient solution: \(distances)")
        }
    }
}
