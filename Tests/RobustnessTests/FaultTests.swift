import XCTest
import Lab

/// Faults: a run, `report` or `compare` killed at any point leaves no half-written file and
/// no earlier result changed; what a killed process leaves (hidden temporaries, staging
/// folders) is removed by the next run writing there; two runs of one profile at once give
/// one consistent set of records; a damaged figure is refused like a damaged record.
final class FaultTests: XCTestCase {
    func everyJSONParses(_ folder: URL, file: StaticString = #filePath, line: UInt = #line) {
        for (path, data) in Tool.snapshot(folder) where path.hasSuffix(".json") {
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: data), "\(path) is half-written", file: file, line: line)
        }
    }

    func hidden(_ folder: URL) -> [String] {
        Tool.snapshot(folder).keys.filter { $0.split(separator: "/").contains { $0.hasPrefix(".") } }.sorted()
    }

    func testKilledRunsReportsAndConcurrentRunsLeaveConsistentFiles() throws {
        let root = try Tool.package("faults", experiments: ["incentive"])
        defer { Tool.remove(root) }
        try Tool.write("claims: []\n", to: root.appendingPathComponent("expectations.yaml"))
        let binary = try Tool.executable("incentive").path
        let out = root.appendingPathComponent("killed")
        for (signal, delay) in [(SIGKILL, 0.4), (SIGTERM, 0.8), (SIGKILL, 1.5)] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["--profile", "quick", "--force", "--out", out.path]
            process.currentDirectoryURL = root
            process.standardError = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            everyJSONParses(out)
        }
        // The next run completes the set and removes what the killed ones left.
        XCTAssertEqual(try Tool.run("incentive", ["--profile", "quick", "--out", out.path], in: root).status, 0)
        everyJSONParses(out)
        XCTAssertEqual(hidden(out), [])
        XCTAssertEqual(try Summary.load(out.appendingPathComponent("summary.json")).records.count, 10)

        // Two runs of one profile at once: both succeed, one consistent set of records.
        let twice = root.appendingPathComponent("twice")
        let runs = (0..<2).map { _ -> Process in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = ["--profile", "quick", "--out", twice.path]
            p.currentDirectoryURL = root
            p.standardError = FileHandle.nullDevice
            p.standardOutput = FileHandle.nullDevice
            return p
        }
        for p in runs { try p.run() }
        for p in runs { p.waitUntilExit(); XCTAssertEqual(p.terminationStatus, 0) }
        everyJSONParses(twice)
        XCTAssertEqual(try Summary.load(twice.appendingPathComponent("summary.json")).records.count, 10)
        XCTAssertEqual(hidden(twice), [])

        // A report killed mid-way leaves a staging folder at most; the next report removes it.
        let runsFolder = root.appendingPathComponent("runs/incentive/quick")
        try FileManager.default.createDirectory(at: runsFolder.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: out, to: runsFolder)
        let reports = root.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports.appendingPathComponent(".staging-unknown-quick-999999"), withIntermediateDirectories: true)
        XCTAssertEqual(try Tool.run("bilevel", ["report", "--profile", "quick"], in: root).status, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: reports.path).filter { $0.hasPrefix(".") }, [])

        // A figure that is not a PNG is a damaged result file, named, and nothing is written.
        let png = runsFolder.appendingPathComponent("figures/e2_map.png")
        try Data("garbage".utf8).write(to: png)
        let before = Tool.snapshot(reports)
        let refused = try Tool.run("bilevel", ["report", "--profile", "quick"], in: root)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("\(png.path) is not a PNG file"), refused.stderr)
        XCTAssertEqual(Tool.snapshot(reports), before)
        XCTAssertEqual(try Tool.run("bilevel", ["report", "--profile", "quick", "--allow-partial"], in: root).status, 0)
        // bilevel's own usage errors are one line with exit status 2.
        let usage = try Tool.run("bilevel", ["verify"], in: root)
        XCTAssertEqual(usage.status, 2)
        XCTAssertEqual(usage.errorLines, ["bilevel: error: Missing expected argument '<record> ...' (see bilevel --help)"])
    }
}
