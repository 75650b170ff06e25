import XCTest
import Lab

/// Issue 13, bad 5 and 7 and the weak config items: bounded counts and sizes (with the
/// estimated memory), checks across keys exit 2, typos named at their own line with the
/// nearest valid key, `--config DIR`, a user config named like a profile, an unwritable
/// output found before any computation, a binary started outside any package.
final class ConfigAndLimitsTests: XCTestCase {
    var root: URL!
    override func setUpWithError() throws { root = try Tool.package("config") }
    override func tearDown() { Tool.remove(root) }

    /// `experiments/<experiment>/configs/quick.yaml` with `replace` applied, written to `name`.
    func config(_ experiment: String, _ name: String, _ replace: [(String, String)]) throws -> URL {
        var text = try String(contentsOf: root.appendingPathComponent("experiments/\(experiment)/configs/quick.yaml"), encoding: .utf8)
        for (a, b) in replace {
            XCTAssertTrue(text.contains(a), "\(a) not in the quick config")
            text = text.replacingOccurrences(of: a, with: b)
        }
        let url = root.appendingPathComponent("user/\(name)")
        try Tool.write(text, to: url)
        return url
    }

    func refused(_ experiment: String, _ arguments: [String], _ message: String, status: Int32 = 2,
                 file: StaticString = #filePath, line: UInt = #line) throws {
        let out = try Tool.run(experiment, arguments, in: root)
        XCTAssertEqual(out.status, status, "\(arguments): \(out.stderr)", file: file, line: line)
        XCTAssertEqual(out.errorLines.count, 1, "\(arguments): \(out.stderr)", file: file, line: line)
        XCTAssertTrue(out.stderr.contains(message), "\(arguments): \(out.stderr)", file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("runs").path), "\(arguments) wrote runs/", file: file, line: line)
    }

    func testBoundsTyposAndCrossKeyChecksAreOneLineWithExitStatus2() throws {
        let huge = try config("scaling", "huge.yaml", [("sizes: [8, 16, 32, 48]", "sizes: [8, 16, 40000]")])
        try refused("scaling", ["--config", huge.path], "'sizes': size n = 40000 (actions 4, branching 5) would need 51.2 GB of memory; the limit is 8.6 GB")
        let long = try config("incentive", "long.yaml", [("iterations: 20", "iterations: 1000000000000")])
        try refused("incentive", ["--config", long.path], "long.yaml:8: 'iterations' = 1000000000000 is out of range; valid: 1...10000000")
        let float = try config("incentive", "float.yaml", [("iterations: 20", "iterations: 1e12")])
        try refused("incentive", ["--config", float.path], "'iterations' must be an integer, got 1e12")
        let typo = try config("incentive", "typo.yaml", [("taus:", "tausx:")])
        try refused("incentive", ["--config", typo.path], "typo.yaml:5: unknown key 'tausx' (did you mean 'taus'?)")
        let crossKey = try config("scaling", "fit.yaml", [("fit_from: 16", "fit_from: 40")])
        try refused("scaling", ["--config", crossKey.path], "'fit_from' = 40 leaves fewer than two sizes")
        let branching = try config("scaling", "branching.yaml", [("branching: 5", "branching: 9")])
        try refused("scaling", ["--config", branching.path], "'branching' = 9 exceeds the smallest size n = 8")
        let seeds = try config("scaling", "seeds.yaml", [("seeds: [0, 1]", "seeds: [0, 1, 0]")])
        try refused("scaling", ["--config", seeds.path], "seed 0 is listed twice")
        let nan = try config("scaling", "nan.yaml", [("gamma: 0.9", "gamma: .nan")])
        try refused("scaling", ["--config", nan.path], "'gamma' must be a finite number, got .nan")
        try refused("scaling", ["--config", root.appendingPathComponent("user").path], "is a folder, not a config file")
        try refused("scaling", ["--config", root.appendingPathComponent("user/none.yaml").path], "config file not found")
        let binary = root.appendingPathComponent("user/binary.yaml")
        try Data([0xff, 0xfe, 0x00, 0x41]).write(to: binary)
        try refused("scaling", ["--config", binary.path], "is not UTF-8 text")
    }

    func testOutputsGoWhereTheyBelongAndAreCheckedBeforeComputing() throws {
        // A user file named like a profile writes next to, never into, that profile's results.
        let mine = try config("scaling", "quick.yaml", [("seeds: [0, 1]", "seeds: [0]")])
        let out = try Tool.run("scaling", ["--config", mine.path], in: root)
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("runs/scaling/quick-config/summary.json").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("runs/scaling/quick").path))
        // The profile's own file, given with --config, is the profile.
        let own = root.appendingPathComponent("experiments/scaling/configs/quick.yaml")
        XCTAssertEqual(try Tool.run("scaling", ["--config", own.path, "--seeds", "0"], in: root).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("runs/scaling/quick/summary.json").path))

        // An output under a regular file: one line, before any run (no record, no summary anywhere).
        let file = root.appendingPathComponent("user/a-file")
        try Tool.write("x", to: file)
        let blocked = try Tool.run("scaling", ["--profile", "quick", "--out", file.appendingPathComponent("out").path], in: root)
        XCTAssertEqual(blocked.status, 1, blocked.stderr)
        XCTAssertEqual(blocked.errorLines.count, 1, blocked.stderr)
        XCTAssertTrue(blocked.stderr.contains("cannot write to \(file.path)/out/records"), blocked.stderr)

        // Outside any package: a profile cannot be found (never the tree the binary was built in).
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("bilevel-outside-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { Tool.remove(outside) }
        let lost = try Tool.run("scaling", ["--profile", "quick"], in: outside)
        XCTAssertEqual(lost.status, 2, lost.stderr)
        XCTAssertTrue(lost.stderr.contains("not inside the package"), lost.stderr)
        XCTAssertTrue(Tool.snapshot(outside).isEmpty)
        // With --config it runs, writes under the current directory and says so.
        let there = try Tool.run("scaling", ["--config", mine.path], in: outside)
        XCTAssertEqual(there.status, 0, there.stderr)
        XCTAssertTrue(there.stderr.contains("not inside the package"), there.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: outside.appendingPathComponent("runs/scaling/quick-config/summary.json").path))
    }

    /// A stored config reproduces its own hash: a section absent from the file, registered
    /// only so that typos name it, is not written back as `key: {}` (which reads as present;
    /// a user landscape verified "identical" but "config hash differs").
    func testResolvedConfigReadsBackToItself() throws {
        let config = try ConfigReader(yaml: "a: 1\n", file: "c.yaml")
        _ = try config.int("a")
        _ = try config.section("optional", required: false)
        XCTAssertEqual(String(decoding: try config.resolved.canonicalData(), as: UTF8.self), #"{"a":1}"#)
        let again = try ConfigReader(yaml: String(decoding: try config.resolved.canonicalData(), as: UTF8.self), file: "c.yaml")
        XCTAssertFalse(again.has("optional"))
    }
}
