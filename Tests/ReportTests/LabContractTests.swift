import XCTest
import Lab
@testable import Report

/// The report reads what Lab writes: a real `Session` runs a toy experiment (one method that
/// succeeds, one that diverges) and the report's reader must see every record, series,
/// final, timing and the summary, including the failed run.
final class LabContractTests: XCTestCase {
    func testReportReadsWhatLabWrites() throws {
        let fixture = try ReportFixture(name: name)
        defer { fixture.remove() }
        try fixture.write("seeds: [0, 1]\nrate: 0.5\n", to: "experiments/toy/configs/standard.yaml")
        let options = try ExperimentOptions.parse(["--profile", "standard", "--jobs", "1"])
        let session = try Session(experiment: "toy", methods: ["halve", "diverge"], options: options,
                                  workspace: Workspace(root: fixture.root))
        let rate = try session.config.double("rate")
        try session.run { job in
            var x = 1.0 + Double(job.seed)
            var xs: [Double] = []
            for k in 0..<4 {
                x = job.method == "halve" ? x * rate : x / 0
                xs.append(try NonFiniteError.check(x, "x", iteration: k))
            }
            var result = RunResult()
            result.series["x"] = xs
            result.finals["x"] = xs.last!
            return result
        }
        try session.writeSummary(metrics: ["toy.final.halve.mean": (0.0625 + 0.125) / 2])

        let results = ExperimentResults.load(runs: fixture.root.appendingPathComponent("runs"), experiment: "toy", profile: "standard")
        XCTAssertEqual(results.problems, [])
        XCTAssertEqual(results.records.count, 4)
        XCTAssertEqual(results.failedRecords.count, 2, "failed runs are read, not hidden")
        XCTAssertTrue(results.failedRecords.allSatisfy { $0.method == "diverge" && ($0.error ?? "").contains("non-finite") })
        XCTAssertEqual(results.metrics, ["toy.final.halve.mean": 0.09375])
        XCTAssertEqual(results.seeds, [0, 1])
        XCTAssertEqual(results.meanSeries["halve"]?["x"], [0.75, 0.375, 0.1875, 0.09375])   // mean of seeds 0 and 1
        XCTAssertEqual(results.records.first { $0.succeeded }?.config["rate"], "0.5")
        XCTAssertEqual(results.configHashes.count, 1)
        XCTAssertEqual(results.configHashes.first?.count, 64)
        XCTAssertGreaterThan(results.records.first!.provenance.cpu.count, 0)
        XCTAssertEqual(results.cost.runs, 4)
        XCTAssertNotNil(results.cost.elapsedSeconds)
        XCTAssertGreaterThanOrEqual(results.cost.wallSeconds, 0)
    }

    /// The "Methods" row summarizes a parameter grid per method instead of listing every
    /// configuration (E2 has 126).
    func testMethodSummariesGroupParameterGrids() throws {
        func record(_ method: String, _ params: [String: Double], seed: Int = 0) throws -> RecordDigest {
            let json = try JSONSerialization.data(withJSONObject: [
                "schemaVersion": 1, "experiment": "e", "method": method, "seed": seed, "params": params])
            return try JSONDecoder().decode(RecordDigest.self, from: json)
        }
        var records: [RecordDigest] = []
        for cost in [1.0, 3, 5] {
            for lr in [0.5, 0.1] {
                for seed in 0..<2 { records.append(try record("hypergradient", ["cost": cost, "lr": lr], seed: seed)) }
                for lt in [1.0, 10] { records.append(try record("pbrl-value", ["cost": cost, "lr": lr, "lambda_tau": lt])) }
            }
        }
        records.append(try record("naive", [:]))
        let layout = ExperimentLayout(root: URL(fileURLWithPath: "/nonexistent"), experiment: "e", profile: "standard")
        let results = ExperimentResults(name: "e", profile: "standard", layout: layout, summary: nil,
                                        records: records, figures: [], problems: [])
        XCTAssertEqual(results.methodSummaries, [
            "hypergradient (cost ∈ {1, 3, 5}, lr ∈ {0.1, 0.5}: 6 configurations)",
            "naive",
            "pbrl-value (cost ∈ {1, 3, 5}, lambda_tau ∈ {1, 10}, lr ∈ {0.1, 0.5}: 12 configurations)",
        ])
    }
}
