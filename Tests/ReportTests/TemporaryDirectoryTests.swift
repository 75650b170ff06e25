import XCTest
import Foundation
import Lab

/// Issue 20, through the built executables: a run, `bilevel report`, `compare` on reports
/// that exist and `verify` leave the system's temporary directory as they found it (the
/// toolchain and Cairo versions come from the binary, no child process asks for them), and
/// the next run of a profile removes the hidden temporaries a killed run left behind.
final class TemporaryDirectoryTests: XCTestCase {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var fixture: URL!
    var temporary: URL!

    override func setUpWithError() throws {
        let base = repository.appendingPathComponent(".build/test-fixtures/\(name.filter { $0.isLetter || $0.isNumber })-\(getpid())")
        try? FileManager.default.removeItem(at: base)
        fixture = base.appendingPathComponent("package")
        temporary = base.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let configs = fixture.appendingPathComponent("experiments/scaling/configs")
        try FileManager.default.createDirectory(at: configs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: repository.appendingPathComponent("experiments/scaling/configs/quick.yaml"),
                                         to: configs.appendingPathComponent("quick.yaml"))
        // Registered (verify runs only the experiments the package registers).
        try FileManager.default.copyItem(at: repository.appendingPathComponent("experiments/scaling/experiment.yaml"),
                                         to: configs.deletingLastPathComponent().appendingPathComponent("experiment.yaml"))
        // Sources unlike the ones the binaries were built from: the records' digest must not see them.
        try "// not the package the binaries were built from\n".write(to: fixture.appendingPathComponent("Package.swift"), atomically: false, encoding: .utf8)
        try "runs/\nreports/\n.build/\n".write(to: fixture.appendingPathComponent(".gitignore"), atomically: false, encoding: .utf8)
        for arguments in [["init", "-q"], ["add", "-A"], ["-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "fixture"]] {
            XCTAssertEqual(Shell.run("git", arguments, in: fixture)?.status, 0)
        }
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: fixture.deletingLastPathComponent())
    }

    func executable(_ name: String) throws -> URL {
        let binary = repository.appendingPathComponent(".build/debug/\(name)")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("\(name) not built at \(binary.path) (swift build --build-tests builds it)")
        }
        return binary
    }

    /// Runs a built executable in the fixture with `TMPDIR` = the empty folder and a PATH
    /// that holds git only (no swift, no pkg-config to ask).
    @discardableResult
    func run(_ name: String, _ arguments: [String]) throws -> Shell.Output {
        let git = try XCTUnwrap(Shell.capture("sh", ["-c", "command -v git"]))
        let bin = fixture.deletingLastPathComponent().appendingPathComponent("bin")
        if !FileManager.default.fileExists(atPath: bin.path) {
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent("git").path, withDestinationPath: git)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = temporary.path
        environment["PATH"] = bin.path
        let output = try XCTUnwrap(Shell.run(try executable(name).path, arguments, in: fixture, environment: environment))
        XCTAssertEqual(output.status, 0, "\(name) \(arguments): \(output.stderr)")
        return output
    }

    func temporaryContents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: temporary.path)
    }

    func testRunReportCompareAndVerifyLeaveTheTemporaryDirectoryEmpty() throws {
        try run("scaling", ["--profile", "quick", "--seeds", "0"])
        XCTAssertEqual(try temporaryContents(), [], "after the run")
        let records = fixture.appendingPathComponent("runs/scaling/quick/records")
        let names = try FileManager.default.contentsOfDirectory(atPath: records.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertEqual(names.count, 3)
        let record = try RunRecord.load(records.appendingPathComponent(names[0]))
        // From the binary (the same build as this test bundle), not from a child process or the disk.
        XCTAssertEqual(record.provenance.swiftVersion, BuildInfo.swiftVersion)
        XCTAssertEqual(record.provenance.cairoVersion, BuildInfo.cairoVersion)
        XCTAssertEqual(record.provenance.dependencies, BuildInfo.dependencies)
        XCTAssertEqual(record.codeDigest, BuildInfo.codeDigest(executable: "scaling"))
        XCTAssertNotEqual(record.provenance.commit, "unknown")

        try run("bilevel", ["report", "--profile", "quick"])
        XCTAssertEqual(try temporaryContents(), [], "after report")
        let reports = fixture.appendingPathComponent("reports")
        let folder = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: reports.path).first { !$0.hasPrefix(".") && $0 != "compare" })
        XCTAssertTrue(FileManager.default.fileExists(atPath: reports.appendingPathComponent("\(folder)/report.html").path))

        let stored = "reports/\(folder)"
        try run("bilevel", ["compare", stored, stored, "--profile", "quick"])
        XCTAssertEqual(try temporaryContents(), [], "after compare")

        let verified = try run("bilevel", ["verify", "runs/scaling/quick/records/\(names[0])"])
        XCTAssertTrue(verified.stdout.contains("identical"), verified.stdout)
        XCTAssertEqual(try temporaryContents(), [], "after verify")
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.appendingPathComponent(".build/bilevel-verify").path))
    }

    func testNextRunRemovesTheTemporariesOfDeadProcessesOnly() throws {
        let profile = fixture.appendingPathComponent("runs/scaling/quick")
        try FileManager.default.createDirectory(at: profile.appendingPathComponent("figures"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: profile.appendingPathComponent("records"), withIntermediateDirectories: true)
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/sh")
        finished.arguments = ["-c", "exit 0"]
        try finished.run()
        finished.waitUntilExit()
        let dead = finished.processIdentifier
        let stale = [".summary.json.tmp-\(dead)-1", "figures/.e6_scaling.png.tmp-\(dead)-3", "records/.x.json.tmp-\(dead)-2"]
        let live = "figures/.e6_scaling.pdf.tmp-\(getpid())-1"  // this test process is alive
        for name in stale + [live] {
            XCTAssertTrue(FileManager.default.createFile(atPath: profile.appendingPathComponent(name).path, contents: Data("partial".utf8)))
        }
        try run("scaling", ["--profile", "quick", "--seeds", "0"])
        for name in stale {
            XCTAssertFalse(FileManager.default.fileExists(atPath: profile.appendingPathComponent(name).path), name)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: profile.appendingPathComponent(live).path))
    }
}
