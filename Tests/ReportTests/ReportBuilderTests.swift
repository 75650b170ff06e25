import XCTest
@testable import Report

final class ReportBuilderTests: XCTestCase {
    var fixture: ReportFixture!

    override func setUpWithError() throws {
        fixture = try ReportFixture(name: name)
        try fixture.prose("theory", title: "E5: scaling claims")
        try fixture.prose("stackelberg", title: "E1: Stackelberg games")
        try fixture.register("rlhf", number: "E3", title: "RLHF", order: 9)   // registered, but no results or prose
        try fixture.experiment("theory", metrics: ["e5.slope.penalty": -1.9876, "e5.slope.bias": -0.61])
        try fixture.write("Slopes per seed.\n\n| seed | slope |\n|---|---|\n| 0 | -1.98 |\n", to: "runs/theory/standard/slopes.md")
        try fixture.experiment("stackelberg", methods: ["hypergradient"], seeds: [0, 1, 2],
                               metrics: ["e1a.final_leader_value.hypergradient": 33.123456])
        try fixture.write("""
        claims:
          - {metric: e5.slope.penalty, experiment: theory, expected: -2, tolerance: 0.15, basis: theory, source: "p = O(1/λ²)"}
          - {metric: e5.slope.bias, experiment: theory, expected: -1, tolerance: 0.15, basis: theory, source: "O(1/λ)"}
          - {metric: e1a.final_leader_value.hypergradient, experiment: stackelberg, at_least: 0, at_most: 50.2513, basis: hand-calculation, source: "1/(1-γ²)"}
        """, to: "expectations.yaml")
    }

    override func tearDown() { fixture.remove() }

    func build() throws -> (URL, ReportContent) {
        var builder = ReportBuilder(root: fixture.root, profile: "standard")
        builder.commit = "0123456789abcdef0123456789abcdef01234567"
        builder.dirty = false
        builder.date = Date(timeIntervalSince1970: 1_795_000_000)
        let content = try builder.assemble()
        return (try builder.write(content), content)
    }

    func testReportHasEverySectionFigureMetricAndCheck() throws {
        let (folder, content) = try build()
        XCTAssertEqual(folder.lastPathComponent, "0123456789ab")
        let md = try String(contentsOf: folder.appendingPathComponent("REPORT.md"), encoding: .utf8)
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)

