import XCTest
import Lab

/// Issue 13, bad 3 and the weak verify messages: `verify` runs only experiments the package
/// registers (never a path from a record), says plainly when a record failed, and names the
/// field at fault of a malformed record.
final class VerifyTests: XCTestCase {
    func testRecordsCannotChooseTheProgramAndMessagesAreSpecific() throws {
        let root = try Tool.package("verify", experiments: ["scaling"])
        defer { Tool.remove(root) }
        XCTAssertEqual(try Tool.run("scaling", ["--profile", "quick", "--seeds", "0", "--methods", "pbrl-value"], in: root).status, 0)
        let records = root.appendingPathComponent("runs/scaling/quick/records")
        let name = try XCTUnwrap(FileManager.default.contentsOfDirectory(atPath: records.path).first { $0.hasSuffix(".json") })
        let good = records.appendingPathComponent(name)
        let verified = try Tool.run("bilevel", ["verify", good.path], in: root)
        XCTAssertEqual(verified.status, 0, verified.stderr)
        XCTAssertTrue(verified.stdout.contains("identical ("), verified.stdout)

        let text = try String(contentsOf: good, encoding: .utf8)
        let marker = root.appendingPathComponent("ran")
        for hostile in ["../../../../../../bin/touch", "/bin/sh", "scaling/../scaling", "nosuch", "scalin"] {
            let bad = root.appendingPathComponent("hostile.json")
            try text.replacingOccurrences(of: "\"experiment\" : \"scaling\"", with: "\"experiment\" : \"\(hostile)\"")
                .write(to: bad, atomically: true, encoding: .utf8)
            let out = try Tool.run("bilevel", ["verify", bad.path, "--build-dir", "/bin"], in: root)
            XCTAssertEqual(out.status, 2, "\(hostile): \(out.stdout) \(out.stderr)")
            XCTAssertTrue(out.stderr.contains("unknown experiment '\(hostile)'"), out.stderr)
            XCTAssertTrue(out.stderr.contains("valid: scaling"), out.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: marker.path))
        }
        XCTAssertTrue(try Tool.run("bilevel", ["verify", root.appendingPathComponent("hostile.json").path], in: root)
            .stderr.contains("did you mean 'scaling'?"))

        // A failed record holds no numbers: "NOT VERIFIED", exit 1 (never "identical (0 numbers)").
        var failed = try RunRecord.load(good)
        failed.status = .failed
        failed.error = "non-finite value nan in F at iteration 3"
        failed.series = [:]; failed.finals = [:]; failed.matrices = [:]; failed.measurements = nil
        let failedURL = root.appendingPathComponent("failed/" + name)
        try AtomicFile.write(try failed.encoded(), to: failedURL)
        let notVerified = try Tool.run("bilevel", ["verify", failedURL.path], in: root)
        XCTAssertEqual(notVerified.status, 1, notVerified.stdout + notVerified.stderr)
        XCTAssertTrue(notVerified.stdout.contains("NOT VERIFIED: the recorded run failed (non-finite value nan in F at iteration 3)"), notVerified.stdout)
        XCTAssertTrue(notVerified.stdout.contains("the rerun succeeded"), notVerified.stdout)

        // seed: -1 is a wrong value at 'seed', not "not valid JSON".
        let negative = root.appendingPathComponent("negative.json")
        try text.replacingOccurrences(of: "\"seed\" : 0", with: "\"seed\" : -1").write(to: negative, atomically: true, encoding: .utf8)
        let badSeed = try Tool.run("bilevel", ["verify", negative.path], in: root)
        XCTAssertEqual(badSeed.status, 2)
        XCTAssertTrue(badSeed.stderr.contains("'seed'"), badSeed.stderr)
        XCTAssertFalse(badSeed.stderr.contains("not valid JSON"), badSeed.stderr)
        let newer = root.appendingPathComponent("newer.json")
        try text.replacingOccurrences(of: "\"schemaVersion\" : 1", with: "\"schemaVersion\" : 99").write(to: newer, atomically: true, encoding: .utf8)
        let schema = try Tool.run("bilevel", ["verify", newer.path], in: root)
        XCTAssertEqual(schema.status, 2)
        XCTAssertTrue(schema.stderr.contains("has record schema 99; this tool reads schema 1"), schema.stderr)
        let folder = try Tool.run("bilevel", ["verify", root.path], in: root)
        XCTAssertTrue(folder.stderr.contains("is a folder, not a run record"), folder.stderr)
        let truncated = root.appendingPathComponent("truncated.json")
        try String(text.prefix(200)).write(to: truncated, atomically: true, encoding: .utf8)
        let cut = try Tool.run("bilevel", ["verify", truncated.path], in: root)
        XCTAssertEqual(cut.status, 2)
        XCTAssertEqual(cut.errorLines, ["bilevel verify: error: \(truncated.path) is not a run record (not valid JSON)"])
    }
}
