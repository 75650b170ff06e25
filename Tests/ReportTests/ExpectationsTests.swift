import XCTest
@testable import Report

final class ExpectationsTests: XCTestCase {
    func testParsesEveryKindOfBound() throws {
        let e = try Expectations.parse("""
        claims:
          - {metric: a, experiment: x, expected: -2, tolerance: 0.15, basis: theory, source: s}
          - {metric: b, experiment: x, expected: 10, relative_tolerance: 0.01, basis: published-table, source: s}
          - {metric: c, experiment: x, at_least: 0, at_most: 1, basis: hand-calculation, source: s, profiles: [standard]}
          - {metric: d, experiment: x, at_most: 1.0e-9, basis: construction, source: s}
        """)
        XCTAssertEqual(e.claims.count, 4)
        let (a, b, c, d) = (e.claims[0], e.claims[1], e.claims[2], e.claims[3])
        XCTAssertTrue(a.holds(for: -2.149)); XCTAssertFalse(a.holds(for: -2.151)); XCTAssertFalse(a.holds(for: .nan))
        XCTAssertTrue(b.holds(for: 10.099)); XCTAssertFalse(b.holds(for: 10.101))
        XCTAssertTrue(c.holds(for: 0)); XCTAssertTrue(c.holds(for: 1)); XCTAssertFalse(c.holds(for: 1.0001)); XCTAssertFalse(c.holds(for: -1e-12))
        XCTAssertTrue(d.holds(for: -5)); XCTAssertFalse(d.holds(for: 2e-9))
        XCTAssertEqual(a.statement, "= -2 ± 0.15")
        XCTAssertEqual(c.statement, "in [0, 1]")
        XCTAssertTrue(c.applies(to: "standard")); XCTAssertFalse(c.applies(to: "quick"))
    }

    func testBadFilesGiveOneClearLine() {
        func message(_ yaml: String) -> String {
            do { _ = try Expectations.parse(yaml); return "no error" } catch { return "\(error)" }
        }
        XCTAssertTrue(message("claims:\n  - {metric: a, experiment: x, expected: 1, tolerance: 1, basis: theory, source: s, tolerence: 2}")
            .contains("unknown key 'tolerence'; valid keys: metric"))
        XCTAssertTrue(message("claims:\n  - {metric: a, experiment: x, expected: 1, basis: theory, source: s}")
            .contains("exactly one of 'tolerance' or 'relative_tolerance'"))
        XCTAssertTrue(message("claims:\n  - {metric: a, experiment: x, basis: theory, source: s}").contains("no bound"))
        XCTAssertTrue(message("claims:\n  - {metric: a, experiment: x, at_most: 1, basis: guess, source: s}")
            .contains("unknown basis 'guess'; valid: theory, published-table, hand-calculation, construction"))
        XCTAssertTrue(message("claims:\n  - {metric: a, experiment: x, at_most: 1, basis: theory}").contains("missing 'source'"))
        XCTAssertTrue(message("claim: []").contains("unknown key 'claim'"))
        XCTAssertTrue(message("claims:\n  - {metric: a, experiment: x, at_least: 2, at_most: 1, basis: theory, source: s}").contains("exceeds"))
        for m in [message("claims: [ {"), message("claims:\n  - {metric: a, experiment: x, at_most: 1, tolerance: 1, basis: theory, source: s}")] {
            XCTAssertFalse(m.contains("\n"), m)
            XCTAssertNotEqual(m, "no error")
        }
    }

    func testEvaluationTellsMissingExperimentMissingMetricAndViolation() throws {
        let e = try Expectations.parse("""
        claims:
          - {metric: e5.slope.penalty, experiment: theory, expected: -2, tolerance: 0.15, basis: theory, source: rate}
          - {metric: e5.slope.bias, experiment: theory, expected: -1, tolerance: 0.15, basis: theory, source: rate}
          - {metric: e5.missing, experiment: theory, at_most: 0, basis: theory, source: rate}
          - {metric: e1a.v, experiment: stackelberg, at_least: 0, basis: hand-calculation, source: h}
          - {metric: e1a.v, experiment: stackelberg, at_least: 0, basis: hand-calculation, source: h, profiles: [full]}
        """)
        let results = e.evaluate(metrics: ["theory": ["e5.slope.penalty": -1.97, "e5.slope.bias": -0.7]], profile: "standard")
        XCTAssertEqual(results.map(\.verdict), [.pass, .fail, .fail, .fail])
        XCTAssertEqual(results[0].value, -1.97)
        XCTAssertTrue(results[1].reason.contains("off by 0.3"), results[1].reason)
        XCTAssertTrue(results[2].reason.contains("metric 'e5.missing' not in theory's summary"), results[2].reason)
        XCTAssertTrue(results[3].reason.contains("no results for experiment 'stackelberg'"), results[3].reason)
        XCTAssertTrue(results[1].line.hasPrefix("FAIL  e5.slope.bias = -0.7  (claim = -1 ± 0.15"), results[1].line)
        XCTAssertTrue(results[0].line.hasPrefix("PASS  e5.slope.penalty = -1.97"), results[0].line)
    }

    /// The committed expectations file parses and holds the E5 claims the paper's theory gives.
    func testCommittedExpectationsFileParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let e = try Expectations.load(root.appendingPathComponent("expectations.yaml"))
        let penalty = try XCTUnwrap(e.claims.first { $0.metric == "e5.slope.penalty" })
        XCTAssertEqual(penalty.expected, -2); XCTAssertEqual(penalty.tolerance, 0.15)
        let bias = try XCTUnwrap(e.claims.first { $0.metric == "e5.slope.bias" })
        XCTAssertEqual(bias.expected, -1); XCTAssertEqual(bias.tolerance, 0.15)
    }
}