        // Header: commit, dirty flag, date, toolchain, profile.
        for needle in ["`0123456789ab`", "| Working tree | clean |",
                       "| Results from other commits | stackelberg (`aaaaaaaaaaaa`); theory (`aaaaaaaaaaaa`) —", "2026-", "Cairo", "| Profile | `standard` |",
                       "| Checks | 2 of 3 pass, **1 fail** |"] {
            XCTAssertTrue(md.contains(needle), "REPORT.md lacks \(needle)")
        }
        // One section per experiment, in order, with prose, runs, figures, numbers, checks.
        for needle in ["## 1. E1: Stackelberg games (stackelberg)", "## 2. E5: scaling claims (theory)", "## 3. rlhf\n",
                       "**Reproduces.** The theory claim", "**Reconstructed.** Our instance of theory",
                       "### Runs and cost", "### Figures", "### Headline numbers", "### Checks", "## Provenance",
                       "**No results** for profile `standard` yet", "experiments/rlhf/REPORT_SECTION.md is missing"] {
            XCTAssertTrue(md.contains(needle), "REPORT.md lacks \(needle)")
        }
        XCTAssertFalse(md.contains("rlhf (rlhf)"))
        // Tables the experiment wrote are shown verbatim, with where they come from.
        XCTAssertTrue(md.contains("### Tables\n\nSlopes per seed.\n\n| seed | slope |\n|---|---|\n| 0 | -1.98 |\n\n*Written by the experiment: `runs/theory/standard/slopes.md`.*"), md)
        // Cost from the records: 3 runs x 10.5 s wall for stackelberg; 4 x 10.5 = 42 s for theory.
        XCTAssertTrue(md.contains("| Wall time (sum over runs) | 31.5 s |"), md)
        XCTAssertTrue(md.contains("| Wall time (sum over runs) | 42 s |"))
        XCTAssertTrue(md.contains("| Runs | 3 (1 method configurations × 3 seeds) |"))
        XCTAssertTrue(md.contains("| Seeds | 0–2 |"))
        // The resolved config, printed from the records.
        XCTAssertTrue(md.contains("| `gamma` | 0.9 | `optimizer.stepX` | 0.1 |"), md)
        XCTAssertTrue(md.contains("| `iterations` | 5 |  |  |"), md)
        // Every metric, printed from the summary.
        // Every metric, printed from the summary as a paper table: group, quantity columns, rows.
        for needle in ["| `e5` | slope |", "| bias | -0.61 |", "| penalty | -1.988 |",
                       "| `e1a` | final\\_leader\\_value |", "| hypergradient | 33.12 |"] {
            XCTAssertTrue(md.contains(needle), "REPORT.md lacks \(needle)\n\(md)")
        }
        for name in ["e5.slope.penalty", "e5.slope.bias", "e1a.final_leader_value.hypergradient"] {
            XCTAssertTrue(html.contains(name), "report.html lacks \(name)")
        }
        // Figures: numbered, with the experiment's caption and the generated provenance tail.
        XCTAssertTrue(md.contains("![stackelberg: F against iteration](figures/stackelberg/stackelberg_convergence.png)"))
        XCTAssertTrue(md.contains("**Figure 1.** **stackelberg: F against iteration.** Mean over 3 seeds, band = min-max"))
        XCTAssertTrue(md.contains("**Figure 2.** **theory: F against iteration.**"))
        XCTAssertTrue(md.contains("*Generated from theory (standard): 2 seeds, config `c0ffee000000`, commit `aaaaaaaaaaaa`.*"))
        for experiment in ["stackelberg", "theory"] {
            for ext in ["png", "pdf"] {
                XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("figures/\(experiment)/\(experiment)_convergence.\(ext)").path))
            }
        }
        // Checks: same verdicts as the evaluation, shown overall and per experiment.
        XCTAssertEqual(content.checks.map(\.verdict), [.pass, .fail, .pass])
        // The overall table follows the sections' order (stackelberg, then theory); claims keep their
        // words on one line (non-breaking spaces).
        XCTAssertTrue(md.contains("| **FAIL** | `e5.slope.bias` [3] | theory | -0.61 | =\u{00A0}-1\u{00A0}±\u{00A0}0.15 | theory |"), md)
        XCTAssertTrue(md.contains("3. O(1/λ) — **violated**: off by 0.39, beyond the tolerance."), md)
        XCTAssertTrue(html.contains("<td class=\"pass\">PASS</td>"))
        XCTAssertTrue(md.contains("| PASS | `e5.slope.penalty` [1] | -1.9876 | =\u{00A0}-2\u{00A0}±\u{00A0}0.15 | theory |"))
        let checks = try String(contentsOf: folder.appendingPathComponent("checks.txt"), encoding: .utf8)
        XCTAssertEqual(checks.split(separator: "\n").map { String($0.prefix(4)) }, ["PASS", "FAIL", "PASS"])

        // metrics.json is flat and holds exactly the summaries' numbers.
        let metrics = try JSONDecoder().decode([String: Double].self, from: Data(contentsOf: folder.appendingPathComponent("metrics.json")))
        XCTAssertEqual(metrics, ["e5.slope.penalty": -1.9876, "e5.slope.bias": -0.61, "e1a.final_leader_value.hypergradient": 33.123456])

        // HTML: self-contained (images inline), headings anchored, every section present.
        XCTAssertFalse(html.contains("src=\"figures/"))
        XCTAssertEqual(html.components(separatedBy: "src=\"data:image/png;base64,").count - 1, 2)
        let png = try Data(contentsOf: folder.appendingPathComponent("figures/theory/theory_convergence.png"))
        XCTAssertTrue(html.contains(png.base64EncodedString()))
        for needle in ["<h2 id=\"checks\">", "<h2 id=\"2-e5-scaling-claims-theory\">", "href=\"#2-e5-scaling-claims-theory\"",
                       "<h3 id=\"headline-numbers\">", "<table>", "<style>", "href=\"figures/theory/theory_convergence.pdf\""] {
            XCTAssertTrue(html.contains(needle), "report.html lacks \(needle)")
        }
        // The manifest carries what compare needs.
        let manifest = try ReportManifest.load(from: folder)
        XCTAssertEqual(manifest.experiment("theory")?.series["naive"]?["F"]?.count, 5)
        XCTAssertEqual(manifest.experiment("theory")!.series["naive"]!["F"]![0], 1.05, accuracy: 1e-12)  // mean of 1.0 and 1.1
        XCTAssertEqual(manifest.experiment("stackelberg")?.provenance.config["optimizer.stepX"], "0.1")
    }

    func testMissingSummaryAndStaleRecordsAreReportedNotHidden() throws {
        try fixture.writeJSON(["schemaVersion": 1, "experiment": "theory", "method": "old", "seed": 9],
                              to: "runs/theory/standard/records/old_seed9_ffffffffffff.json")
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("runs/stackelberg/standard/summary.json"))
        let (folder, content) = try build()
        let theory = content.experiments.first { $0.results.name == "theory" }!.results
        XCTAssertEqual(theory.records.count, 4, "the record not named in the summary is ignored")
        let md = try String(contentsOf: folder.appendingPathComponent("REPORT.md"), encoding: .utf8)
        XCTAssertTrue(md.contains("no summary: "), md)
        XCTAssertTrue(md.contains("No summary (`runs/stackelberg/standard/summary.json` is missing or empty)."), md)
        XCTAssertTrue(content.checks[2].reason.contains("no results for experiment 'stackelberg'"))
    }

    func testFailedWriteLeavesEarlierReportUntouched() throws {
        let (folder, _) = try build()
        let before = try Data(contentsOf: folder.appendingPathComponent("REPORT.md"))
        // A figure that the manifest names but whose PNG vanished makes the HTML step fail.
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("runs/theory/standard/figures/theory_convergence.png"))
        XCTAssertThrowsError(try build()) { error in
            XCTAssertTrue("\(error)".contains("theory_convergence.png"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent("REPORT.md")), before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        XCTAssertEqual(leftovers, ["0123456789ab"])
    }

    func testUnknownExperimentIsOneLine() throws {
        var builder = ReportBuilder(root: fixture.root, profile: "standard")
        builder.only = ["theroy"]
        XCTAssertThrowsError(try builder.assemble()) { error in
            XCTAssertEqual("\(error)", "unknown experiment 'theroy'; known: stackelberg, theory, rlhf")
        }
    }

    func testNumberText() {
        XCTAssertEqual(NumberText.significant(-1.98765, 4), "-1.988")
        XCTAssertEqual(NumberText.significant(1234567, 4), "1.235e+06")
        XCTAssertEqual(NumberText.significant(0.000012345, 3), "1.23e-05")
        XCTAssertEqual(NumberText.significant(0.5, 4), "0.5")
        XCTAssertEqual(NumberText.compact(10), "10")
        XCTAssertEqual(NumberText.duration(125), "2 min 05 s")
    }
}

