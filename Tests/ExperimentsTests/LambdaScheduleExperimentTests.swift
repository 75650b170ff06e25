import XCTest
import Foundation
import Algorithms
import ExperimentKit
import Lab
@testable import stackelberg
@testable import incentive

/// Lambda schedules in the experiments (docs/lambda-schedules.md): config entries become job
/// parameters and back, scheduled runs follow their weight, and the shortfall metrics are
/// PBRL's objective minus the exact method's on the same game.
final class LambdaScheduleExperimentTests: XCTestCase {
    func testScheduleEntriesRoundTripAndBadOnesFail() throws {
        let c = try ConfigReader(yaml: """
            schedules:
              - {kind: budget, budget: 500}
              - {kind: ramp, start: 2, iterations: 40}
              - {kind: continuation, start: 1, factor: 10, every: 7, budget: 90}
            """, file: "t.yaml")
        let list = try ScheduleVariant.readList(c)
        XCTAssertEqual(list.map(\.kind), [.budget, .ramp, .continuation])
        for v in list {
            XCTAssertEqual(ScheduleVariant.schedule(params: v.params), v.schedule)
            XCTAssertEqual(ScheduleVariant.kind(params: v.params), v.kind)
        }
        XCTAssertEqual(list[2].params, ["budget": 90, "lambda_start": 1, "continuation_factor": 10, "continuation_every": 7])
        XCTAssertEqual(ScheduleVariant.schedule(params: list[1].params, lambdaScale: 100), .ramp(start: 200, iterations: 40))
        XCTAssertNil(ScheduleVariant.kind(params: ["lambda": 10, "part": 1]))
        let twice = try ConfigReader(yaml: "schedules:\n  - {kind: ramp, start: 1, iterations: 4}\n  - {kind: ramp, start: 2, iterations: 4}\n", file: "t.yaml")
        XCTAssertThrowsError(try ScheduleVariant.readList(twice)) { XCTAssertTrue("\($0)".contains("at most one schedule of kind 'ramp'"), "\($0)") }
        let bad = try ConfigReader(yaml: "schedules:\n  - {kind: sigmoid, start: 1}\n", file: "t.yaml")
        XCTAssertThrowsError(try ScheduleVariant.readList(bad)) { XCTAssertTrue("\($0)".contains("ramp"), "names the valid kinds: \($0)") }
    }

    /// E1a quick profile: the ramp variant runs at the largest lambda with
    /// lambda_k = 1 + 99 k/300 (the config's ramp over 300 iterations to 100).
    func testE1aRampJobFollowsItsSchedule() throws {
        let config = try StackelbergTests.quickConfig()
        let variant = try XCTUnwrap(config.commitment.schedules.first { $0.kind == .ramp })
        XCTAssertEqual(variant.schedule, .ramp(start: 1, iterations: 300))
        let job = Job(method: "pbrl-value", seed: 0, params: variant.params.merging(["part": 1, "lambda": config.commitment.largestLambda]) { a, _ in a })
        let r = try runGameJob(job, part: .commitment, config: config)
        let its = r.series["iteration"]!, lambdas = r.series["lambda"]!
        XCTAssertEqual(its.last, Double(config.commitment.iterations))
        for (k, l) in zip(its, lambdas) { XCTAssertEqual(l, k >= 300 ? 100 : 1 + 99 * k / 300, accuracy: 1e-12) }
        XCTAssertEqual(r.labels["lambda_schedule"], "ramp 1→λ over 300")
        // The constant run at the same lambda records no lambda series (its record is unchanged).
        let constant = try runGameJob(Job(method: "pbrl-value", seed: 0, params: ["part": 1, "lambda": 100]), part: .commitment, config: config)
        XCTAssertNil(constant.series["lambda"])
        XCTAssertNotEqual(constant.finals["F"], r.finals["F"])
    }

    /// E2 quick profile with a ramp variant: it is a job at the largest lambda tau with its start
    /// converted from lambda tau to lambda.
    func testE2ScheduleJobsAreAtTheLargestLambdaTau() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("experiments/incentive/configs/quick.yaml")
        // The quick profile plus a ramp variant (the quick profile itself runs none).
        let text = try String(contentsOf: url, encoding: .utf8)
            + "pbrl_schedules:\n  - {kind: ramp, start: 1, iterations: 10}\nschedule_learning_rates: [0.5]\n"
        let cfg = try IncentiveConfig(try ConfigReader(yaml: text, file: url.path))
        let params = cfg.params(for: .pbrlBellman)
        let ramp = try XCTUnwrap(params.first { $0["ramp_iterations"] != nil })
        XCTAssertEqual(ramp["lambda_tau"], cfg.bellmanLambdaTau.max())
        let spec = cfg.spec(method: .pbrlBellman, params: ramp, seed: 0)
        XCTAssertEqual(spec.method.schedule, .ramp(start: 1 / 0.005, iterations: 10))
        XCTAssertEqual(spec.method.lambda, 10 / 0.005)
        XCTAssertEqual(spec.iterations, cfg.iterations)
        XCTAssertEqual(params.filter { $0["ramp_iterations"] == nil }.count, cfg.taus.count * cfg.costs.count * cfg.learningRates.count * cfg.bellmanLambdaTau.count)
    }
}
