import XCTest
import Lab

/// Issue 13, bad 1 and 6 (docs/robustness.md): a run over a subset adds records and then
/// recomputes summary, tables and figures from every valid record of the profile's config;
/// a selection that matches no job, an empty list or a repeated seed is a usage error
/// (exit 2, one line) that writes nothing.
final class SubsetRunTests: XCTestCase {
    func testSubsetRunsNeverShrinkTheSummaryTablesOrFigures() throws {
        let root = try Tool.package("subset")
        defer { Tool.remove(root) }
        let full = try Tool.run("incentive", ["--profile", "quick"], in: root)
        XCTAssertEqual(full.status, 0, full.stderr)
        let folder = root.appendingPathComponent("runs/incentive/quick")
        let before = Tool.snapshot(folder)
        let summary = try XCTUnwrap(before["summary.json"])
        XCTAssertEqual(try Summary.load(folder.appendingPathComponent("summary.json")).records.count, 10)

        // One method, one seed, fully cached: the summary, the E2 table and the figure
        // manifest still describe all 10 records, byte for byte.
        let subset = try Tool.run("incentive", ["--profile", "quick", "--methods", "naive", "--seeds", "0"], in: root)
        XCTAssertEqual(subset.status, 0, subset.stderr)
        let after = Tool.snapshot(folder)
        XCTAssertEqual(after["summary.json"], summary)
        XCTAssertEqual(after["e2_table.md"], before["e2_table.md"])
        XCTAssertEqual(after["figures.json"], before["figures.json"])
        XCTAssertTrue(subset.stderr.contains("1 runs (1 cached, 0 run, 0 failed)"), subset.stderr)
        XCTAssertTrue(subset.stderr.contains("also covers 9 earlier record(s)"), subset.stderr)

        // A forced rerun of a subset refreshes its records; the summary keeps every record.
        let forced = try Tool.run("incentive", ["--profile", "quick", "--methods", "naive", "--force"], in: root)
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try Summary.load(folder.appendingPathComponent("summary.json")).records.count, 10)

        // Selections that match nothing, and malformed ones: exit 2, one line, nothing written.
        let unchanged = Tool.snapshot(folder)
        let refused: [([String], String)] = [
            (["--methods", ""], "--methods: '' names no method; valid: hypergradient, pbrl-value, pbrl-bellman, zero-order, naive"),
            (["--methods", ","], "--methods: ',' names no method"),
            (["--methods", "naive,,hypergradient"], "has an empty item"),
            (["--methods", "naive,naive"], "'naive' is listed twice"),
            (["--methods", "naiv"], "unknown method 'naiv' (did you mean 'naive'?)"),
            (["--params", "nosuch=1"], "no job of incentive has a parameter 'nosuch'; parameters: cost, lambda_tau, lr, tau"),
            (["--params", "lr=7"], "--params lr=7 matches no job of incentive; lr takes 0.5"),
            (["--params", "lr=nan"], "expected name=number (finite)"),
            (["--params", ""], "names no parameter"),
            (["--seeds", "0,0,0,0"], "seed 0 is listed twice"),
            (["--seeds", "0..2,1"], "seed 1 is listed twice"),
            (["--seeds", "-1"], "'-1' is negative"),
            (["--seeds", "0..18446744073709551615"], "holds 2^64 seeds; at most 10000 per run"),
            (["--seeds", "0..1000000000"], "holds 1000000001 seeds; at most 10000 per run"),
            (["--seeds", "3..1"], "is not a seed list"),
            (["--seeds", "99", "--methods", "naive", "--params", "lr=9"], "matches no job"),
            (["--jobs", "0"], "--jobs must be at least 1"),
            (["--frobnicate"], "Unknown option '--frobnicate'"),
        ]
        for (arguments, message) in refused {
            let out = try Tool.run("incentive", ["--profile", "quick"] + arguments, in: root)
            XCTAssertEqual(out.status, 2, "\(arguments): \(out.stderr)")
            XCTAssertEqual(out.errorLines.count, 1, "\(arguments): one line, got \(out.stderr)")
            XCTAssertTrue(out.stderr.contains(message), "\(arguments): \(out.stderr)")
            XCTAssertEqual(Tool.snapshot(folder), unchanged, "\(arguments) wrote something")
        }
    }

    func testSeedListsAreBoundedAndCheckedBeforeExpansion() throws {
        XCTAssertEqual(try SeedList.parse("0..4,10"), [0, 1, 2, 3, 4, 10])
        XCTAssertEqual(try SeedList.parse("0..<3"), [0, 1, 2])
        XCTAssertEqual(try SeedList.parse("18446744073709551615"), [UInt64.max])
        XCTAssertEqual(try SeedList.parse("0..9999").count, Limits.seeds)
        XCTAssertThrowsError(try SeedList.parse("0..10000"))
        XCTAssertThrowsError(try SeedList.parse("0..<18446744073709551615"))
        XCTAssertThrowsError(try SeedList.check([1, 2, 1], source: "seeds")) { XCTAssertTrue("\($0)".contains("seed 1 is listed twice")) }
        XCTAssertEqual(SeedList.describe([0, 1, 2, 3, 7, 9, 10]), "0..3,7,9,10")
    }
}
