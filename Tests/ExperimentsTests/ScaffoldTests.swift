import XCTest
import Foundation
import Lab

/// `bilevel new NAME` end to end, in a copy of this package: the scaffolded experiment is
/// registered, builds, runs its quick profile and appears in the report with its passing
/// expectation; a taken or invalid name changes nothing.
///
/// The copy lives in `.build/scaffold-test/package/` (sources copied with their times, its own
/// `.build` kept between runs), so one `swift build --product` builds only what changed: the
/// first run on a machine builds the libraries the experiment needs (about 2.5 min on 2 cores),
/// later ones only the new experiment. Copying this package's `.build` instead does not help:
/// the module cache records its absolute path, and without it SwiftPM rebuilds everything.
final class ScaffoldTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let name = "scaffold-probe"

    /// Copies the package's sources (times preserved) into `copy`, replacing earlier copies but
    /// keeping `copy/.build`.
    static func copyPackage(to copy: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: copy, withIntermediateDirectories: true)
        // Every top-level entry but build products, results and git (new folders such as
        // Plugins/ come along without editing this list).
        let skipped: Set<String> = ["runs", "reports", "gallery", "bench-results"]
        let entries = try fm.contentsOfDirectory(atPath: root.path).filter { !$0.hasPrefix(".") && !skipped.contains($0) }
        for entry in try fm.contentsOfDirectory(atPath: copy.path) where !entry.hasPrefix(".") {
            try fm.removeItem(at: copy.appendingPathComponent(entry))
        }
        for entry in entries {
            let out = try XCTUnwrap(Shell.run("cp", ["-Rp", root.appendingPathComponent(entry).path, copy.path]))
            XCTAssertEqual(out.status, 0, out.stderr)
        }
    }

    func snapshot(_ copy: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for folder in ["experiments", "Tests/ExperimentsTests"] {
            let base = copy.appendingPathComponent(folder)
            for case let url as URL in FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)! {
                if let data = FileManager.default.contents(atPath: url.path) { files[url.path] = data }
            }
        }
        files["expectations.yaml"] = FileManager.default.contents(atPath: copy.appendingPathComponent("expectations.yaml").path)
        return files
    }

    func testScaffoldedExperimentBuildsRunsAndIsReported() throws {
        let build = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        guard let bilevel = [build, build.deletingLastPathComponent()].map({ $0.appendingPathComponent("bilevel") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("bilevel executable not found next to \(CommandLine.arguments[0]) (swift build --build-tests builds it)")
        }
        let copy = Self.root.appendingPathComponent(".build/scaffold-test/package")
        try Self.copyPackage(to: copy)

        // Refusals change nothing: an invalid name, a reserved one, an existing experiment.
        let before = try snapshot(copy)
        for (bad, message) in [("My_Idea", "is not a valid experiment name"), ("lab", "is reserved"), ("theory", "experiments/theory/ already exists")] {
            let out = try XCTUnwrap(Shell.run(bilevel.path, ["new", bad, "--root", copy.path]))
            XCTAssertEqual(out.status, 1, bad)
            XCTAssertTrue(out.stderr.contains(message) && out.stderr.split(separator: "\n").count == 1, out.stderr)
            XCTAssertEqual(try snapshot(copy), before, "bilevel new \(bad) changed files")
        }

        let created = try XCTUnwrap(Shell.run(bilevel.path, ["new", Self.name, "--title", "a scaffolded probe", "--root", copy.path]))
        XCTAssertEqual(created.status, 0, created.stderr)
        let entry = try XCTUnwrap(try ExperimentRegistry.entries(in: copy).first { $0.name == Self.name })
        XCTAssertEqual(entry.title, "a scaffolded probe")
        XCTAssertEqual(try ExperimentRegistry.entries(in: copy).last?.name, Self.name)   // last in the report
        XCTAssertTrue(FileManager.default.fileExists(atPath: copy.appendingPathComponent("Tests/ExperimentsTests/ScaffoldProbeTests.swift").path))
        let again = try XCTUnwrap(Shell.run(bilevel.path, ["new", Self.name, "--root", copy.path]))
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("already exists"), again.stderr)

        // One build: the new experiment's product (Package.swift found it in the registry; the
        // environment variable makes SwiftPM evaluate the manifest again, as the Makefile does).
        var environment = ProcessInfo.processInfo.environment
        environment["BILEVEL_EXPERIMENTS"] = try ExperimentRegistry.names(in: copy).joined(separator: " ")
        let built = try XCTUnwrap(Shell.run("swift", ["build", "--product", Self.name], in: copy, environment: environment))
        XCTAssertEqual(built.status, 0, String(built.stdout.suffix(3000)) + built.stderr)
        let executable = copy.appendingPathComponent(".build/debug/\(Self.name)")
        let ran = try XCTUnwrap(Shell.run(executable.path, ["--profile", "quick", "--jobs", "2"], in: copy))
        XCTAssertEqual(ran.status, 0, ran.stderr)
        let summary = copy.appendingPathComponent("runs/\(Self.name)/quick/summary.json")
        XCTAssertTrue(FileManager.default.fileExists(atPath: summary.path))

        let report = try XCTUnwrap(Shell.run(bilevel.path, ["report", "--profile", "quick", "--experiments", Self.name, "--root", copy.path], in: copy))
        XCTAssertEqual(report.status, 0, report.stderr)
        let folders = try FileManager.default.contentsOfDirectory(atPath: copy.appendingPathComponent("reports").path).filter { $0.hasSuffix("-quick") }
        XCTAssertEqual(folders.count, 1)
        let md = try String(contentsOf: copy.appendingPathComponent("reports/\(folders[0])/REPORT.md"), encoding: .utf8)
        for needle in ["## 1. \(entry.heading) (\(Self.name))", "**Reproduces.**", "![\(entry.number): convergence](figures/\(Self.name)/\(Self.name)_convergence.png)",
                       "| PASS | `\(Self.name).final_F_gap.max`"] {
            XCTAssertTrue(md.contains(needle), "REPORT.md lacks \(needle)")
        }
    }
}
