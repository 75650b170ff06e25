import XCTest
import BilevelCore
import Environments
import Algorithms

/// The E5-style problem: Garnet n = 5, m = 3, linear reward with 3 features,
/// f = -V_U + 0.5 |x|^2 (strongly convex in x, so the bilevel solution is unique here).
func e5Problem(seed: UInt64 = 1) throws -> BilevelProblem {
    var rng = SeededGenerator(seed: seed)
    let base = try Garnet.mdp(states: 5, actions: 3, branching: 3, gamma: 0.8, tau: 0.5, seed: seed)
    let phi = (0..<45).map { _ in rng.normal() }
    let lower = LinearRewardMDP(base: base, features: phi, featureCount: 3)
    let upper = NegativeUpperValue(reward: FixedReward((0..<15).map { _ in rng.uniform() }, parameterCount: 3),
                                   dynamics: lower, regularization: 1)
    return BilevelProblem(lower: lower, upper: upper)
}

final class OptimizerTests: XCTestCase {
    func testMethodNames() throws {
        XCTAssertEqual(try MethodKind.named("pbrl-bellman"), .pbrlBellman)
        XCTAssertThrowsError(try MethodKind.named("pbrl")) {
            XCTAssertEqual("\($0)", "unknown method 'pbrl'; valid methods: pbrl-value, pbrl-bellman, hypergradient, zero-order, naive")
        }
        XCTAssertEqual(MethodSpec(.pbrlValue, lambda: 10).label, "pbrl-value(lambda=10)")
        XCTAssertEqual(MethodSpec(.pbrlBellman, lambda: 0.5).label, "pbrl-bellman(lambda=0.5)")
    }

    /// Exact hypergradient descent with a small step decreases F monotonically and reaches a
    /// stationary point (|dF/dx| < 1e-6).
    func testHypergradientDescentConverges() throws {
        let problem = try e5Problem()
        var opt = try BilevelOptimizer(problem: problem, method: MethodSpec(.hypergradient),
                                       settings: OptimizerSettings(iterations: 300, stepX: 0.5), x0: [1, -1, 0.5])
        let t = try opt.run()
        for (a, b) in zip(t.hyperObjective, t.hyperObjective.dropFirst()) { XCTAssertLessThanOrEqual(b, a + 1e-12) }
        XCTAssertLessThan(t.gradNormX[t.gradNormX.count - 2], 1e-6)
        XCTAssertEqual(t.iterations.count, 301)
    }

    /// PBRL with larger lambda ends closer to the exact-hypergradient solution, and the value
    /// penalty at its end point scales like 1/lambda^2 (docs/math.md section 6). Step sizes
    /// alpha = 0.1/lambda, beta = 2/lambda; iterations grow with lambda so x converges.
    func testPBRLApproachesBilevelSolutionAsLambdaGrows() throws {
        let problem = try e5Problem()
        var exact = try BilevelOptimizer(problem: problem, method: MethodSpec(.hypergradient),
                                         settings: OptimizerSettings(iterations: 400, stepX: 0.5), x0: [0, 0, 0])
        let xStar = try exact.run().finalX
        for kind in [MethodKind.pbrlValue, .pbrlBellman] {
            var distances: [Double] = []
            var penalties: [Double] = []
            for (lambda, iterations) in [(1.0, 2000), (10.0, 4000), (100.0, 20000)] {
                var opt = try BilevelOptimizer(problem: problem, method: MethodSpec(kind, lambda: lambda),
                                               settings: OptimizerSettings(iterations: iterations, stepX: 0.1 / lambda, stepY: 2 / lambda, evaluateEvery: iterations),
                                               x0: [0, 0, 0])
                let t = try opt.run()
                distances.append(zip(t.finalX, xStar).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot())
                penalties.append(t.valuePenalty.last!)
            }
            XCTAssertLessThan(distances[1], distances[0], "\(kind): \(distances)")
            XCTAssertLessThan(distances[2], distances[1], "\(kind): \(distances)")
            // The Bellman penalty is weaker (g <= p), so its end point is further from x* at
            // the same lambda (measured distances for the Bellman variant: 0.24, 0.041, 0.0044).
            let (reach, fall) = kind == .pbrlValue ? (2e-3, 30.0) : (1e-2, 20.0)
            XCTAssertLessThan(distances[2], reach, "\(kind): \(distances)")
            XCTAssertLessThan(penalties[1], penalties[0] / fall, "\(kind): p should fall ~100x per decade of lambda: \(penalties)")
            XCTAssertLessThan(penalties[2], penalties[1] / fall, "\(kind): \(penalties)")
        }
    }

    func testInexactOracleAndNaiveAndZeroOrderRun() throws {
        let problem = try e5Problem()
        let F0 = try problem.hyperObjective(x: [1, 1, 1])
        for spec in [MethodSpec(.pbrlValue, lambda: 10, oracle: .sweeps(3)), MethodSpec(.naive), MethodSpec(.zeroOrder, smoothing: 0.05)] {
            var opt = try BilevelOptimizer(problem: problem, method: spec,
                                           settings: OptimizerSettings(iterations: 200, stepX: spec.kind == .pbrlValue ? 0.05 : 0.1, stepY: 0.05, evaluateEvery: 50),
                                           x0: [1, 1, 1], seed: 3)
            let t = try opt.run()
            XCTAssertLessThan(t.hyperObjective.last!, F0, "\(spec.label) should decrease F from x0")
            XCTAssertEqual(t.iterations, [0, 50, 100, 150, 200])
        }
    }

    func testProjectionAndClipping() throws {
        let problem = try e5Problem()
        var opt = try BilevelOptimizer(problem: problem, method: MethodSpec(.hypergradient),
                                       settings: OptimizerSettings(iterations: 5, stepX: 10, clipNorm: 0.1, keepIterates: true),
                                       projection: .box(lower: -0.15, upper: 0.15), x0: [0, 0, 0])
        let t = try opt.run()
        for (a, b) in zip(t.iterates, t.iterates.dropFirst()) {
            let step = zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            XCTAssertLessThanOrEqual(step, 1.0 + 1e-12)   // 10 * 0.1
        }
        XCTAssertTrue(t.finalX.allSatisfy { abs($0) <= 0.15 })
        XCTAssertEqual(t.iterates.count, 6)
        XCTAssertEqual(t.followerIterates.count, 6)
        XCTAssertEqual(t.followerIterates.last!, t.finalY)
        XCTAssertEqual(Projection.ball(radius: 1).apply([3, 4]), [0.6, 0.8])
    }

    func testDivergenceStopsLoudly() throws {
        let problem = try e5Problem()
        var opt = try BilevelOptimizer(problem: problem, method: MethodSpec(.naive),
                                       settings: OptimizerSettings(iterations: 50, stepX: 1e308), x0: [1, 1, 1])
        XCTAssertThrowsError(try opt.run())
        XCTAssertThrowsError(try BilevelOptimizer(problem: problem, method: MethodSpec(.pbrlValue, lambda: 0),
                                                  settings: OptimizerSettings(iterations: 1, stepX: 1, stepY: 1), x0: [0, 0, 0]))
        XCTAssertThrowsError(try BilevelOptimizer(problem: problem, method: MethodSpec(.naive),
                                                  settings: OptimizerSettings(iterations: 1, stepX: 1), x0: [0, 0]))
    }
}