final class MetricTableTests: XCTestCase {
    func testPivotsGroupsQuantitiesAndMergesMeanWithStd() {
        let tables = MetricTable.tables([
            "e1b.final_F.pbrl-value.lambda=10.mean": -7.1316, "e1b.final_F.pbrl-value.lambda=10.std": 0.4718,
            "e1b.final_F.pbrl-value.lambda=2.mean": -6.5, "e1b.final_gap.pbrl-value.lambda=2.mean": 0.25,
            "e1b.final_gap.pbrl-value.lambda=10.mean": 0.1,
            "e1b.games": 5, "e5.slope.penalty": -1.98,
        ])
        XCTAssertEqual(tables.map(\.group), ["e1b", "e5"])
        let e1b = tables[0]
        XCTAssertEqual(e1b.columns, ["final_F", "final_gap", "games"])
        XCTAssertEqual(e1b.rows.map(\.label), ["", "pbrl-value.lambda=2", "pbrl-value.lambda=10"])
        XCTAssertEqual(e1b.rows[2].cells, ["-7.132 ± 0.47", "0.1", ""])
        XCTAssertEqual(e1b.rows[1].cells, ["-6.5", "0.25", ""])
        XCTAssertEqual(e1b.rows[0].cells, ["", "", "5"])
        XCTAssertEqual(MetricTable.label("pbrl-value.lambda=10"), "pbrl-value, λ = 10")
        XCTAssertEqual(MetricTable.label("pbrl.lambda=0.01.mean"), "pbrl, λ = 0.01, mean")
        XCTAssertTrue(MetricTable.naturalLess("lambda=2", "lambda=10"))
    }
}

final class SparseMetricTableTests: XCTestCase {
    func testSparseGroupIsListedOneMetricPerRow() {
        let tables = MetricTable.tables(["e5.slope.penalty": -1.95, "e5.C.max": 7.2, "e5.p.lambda=10": 1e-3, "e5.g_minus_p.max": -1e-4])
        XCTAssertEqual(tables.count, 1)
        XCTAssertEqual(tables[0].columns, ["value"])
        XCTAssertEqual(tables[0].rows.map(\.label), ["C.max", "g_minus_p.max", "p.lambda=10", "slope.penalty"])
        XCTAssertEqual(tables[0].rows.map(\.cells), [["7.2"], ["-0.0001"], ["0.001"], ["-1.95"]])
    }
}
