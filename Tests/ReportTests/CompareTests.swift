import XCTest
import Lab
import Plot
@testable import Report

/// A git repository with two commits whose results differ; `make experiments` in a checkout
/// copies the committed `fixture-runs/` to `runs/` (standing in for running experiments).
final class CompareTests: XCTestCase {
    var fixture: ReportFixture!
    var commitA = "", commitB = ""

    func git(_ args: String...) throws -> String {
        let out = try XCTUnwrap(Shell.run("git", ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"] + args, in: fixture.root))
        XCTAssertTrue(out.ok, "git \(args): \(out.stderr)")
        return out.text
    }

    override func setUpWithError() throws {
        fixture = try ReportFixture(name: name)
        try fixture.prose("theory", title: "E5: scaling claims")
        try fixture.write(".PHONY: experiments\nexperiments:\n\trm -rf runs && cp -r fixture-runs runs\n", to: "Makefile")
        try fixture.write("runs/\nreports/\n", to: ".gitignore")
        try fixture.write("claims:\n  - {metric: e5.slope.penalty, experiment: theory, expected: -2, tolerance: 0.15, basis: theory, source: rate}\n",
                          to: "expectations.yaml")
        try fixture.experiment("theory", metrics: ["e5.slope.penalty": -1.98, "e5.slope.bias": -1.0], scale: 1, shade: 200,
                               configHash: "aaaa000000000000",
                               figureData: ["mean": [1, 2, 3], "L.a": [0, 1, 2], "L.b": [0, 1], "L.values": [5, 4, 3, 2, 1, 0]],
                               runs: "fixture-runs")
        _ = try git("init", "-q")
        _ = try git("add", "-A")
        _ = try git("commit", "-qm", "A")
        commitA = try git("rev-parse", "HEAD")
        try FileManager.default.removeItem(at: fixture.root.appendingPathComponent("fixture-runs"))
        try fixture.experiment("theory", metrics: ["e5.slope.penalty": -1.90, "e5.slope.bias": -1.0, "e5.new": 7],
                               scale: 2, shade: 100, configHash: "bbbb000000000000",
                               figureData: ["mean": [1, 2.5, 3], "L.a": [0, 1, 2], "L.b": [0, 1], "L.values": [5, 4, 3, 0, 1, 2]],
                               runs: "fixture-runs")
        _ = try git("add", "-A")
        _ = try git("commit", "-qm", "B")
        commitB = try git("rev-parse", "HEAD")
    }

    override func tearDown() { fixture.remove() }

    func revisions() -> RevisionReports {
        var r = RevisionReports(root: fixture.root, profile: "standard")
        r.log = { _ in }
        return r
    }

    func testComparesTwoCommitsBuiltInTemporaryWorktrees() throws {
        let ra = try revisions().report(for: "HEAD~1")
        let rb = try revisions().report(for: "HEAD")
        XCTAssertEqual(ra.manifest.commit, commitA)
        XCTAssertEqual(rb.manifest.commit, commitB)
        XCTAssertEqual(ra.folder.lastPathComponent, String(commitA.prefix(12)))
        // One persistent build worktree (its build folder serves the next revision), and the
        // reports stay for the next comparison.
        let worktrees = try git("worktree", "list").split(separator: "\n")
        XCTAssertEqual(worktrees.count, 2)
        XCTAssertTrue(worktrees[1].contains(".git/bilevel/worktree"), "\(worktrees)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: ra.folder.appendingPathComponent("report.html").path))

        let c = try Comparison(a: ra.manifest, folderA: ra.folder, labelA: ra.label,
                               b: rb.manifest, folderB: rb.folder, labelB: rb.label)
        // Metrics: both values, differences, flags.
        let penalty = try XCTUnwrap(c.metrics.first { $0.metric == "e5.slope.penalty" })
        XCTAssertEqual(penalty.a, -1.98); XCTAssertEqual(penalty.b, -1.90)
        XCTAssertEqual(penalty.difference!, 0.08, accuracy: 1e-12)
        XCTAssertEqual(penalty.relativeDifference!, 0.08 / 1.98, accuracy: 1e-12)
        XCTAssertTrue(penalty.flagged(c.tolerance))
        let bias = try XCTUnwrap(c.metrics.first { $0.metric == "e5.slope.bias" })
        XCTAssertEqual(bias.difference, 0); XCTAssertFalse(bias.flagged(c.tolerance))
        let new = try XCTUnwrap(c.metrics.first { $0.metric == "e5.new" })
        XCTAssertNil(new.a); XCTAssertEqual(new.b, 7); XCTAssertTrue(new.flagged(c.tolerance))
        XCTAssertEqual(c.flaggedMetrics.map(\.metric), ["e5.new", "e5.slope.penalty"])
        XCTAssertFalse(Tolerance(absolute: 0, relative: 0.03).allows(-1.98, -1.90))   // 0.08 > 0.03 * 1.98
        XCTAssertTrue(Tolerance(absolute: 0.1, relative: 0).allows(-1.98, -1.90))

        // Series: mean over seeds of F = scale/(k+1) + 0.1 seed; scale 1 vs 2 -> largest gap 1 at k = 0.
        let f = try XCTUnwrap(c.series.first { $0.name == "F / pbrl-value" })
        XCTAssertEqual(f.maxAbsDifference, 1, accuracy: 1e-12)
        XCTAssertEqual(f.index, 0)
        XCTAssertEqual(f.valueA!, 1.05, accuracy: 1e-12); XCTAssertEqual(f.valueB!, 2.05, accuracy: 1e-12)
        XCTAssertEqual(Set(c.overlays.map(\.series)), ["F", "summary: F.mean"])
        XCTAssertEqual(c.overlays.first { $0.series == "F" }?.curves.map(\.label), ["naive", "pbrl-value"])
        let unchanged = try XCTUnwrap(c.series.first { $0.name == "summary: F.mean / F.mean" })
        XCTAssertEqual(unchanged.maxAbsDifference, 0); XCTAssertFalse(unchanged.flagged(c.tolerance))

        // Figure data: the middle value moved by 0.5.
        let mean = try XCTUnwrap(c.figureData.first { $0.name == "theory_convergence / mean" })
        XCTAssertEqual(mean.maxAbsDifference, 0.5, accuracy: 1e-12)
        XCTAssertEqual(mean.index, 1)

        // A landscape (row-major values on the a x b grid): difference field and the minimum's move.
        XCTAssertEqual(c.landscapes.count, 1)
        let field = c.landscapes[0]
        XCTAssertEqual(field.difference, [[0, 0, 0], [-2, 0, 2]])
        XCTAssertEqual(field.maxAbsDifference, 2)
        XCTAssertEqual(field.maxAt.a, 0); XCTAssertEqual(field.maxAt.b, 1)
        XCTAssertEqual(field.minimumA.a, 2); XCTAssertEqual(field.minimumA.b, 1)
        XCTAssertEqual(field.minimumB.a, 0); XCTAssertEqual(field.minimumB.b, 1)
        XCTAssertEqual(field.minimumMoved, 2)

        // Pixels: the 10x10 square of the 40x30 figure changed shade: 100 of 1200 pixels.
        let pair = try XCTUnwrap(c.figures.first)
        let d = try XCTUnwrap(pair.difference)
        XCTAssertEqual(d.changedPixels, 100)
        XCTAssertEqual(d.share, 100.0 / 1200.0, accuracy: 1e-12)
        let diff = try decodePNG(XCTUnwrap(pair.differencePNG))
        XCTAssertEqual(diff.width, 40); XCTAssertEqual(diff.height, 30)
        XCTAssertGreaterThan(diff[15, 15].red, 0.7); XCTAssertLessThan(diff[15, 15].green, 0.5)   // changed: red
        XCTAssertGreaterThan(diff[2, 2].green, 0.95)                                              // unchanged: faded white

        // Provenance: the config hash and the commit differ.
        XCTAssertTrue(c.provenance.contains { $0.field == "config hash" && $0.a == "aaaa000000000000" && $0.b == "bbbb000000000000" })
        XCTAssertTrue(c.provenance.contains { $0.field == "commit" && $0.scope == "report" })

        // The written comparison: Markdown and self-contained HTML with every part.
        let folder = try c.write(to: fixture.root.appendingPathComponent("reports/compare/\(Comparison.folderName(ra.label, rb.label))"))
        let md = try String(contentsOf: folder.appendingPathComponent("COMPARE.md"), encoding: .utf8)
        let html = try String(contentsOf: folder.appendingPathComponent("compare.html"), encoding: .utf8)
        for needle in ["## Metrics", "## Series", "## Figures", "## Figure data", "## Provenance",
                       "| **≠** | theory | `e5.slope.penalty` | -1.98 | -1.9 | 0.08 | 4.04 % |",
                       "|  | theory | `e5.slope.bias` | -1 | -1 | 0 | 0.00 % |",
                       "| **≠** | theory | `e5.new` | — | 7 | only in B | — |",
                       "Changed pixels: **8.33 %** (100 of 1200; largest channel change 100/255).",
                       "theory_convergence.diff.png", "overlay_00_F.png",
                       "| **≠** | theory | theory\\_convergence / L | 2 | (0, 1) | (2, 1) | (0, 1) | 2 |", "landscape_00_theory_convergence.png"] {
            XCTAssertTrue(md.contains(needle), "COMPARE.md lacks \(needle)\n\(md)")
        }
        XCTAssertFalse(html.contains("src=\"figures/"))
        XCTAssertEqual(html.components(separatedBy: "src=\"data:image/png;base64,").count - 1, 3 + c.overlays.count + 1)
        XCTAssertTrue(html.contains("<div class=\"side-by-side\">"))
        for file in ["theory_convergence.A.png", "theory_convergence.B.png", "theory_convergence.diff.png", "overlay_00_F.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("figures/theory/\(file)").path), file)
        }
    }

    func testCachedReportIsUsedAndBadInputIsOneLine() throws {
        _ = try revisions().report(for: commitA)
        var failing = revisions()
        failing.buildCommand = "exit 3"
        // Cached: no build needed.
        XCTAssertEqual(try failing.report(for: String(commitA.prefix(8))).manifest.commit, commitA)
        // Not cached, and the build fails: one line naming the revision and the status.
        XCTAssertThrowsError(try failing.report(for: "HEAD")) { error in
            XCTAssertTrue("\(error)".contains("building HEAD (\(commitB.prefix(12))) in the build worktree failed"), "\(error)")
            XCTAssertTrue("\(error)".contains("status 3"), "\(error)")
        }
        XCTAssertEqual(try git("worktree", "list").split(separator: "\n").count, 2)
        // Unknown revision.
        XCTAssertThrowsError(try revisions().report(for: "no-such-branch")) { error in
            XCTAssertEqual("\(error)", "unknown revision 'no-such-branch': git knows no commit by that name (try a branch, a tag, or a commit id from `git log --oneline`)")
        }
        // A report of another schema.
        let folder = fixture.root.appendingPathComponent("reports/\(commitA.prefix(12))")
        let manifest = folder.appendingPathComponent("report.json")
        let text = try String(contentsOf: manifest, encoding: .utf8)
            .replacingOccurrences(of: "\"schemaVersion\":1", with: "\"schemaVersion\":0")
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try revisions().report(for: commitA)) { error in
            XCTAssertTrue("\(error)".contains("is a report of schema 0; this tool reads schema 1"), "\(error)")
            XCTAssertFalse("\(error)".contains("\n"))
        }
        // A missing experiment in a comparison.
        let rb = try revisions().report(for: "HEAD")
        XCTAssertThrowsError(try Comparison(a: rb.manifest, folderA: rb.folder, labelA: "a", b: rb.manifest, folderB: rb.folder,
                                            labelB: "b", only: ["stackelberg"])) { error in
            XCTAssertEqual("\(error)", "unknown experiment 'stackelberg' in this comparison; the reports hold: theory")
        }
    }

    func testWorkingTreeAgainstACommit() throws {
        _ = try git("checkout", "-q", "HEAD~1")
        let fm = FileManager.default
        try fm.copyItem(at: fixture.root.appendingPathComponent("fixture-runs"), to: fixture.root.appendingPathComponent("runs"))
        let work = try revisions().report(for: ".")
        XCTAssertEqual(work.label, "working-tree")
        XCTAssertEqual(work.manifest.commit, commitA)
        let b = try revisions().report(for: commitB)
        let c = try Comparison(a: work.manifest, folderA: work.folder, labelA: work.label, b: b.manifest, folderB: b.folder, labelB: b.label)
        XCTAssertEqual(c.flaggedMetrics.map(\.metric), ["e5.new", "e5.slope.penalty"])
    }

    func testIdenticalResultsCompareEqual() throws {
        let ra = try revisions().report(for: "HEAD")
        let c = try Comparison(a: ra.manifest, folderA: ra.folder, labelA: "x", b: ra.manifest, folderB: ra.folder, labelB: "y")
        XCTAssertTrue(c.flaggedMetrics.isEmpty)
        XCTAssertTrue(c.changedFigures.isEmpty)
        XCTAssertEqual(c.figures.first?.difference?.changedPixels, 0)
        XCTAssertTrue(c.series.allSatisfy { !$0.flagged(c.tolerance) })
    }
}
