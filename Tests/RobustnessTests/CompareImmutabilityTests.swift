import XCTest
import Lab

/// Issue 13, bad 2: `compare HEAD .` never replaces HEAD's stored report (the working
/// tree's report goes to reports/<commit>-dirty/), so a second comparison still shows the
/// change; `compare --exit-code` exits 1 when anything is flagged and 0 when nothing is.
final class CompareImmutabilityTests: XCTestCase {
    func testWorkingTreeNeverOverwritesAStoredReportAndExitCodeFollowsTheFlags() throws {
        let root = try Tool.package("compare", experiments: ["scaling"])
        defer { Tool.remove(root) }
        try Tool.write("runs/\nreports/*/\n.build/\n", to: root.appendingPathComponent(".gitignore"))
        XCTAssertEqual(try Tool.run("scaling", ["--profile", "quick", "--seeds", "0"], in: root).status, 0)
        for arguments in [["init", "-q"], ["add", "-A"], ["-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "fixture"]] {
            XCTAssertEqual(Shell.run("git", arguments, in: root)?.status, 0)
        }
        let head = try XCTUnwrap(Shell.run("git", ["rev-parse", "HEAD"], in: root)).text
        let report = try Tool.run("bilevel", ["report", "--profile", "quick"], in: root)
        XCTAssertEqual(report.status, 0, report.stderr)
        let stored = root.appendingPathComponent("reports/\(head.prefix(12))-quick")
        let storedFiles = Tool.snapshot(stored)
        XCTAssertFalse(storedFiles.isEmpty)

        // Nothing changed: nothing is flagged (timings are informational), exit 0.
        let same = try Tool.run("bilevel", ["compare", "HEAD", ".", "--profile", "quick", "--exit-code"], in: root)
        XCTAssertEqual(same.status, 0, same.stdout + same.stderr)
        XCTAssertEqual(Tool.snapshot(stored), storedFiles, "HEAD's stored report was rewritten")
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("reports/\(head.prefix(12))-dirty-quick/report.json").path))

        // Change a result in the working tree: flagged, exit 1, twice (the stored report stays HEAD's).
        let records = root.appendingPathComponent("runs/scaling/quick/records")
        let name = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: records.path).first { $0.hasPrefix("pbrl-value") })
        var record = try RunRecord.load(records.appendingPathComponent(name))
        record.series["x_norm"] = record.series["x_norm"]!.map { $0 * 2 + 1 }
        try record.write(to: records)
        for attempt in 1...2 {
            let changed = try Tool.run("bilevel", ["compare", "HEAD", ".", "--profile", "quick", "--exit-code"], in: root)
            XCTAssertEqual(changed.status, 1, "attempt \(attempt): \(changed.stdout) \(changed.stderr)")
            XCTAssertEqual(Tool.snapshot(stored), storedFiles, "attempt \(attempt): HEAD's stored report was rewritten")
        }
        // Without --exit-code a comparison that flags something still succeeds (it wrote its report).
        XCTAssertEqual(try Tool.run("bilevel", ["compare", "HEAD", ".", "--profile", "quick"], in: root).status, 0)
    }
}
