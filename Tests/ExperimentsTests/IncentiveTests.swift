import XCTest
import Algorithms
import BilevelCore
import Environments
@testable import incentive

/// E2 at quick scale, in-process: the exact hypergradient (AMD) improves the designer's
/// objective J from its initial value, and ascends faster than the naive gradient, which
/// ignores the follower's response; the learning-rate selection picks the best mean.
final class IncentiveTests: XCTestCase {
    func quickSpec(_ kind: MethodKind, lambdaTau: Double = 1, iterations: Int = 20, tau: Double = 0.005) -> IncentiveRunSpec {
        IncentiveRunSpec(tau: tau, coverage: 0.5, gamma: 0.99, cost: 1,
                         method: MethodSpec(kind, lambda: lambdaTau / tau, smoothing: 1),
                         learningRate: 0.5, stepY: 3 / lambdaTau, iterations: iterations, evaluateEvery: 5,
                         initScale: 0.01, clipNorm: 1, tailFraction: 0.1, seed: 0)
    }

    func testHypergradientImprovesJ() throws {
        let r = try runIncentive(quickSpec(.hypergradient))
        XCTAssertEqual(r.iterations, [0, 5, 10, 15, 20])
        // J(w_0) is the objective at the initial incentives; it must rise, monotonically here.
        let gain = r.objective.last! - r.objective.first!
        XCTAssertGreaterThan(gain, 0.01, "J: \(r.objective)")
        for k in 1..<r.objective.count { XCTAssertGreaterThan(r.objective[k], r.objective[k - 1]) }
        // The recorded J is the exact designer objective at the final w.
        let env = try FourRoomsIncentive(tau: 0.005)
        XCTAssertEqual(r.objective.last!, try env.designerObjective(at: r.finalW, cost: 1), accuracy: 1e-8)
        // The incentives stay a penalty within the budget.
        let inc = env.incentive(at: r.finalW)
        XCTAssertTrue(inc.allSatisfy { $0 <= 0 && $0 >= -0.2 })
    }

    func testHypergradientBeatsNaiveAndPBRLValueImproves() throws {
        let amd = try runIncentive(quickSpec(.hypergradient))
        let naive = try runIncentive(quickSpec(.naive))
        let pbrl = try runIncentive(quickSpec(.pbrlValue))
        XCTAssertEqual(amd.objective.first!, naive.objective.first!, accuracy: 1e-12, "same w_0 per seed")
        XCTAssertGreaterThan(amd.objective.last! - amd.objective.first!, 5 * (naive.objective.last! - naive.objective.first!))
        XCTAssertGreaterThan(pbrl.objective.last! - pbrl.objective.first!, 0.01, "PBRL-value J: \(pbrl.objective)")
    }

    func testSameSeedSameNumbers() throws {
        let a = try runIncentive(quickSpec(.zeroOrder, iterations: 5))
        let b = try runIncentive(quickSpec(.zeroOrder, iterations: 5))
        XCTAssertEqual(a.objective, b.objective)
        XCTAssertEqual(a.finalW, b.finalW)
    }

    func testMeanAndStandardError() {
        let (m, se) = meanAndStandardError([1, 2, 3, 4])
        XCTAssertEqual(m, 2.5, accuracy: 1e-15)
        // sample std = sqrt(5/3), s.e. = std / 2
        XCTAssertEqual(se, (5.0 / 3).squareRoot() / 2, accuracy: 1e-15)
    }
}
