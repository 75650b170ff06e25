import XCTest
import Lab

/// Issue 13, weak: run-to-run numbers (timings) live in the record's `measurements`, so two
/// runs of one job give records identical in everything but `timing`, `measurements` and
/// `provenance` (command line, host, dates); `verify` never compares measurements.
final class MeasurementsTests: XCTestCase {
    func testTimingsAreMeasurementsAndEverythingElseIsIdentical() throws {
        let root = try Tool.package("measurements", experiments: ["scaling", "incentive"])
        defer { Tool.remove(root) }
        for (experiment, key) in [("scaling", "cpu_seconds_per_iteration.n=8"), ("incentive", "step_cpu_ms")] {
            var runs: [[String: Any]] = []
            for attempt in 0..<2 {
                let out = root.appendingPathComponent("out\(attempt)/\(experiment)")
                let result = try Tool.run(experiment, ["--profile", "quick", "--seeds", "0", "--methods", "hypergradient", "--out", out.path], in: root)
                XCTAssertEqual(result.status, 0, result.stderr)
                let folder = out.appendingPathComponent("records")
                let name = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".json") })
                let record = try RunRecord.load(folder.appendingPathComponent(name))
                XCTAssertNotNil(record.measurements?[key], "\(experiment): \(record.measurements ?? [:])")
                XCTAssertTrue(record.labels.values.allSatisfy { Double($0) == nil }, "\(experiment): a timing left in labels: \(record.labels)")
                var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name))) as? [String: Any])
                for field in ["timing", "measurements", "provenance"] { json.removeValue(forKey: field) }
                runs.append(json)
            }
            XCTAssertEqual(NSDictionary(dictionary: runs[0]), NSDictionary(dictionary: runs[1]), "\(experiment): records differ beyond timing, measurements and provenance")
        }
    }
}
