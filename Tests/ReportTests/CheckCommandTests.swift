import XCTest
import Lab
@testable import Report

/// `bilevel check` (what `make check` runs) through the built executable: PASS/FAIL per
/// claim on stdout, exit status 1 on any FAIL, 0 when every claim holds, one line on bad input.
final class CheckCommandTests: XCTestCase {
    func bilevel() throws -> URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let binary = root.appendingPathComponent(".build/debug/bilevel")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("bilevel not built at \(binary.path) (swift build --build-tests builds it)")
        }
        return binary
    }

    func run(_ arguments: [String]) throws -> Shell.Output {
        try XCTUnwrap(Shell.run(try bilevel().path, arguments))
    }

    func testExitStatusFollowsTheClaims() throws {
        let fixture = try ReportFixture(name: name)
        defer { fixture.remove() }
        try fixture.experiment("theory", metrics: ["e5.slope.penalty": -1.9, "e5.slope.bias": -1.3])
        let claims = """
        claims:
          - {metric: e5.slope.penalty, experiment: theory, expected: -2, tolerance: 0.15, basis: theory, source: "O(1/λ²)"}
          - {metric: e5.slope.bias, experiment: theory, expected: -1, tolerance: 0.15, basis: theory, source: "O(1/λ)"}
        """
        try fixture.write(claims, to: "expectations.yaml")
        let failing = try run(["check", "--root", fixture.root.path])
        XCTAssertEqual(failing.status, 1)
        let lines = failing.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("PASS  e5.slope.penalty = -1.9"), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("FAIL  e5.slope.bias = -1.3"), lines[1])
        XCTAssertEqual(lines.last, "1 of 2 claims pass (profile standard)")

        try fixture.write(claims.replacingOccurrences(of: "expected: -1, tolerance: 0.15", with: "expected: -1, tolerance: 0.35"), to: "expectations.yaml")
        let passing = try run(["check", "--root", fixture.root.path])
        XCTAssertEqual(passing.status, 0, passing.stdout + passing.stderr)

        let quick = try run(["check", "--root", fixture.root.path, "--profile", "quick"])
        XCTAssertEqual(quick.status, 1, "no results for the quick profile: every claim fails")
        XCTAssertTrue(quick.stdout.contains("no results for experiment 'theory'"))

        let badProfile = try run(["check", "--root", fixture.root.path, "--profile", "fast"])
        XCTAssertNotEqual(badProfile.status, 0)
        XCTAssertTrue(badProfile.stderr.contains("unknown profile 'fast'; valid profiles: quick, standard, full"), badProfile.stderr)

        try fixture.write("claims:\n  - {metric: x, experiment: theory, at_most: 1, basis: vibes, source: s}\n", to: "expectations.yaml")
        let badFile = try run(["check", "--root", fixture.root.path])
        XCTAssertEqual(badFile.status, 1)
        XCTAssertEqual(badFile.stderr.split(separator: "\n").count, 1, badFile.stderr)
        XCTAssertTrue(badFile.stderr.contains("unknown basis 'vibes'"))
    }
}
