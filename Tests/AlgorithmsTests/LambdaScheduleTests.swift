import XCTest
import BilevelCore
import Environments
import Algorithms

/// Lambda schedules (docs/lambda-schedules.md): hand-worked weights, step factors, and the
/// optimizer's use of them on the E5 problem.
final class LambdaScheduleTests: XCTestCase {
    func testScheduleValuesByHand() throws {
        let ramp = LambdaSchedule.ramp(start: 1, iterations: 4)
        XCTAssertEqual((0...6).map { ramp.lambda(at: $0, target: 9) }, [1, 3, 5, 7, 9, 9, 9])
        let cont = LambdaSchedule.continuation(start: 1, factor: 10, every: 2)
        XCTAssertEqual((0...8).map { cont.lambda(at: $0, target: 500) }, [1, 1, 10, 10, 100, 100, 500, 500, 500])
        XCTAssertEqual(cont.iterationsToTarget(500), 6)
        XCTAssertEqual(ramp.iterationsToTarget(9), 4)
        XCTAssertEqual(LambdaSchedule.constant.lambda(at: 123, target: 7.5), 7.5)
        XCTAssertEqual(StepScaling.inverseLambda.stepFactor(current: 10, target: 1000), 100)
        XCTAssertEqual(StepScaling.inverseLambda.stepFactor(current: 1000, target: 1000), 1)
        XCTAssertEqual(StepScaling.fixed.stepFactor(current: 10, target: 1000), 1)
        XCTAssertEqual(lambdaScaledBudget(base: 3000, lambda: 100, reference: 10), 30000)
        XCTAssertEqual(lambdaScaledBudget(base: 3000, lambda: 1, reference: 10), 3000)
        XCTAssertEqual(lambdaScaledBudget(base: 3000, lambda: 100, reference: 0), 3000)
    }

    func testBadSchedulesAreRejectedWithOneLine() throws {
        let problem = try e5Problem()
        for bad in [LambdaSchedule.ramp(start: 20, iterations: 5), .ramp(start: 1, iterations: 0),
                    .continuation(start: 1, factor: 1, every: 3), .continuation(start: 0, factor: 2, every: 3)] {
            XCTAssertThrowsError(try BilevelOptimizer(problem: problem, method: MethodSpec(.pbrlValue, lambda: 10, schedule: bad),
                                                      settings: OptimizerSettings(iterations: 5, stepX: 0.01, stepY: 0.1), x0: [0, 0, 0])) {
                XCTAssertTrue("\($0)".hasPrefix("invalid optimizer setting: "), "\($0)")
                XCTAssertFalse("\($0)".contains("\n"))
            }
        }
    }

    /// A ramp that starts at the target weight is the constant run, bit for bit, and the
    /// constant run records lambda_k = lambda.
    func testRampFromTargetIsTheConstantRun() throws {
        let problem = try e5Problem()
        let settings = OptimizerSettings(iterations: 50, stepX: 0.01, stepY: 0.2, evaluateEvery: 10,
                                         stepScalingX: .inverseLambda, stepScalingY: .inverseLambda)
        for kind in [MethodKind.pbrlValue, .pbrlBellman] {
            var a = try BilevelOptimizer(problem: problem, method: MethodSpec(kind, lambda: 10), settings: settings, x0: [0.3, -0.2, 0.1])
            var b = try BilevelOptimizer(problem: problem, method: MethodSpec(kind, lambda: 10, schedule: .ramp(start: 10, iterations: 30)),
                                         settings: settings, x0: [0.3, -0.2, 0.1])
            let ta = try a.run(), tb = try b.run()
            XCTAssertEqual(ta.finalX, tb.finalX)
            XCTAssertEqual(ta.finalY, tb.finalY)
            XCTAssertEqual(ta.hyperObjective, tb.hyperObjective)
            XCTAssertEqual(ta.lambdas, [Double](repeating: 10, count: 6))
        }
    }

    /// Continuation with inverse-lambda steps: its first stage is the constant run at the start
    /// weight with steps c / lambda0 (to rounding of c/lambda * lambda/lambda0), and after the
    /// last stage the weight is the target; it differs from the constant run at the target.
    func testContinuationStagesUseTheStagesWeightAndSteps() throws {
        let problem = try e5Problem()
        let x0 = [0.3, -0.2, 0.1]
        let target = 100.0, start = 1.0, every = 20
        var cont = try BilevelOptimizer(problem: problem, method: MethodSpec(.pbrlValue, lambda: target,
                                                                             schedule: .continuation(start: start, factor: 10, every: every)),
                                        settings: OptimizerSettings(iterations: every, stepX: 0.1 / target, stepY: 2 / target,
                                                                    evaluateEvery: every, stepScalingX: .inverseLambda, stepScalingY: .inverseLambda),
                                        x0: x0)
        var first = try BilevelOptimizer(problem: problem, method: MethodSpec(.pbrlValue, lambda: start),
                                         settings: OptimizerSettings(iterations: every, stepX: 0.1 / start, stepY: 2 / start, evaluateEvery: every),
                                         x0: x0)
        let tc = try cont.run(), tf = try first.run()
        for (u, v) in zip(tc.finalX + tc.finalY, tf.finalX + tf.finalY) { XCTAssertEqual(u, v, accuracy: 1e-12) }
        XCTAssertEqual(tc.lambdas, [1, 10])
        // With fixed steps the first stage moves 100 times less than with inverse-lambda steps.
        var fixed = try BilevelOptimizer(problem: problem, method: MethodSpec(.pbrlValue, lambda: target,
                                                                              schedule: .continuation(start: start, factor: 10, every: every)),
                                         settings: OptimizerSettings(iterations: 1, stepX: 0.1 / target, stepY: 2 / target),
                                         x0: x0)
        var inverse = try BilevelOptimizer(problem: problem, method: MethodSpec(.pbrlValue, lambda: target,
                                                                                schedule: .continuation(start: start, factor: 10, every: every)),
                                           settings: OptimizerSettings(iterations: 1, stepX: 0.1 / target, stepY: 2 / target,
                                                                       stepScalingX: .inverseLambda, stepScalingY: .inverseLambda),
                                           x0: x0)
        let dFixed = zip(try fixed.run().finalX, x0).map { $0 - $1 }, dInverse = zip(try inverse.run().finalX, x0).map { $0 - $1 }
        for (u, v) in zip(dFixed, dInverse) { XCTAssertEqual(v, 100 * u, accuracy: 1e-12 * max(1, abs(v))) }
        XCTAssertGreaterThan(dInverse.map(abs).max()!, 1e-6)
    }
}
