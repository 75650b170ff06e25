import XCTest
import Lab

/// Issue 13, weak report items: no results is an error; a damaged summary or record is named
/// on stderr with a non-zero exit (or, with `--allow-partial`, left out and listed in the
/// report's header); `check` and `list` name damaged files instead of calling them missing
/// or leaving them out.
final class ReportInputTests: XCTestCase {
    func testNoResultsAndDamagedFilesAreErrorsNamingTheFile() throws {
        let root = try Tool.package("report", experiments: ["scaling"])
        defer { Tool.remove(root) }
        try Tool.write("claims: []\n", to: root.appendingPathComponent("expectations.yaml"))
        let empty = try Tool.run("bilevel", ["report", "--profile", "quick"], in: root)
        XCTAssertEqual(empty.status, 1)
        XCTAssertEqual(empty.errorLines, ["error: no results for profile 'quick' (no run record or summary under runs/*/quick/); run `make experiments PROFILE=quick` first"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("reports").path))

        XCTAssertEqual(try Tool.run("scaling", ["--profile", "quick", "--seeds", "0"], in: root).status, 0)
        XCTAssertEqual(try Tool.run("bilevel", ["report", "--profile", "quick"], in: root).status, 0)
        let records = root.appendingPathComponent("runs/scaling/quick/records")
        let name = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: records.path).sorted().first { $0.hasSuffix(".json") })
        let record = records.appendingPathComponent(name)
        let text = try Data(contentsOf: record)
        try text.prefix(text.count / 2).write(to: record)  // a truncated record
        let reports = root.appendingPathComponent("reports")
        let before = Tool.snapshot(reports)

        let damaged = try Tool.run("bilevel", ["report", "--profile", "quick"], in: root)
        XCTAssertEqual(damaged.status, 1)
        XCTAssertEqual(damaged.errorLines.count, 1, damaged.stderr)
        XCTAssertTrue(damaged.stderr.contains("\(record.path) is not a run record (not valid JSON)"), damaged.stderr)
        XCTAssertTrue(damaged.stderr.contains("--allow-partial"), damaged.stderr)
        XCTAssertEqual(Tool.snapshot(reports), before, "a refused report wrote something")

        let partial = try Tool.run("bilevel", ["report", "--profile", "quick", "--allow-partial"], in: root)
        XCTAssertEqual(partial.status, 0, partial.stderr)
        let folder = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: reports.path).first { $0.hasSuffix("-quick") })
        let markdown = try String(contentsOf: reports.appendingPathComponent("\(folder)/REPORT.md"), encoding: .utf8)
        let header = markdown.components(separatedBy: "\n## ").first ?? ""
        XCTAssertTrue(header.contains("**Partial**"), header)
        XCTAssertTrue(header.contains("1 unreadable result file(s) left out"), header)
        XCTAssertTrue(header.contains(name.replacingOccurrences(of: "_", with: "\\_")), header)

        let check = try Tool.run("bilevel", ["check", "--profile", "quick"], in: root)
        XCTAssertNotEqual(check.status, 0)
        XCTAssertTrue(check.stderr.contains("unreadable result: \(record.path) is not a run record"), check.stderr)
        let list = try Tool.run("bilevel", ["list"], in: root)
        XCTAssertTrue(list.stdout.contains("(1 unreadable)"), list.stdout)
        XCTAssertTrue(list.stderr.contains(name), list.stderr)

        // A truncated summary is "not valid JSON", never "missing".
        try text.write(to: record)
        let summary = root.appendingPathComponent("runs/scaling/quick/summary.json")
        try Data("{\"metrics\": {".utf8).write(to: summary)
        let broken = try Tool.run("bilevel", ["check", "--profile", "quick"], in: root)
        XCTAssertNotEqual(broken.status, 0)
        XCTAssertTrue(broken.stderr.contains("\(summary.path) is not valid JSON"), broken.stderr)
        XCTAssertEqual(try Tool.run("bilevel", ["report", "--profile", "quick"], in: root).status, 1)
    }
}
