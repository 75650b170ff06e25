import XCTest
import Lab
@testable import Report

/// Per-name tolerances of `bilevel compare`: glob matching, first match wins, informational
/// numbers never flagged, strict reading of the rules file, and a comparison where only the
/// real change is flagged.
final class ToleranceRulesTests: XCTestCase {
    // MARK: Globs

    func testGlobStarMatchesAnyRunIncludingDotsAndEmpty() {
        let g = GlobPattern("e6.seconds_per_*")
        XCTAssertTrue(g.matches("e6.seconds_per_iteration.pbrl-value.n=100"))
        XCTAssertTrue(g.matches("e6.seconds_per_"))                       // * matches the empty run
        XCTAssertFalse(g.matches("e6.seconds_pe"))
        XCTAssertFalse(g.matches("xe6.seconds_per_iteration"))            // anchored at the start
        XCTAssertTrue(GlobPattern("*seconds*").matches("e6.seconds_per_evaluation.n=10"))
        XCTAssertTrue(GlobPattern("*seconds*").matches("seconds"))
        XCTAssertFalse(GlobPattern("*seconds*").matches("e6.exponent.pbrl-value"))
        XCTAssertTrue(GlobPattern("*").matches(""))
        XCTAssertFalse(GlobPattern("").matches("a"))
        XCTAssertTrue(GlobPattern("").matches(""))
        // Backtracking: the first `*` must not swallow the `.n=` the pattern needs later.
        XCTAssertTrue(GlobPattern("*.n=1*0").matches("e6.seconds.n=10.n=100"))
        XCTAssertFalse(GlobPattern("*.n=1*0").matches("e6.seconds.n=11"))
        XCTAssertTrue(GlobPattern("a*b*c").matches("aXbYbZc"))
        XCTAssertFalse(GlobPattern("a*b*c").matches("aXbYbZ"))
    }

    func testGlobQuestionMarkIsOneCharacterAndDotIsLiteral() {
        XCTAssertTrue(GlobPattern("e?.exponent").matches("e6.exponent"))
        XCTAssertFalse(GlobPattern("e?.exponent").matches("e16.exponent"))
        XCTAssertFalse(GlobPattern("e?.exponent").matches("e.exponent"))
        XCTAssertTrue(GlobPattern("PBRL λ=?").matches("PBRL λ=1"))       // one Unicode character
        // `.` is a literal dot, not "any character" as in a regular expression.
        XCTAssertFalse(GlobPattern("e6.exponent").matches("e6xexponent"))
        XCTAssertTrue(GlobPattern("e6.exponent").matches("e6.exponent"))
        // Brackets and `=` are literal too.
        XCTAssertTrue(GlobPattern("[a].n=1").matches("[a].n=1"))
        XCTAssertFalse(GlobPattern("[ab]").matches("a"))
    }

    // MARK: Rules

    func testFirstMatchingRuleWinsAndExperimentNarrows() {
        let rules = ToleranceRules(rules: [
            ToleranceRule(name: "e6.exponent.policy-evaluation", check: .tolerance(Tolerance(absolute: 0.5, relative: 0))),
            ToleranceRule(name: "e6.*", experiment: "scaling", check: .informational),
            ToleranceRule(name: "*", check: .tolerance(Tolerance(absolute: 1, relative: 0))),
        ])
        let fallback = Tolerance(absolute: 1e-12, relative: 1e-9)
        // Both rule 0 and rule 1 cover it: the first decides.
        let first = rules.check(experiment: "scaling", names: ["e6.exponent.policy-evaluation"], default: fallback)
        XCTAssertEqual(first.rule, 0)
        XCTAssertEqual(first.check, .tolerance(Tolerance(absolute: 0.5, relative: 0)))
        XCTAssertEqual(rules.check(experiment: "scaling", names: ["e6.exponent.pbrl-value"], default: fallback).rule, 1)
        // Rule 1 is for experiment `scaling` only: elsewhere rule 2 decides.
        XCTAssertEqual(rules.check(experiment: "theory", names: ["e6.exponent.pbrl-value"], default: fallback).rule, 2)
        // Any of a number's names may match (series key or its shown name).
        XCTAssertEqual(rules.check(experiment: "scaling", names: ["n", "e6.fig / n"], default: fallback).rule, 1)
        // No rule: the default tolerance.
        let none = ToleranceRules(rules: Array(rules.rules.prefix(2)))
        let d = none.check(experiment: "theory", names: ["e5.slope.penalty"], default: fallback)
        XCTAssertNil(d.rule)
        XCTAssertEqual(d.check, .tolerance(fallback))
    }

    func testInformationalNeverFlagsAndToleranceBoundary() {
        XCTAssertFalse(Check.informational.flags(1, 1e9))
        XCTAssertFalse(Check.informational.flags(nil, 3))                // even when present on one side only
        XCTAssertFalse(Check.informational.flags(.infinity, 0))
        let t = Check.tolerance(Tolerance(absolute: 0.1, relative: 0.01))
        // Allowed: |B − A| ≤ 0.1 + 0.01·max(|A|, |B|) = 0.1 + 0.01·10 = 0.2.
        XCTAssertFalse(t.flags(10, 9.8))
        XCTAssertTrue(t.flags(10, 9.79))
        XCTAssertTrue(t.flags(nil, 10))
        var m = MetricDifference(experiment: "scaling", metric: "e6.seconds_per_evaluation.n=10", a: 1, b: 2)
        m.check = .informational
        XCTAssertFalse(m.flagged)
        XCTAssertTrue(m.flagged(Tolerance()))                             // the global check would flag it
        var s = SeriesDifference(experiment: "scaling", name: "e6 / t", key: "t", a: [1, 2], b: [1, 2, 3])
        XCTAssertTrue(s.flagged)                                          // lengths differ
        s.check = .informational
        XCTAssertFalse(s.flagged)
    }

    // MARK: The rules file

    func testReadsRulesInOrderWithLinesAndDefaults() throws {
        let yaml = """
            # timings
            rules:
              - name: "e6.seconds_*"
                experiment: scaling
                informational: true
                reason: CPU time
              - name: e5.slope.*
                relative: 1e-6
              - name: "*.gap"
                absolute: 0.25
            """
        let rules = try ToleranceRules.parse(yaml, file: "compare.yaml")
        XCTAssertEqual(rules.source, "compare.yaml")
        XCTAssertEqual(rules.rules.count, 3)
        XCTAssertEqual(rules.rules[0].name.pattern, "e6.seconds_*")
        XCTAssertEqual(rules.rules[0].experiment.pattern, "scaling")
        XCTAssertEqual(rules.rules[0].check, .informational)
        XCTAssertEqual(rules.rules[0].reason, "CPU time")
        XCTAssertEqual(rules.rules[0].line, 3)
        XCTAssertEqual(rules.rules[1].experiment.pattern, "*")
        XCTAssertEqual(rules.rules[1].check, .tolerance(Tolerance(absolute: 0, relative: 1e-6)))
        XCTAssertEqual(rules.rules[1].line, 7)
        XCTAssertEqual(rules.rules[2].check, .tolerance(Tolerance(absolute: 0.25, relative: 0)))
        XCTAssertEqual(rules.rules[2].line, 9)
    }

    func testTheCommittedFileReadsAndMakesTimingsInformational() throws {
        // The package root's compare.yaml, found from this test file's path.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let rules = try ToleranceRules.load(root.appendingPathComponent(ToleranceRules.fileName), file: "compare.yaml")
        let fallback = Tolerance()
        for (experiment, name) in [("scaling", "e6.seconds_per_iteration.pbrl-value.n=100"), ("scaling", "e6.seconds_per_evaluation.n=10"),
                                   ("scaling", "e6.exponent.hypergradient"), ("scaling", "e6.evaluations_per_iteration.pbrl-bellman.n=30"),
                                   ("scaling", "pbrl-value.seconds_per_iteration"), ("scaling", "seconds_per_evaluation"),
                                   ("incentive", "e2.job_cpu_ms_per_iteration.naive"), ("incentive", "e2.step_cpu_ms_per_iteration.zero-order")] {
            XCTAssertEqual(rules.check(experiment: experiment, names: [name], default: fallback).check, .informational, name)
        }
        for (experiment, name) in [("theory", "e5.slope.penalty"), ("incentive", "e2.gain_J.naive.tau=0.001.c=1"),
                                   ("stackelberg", "e1a.final_leader_value.hypergradient"), ("scaling", "n")] {
            XCTAssertEqual(rules.check(experiment: experiment, names: [name], default: fallback).check, .tolerance(fallback), name)
        }
    }

    /// Each bad file: exactly one line, naming the file and line, the key and the valid choices.
    func testBadRulesFileIsOneLineWithFileLineAndChoices() {
        func error(_ yaml: String) -> String {
            do { _ = try ToleranceRules.parse(yaml, file: "compare.yaml"); return "no error" } catch { return "\(error)" }
        }
        let unknown = error("rules:\n  - name: a\n    informational: true\n  - name: b\n    tolerance: 0.1\n")
        XCTAssertEqual(unknown, "compare.yaml:5: unknown key 'rules[1].tolerance'; valid keys in 'rules[1]': absolute, experiment, informational, name, reason, relative")
        let negative = error("rules:\n  - name: a\n    absolute: -0.5\n")
        XCTAssertEqual(negative, "compare.yaml:3: 'rules[0].absolute' = -0.5 is out of range; valid: [0, inf)")
        let wrongType = error("rules:\n  - name: a\n    relative: lots\n")
        XCTAssertEqual(wrongType, "compare.yaml:3: 'rules[0].relative' must be a number in [0, inf), got 'lots' (a string)")
        let notBool = error("rules:\n  - name: a\n    informational: maybe\n")
        XCTAssertEqual(notBool, "compare.yaml:3: 'rules[0].informational' must be true or false, got 'maybe' (a string)")
        let both = error("rules:\n  - name: a\n    informational: true\n    relative: 0.1\n")
        XCTAssertEqual(both, "compare.yaml:4: 'rules[0]' is informational and has a tolerance; give either informational: true or absolute/relative, not both")
        let neither = error("rules:\n  - name: a\n    reason: why\n")
        XCTAssertEqual(neither, "compare.yaml:2: 'rules[0]' (name a) says nothing; give informational: true, or absolute and/or relative (numbers >= 0)")
        let topLevel = error("rule:\n  - name: a\n")
        XCTAssertEqual(topLevel, "compare.yaml:1: unknown key 'rule' (did you mean 'rules'?); 'rules' is required (a list of sections)")
        let unknownTop = error("rules: []\ndefaults: 1\n")
        XCTAssertEqual(unknownTop, "compare.yaml:2: unknown key 'defaults'; valid keys: rules")
        let noName = error("rules:\n  - informational: true\n")
        XCTAssertTrue(noName.hasPrefix("compare.yaml:2: missing key 'rules[0].name'"), noName)
        for message in [unknown, negative, wrongType, notBool, both, neither, topLevel, unknownTop, noName] {
            XCTAssertFalse(message.contains("\n"), message)
        }
        XCTAssertThrowsError(try ToleranceRules.load(URL(fileURLWithPath: "/nonexistent/tol.yaml"), file: "tol.yaml")) { e in
            XCTAssertTrue("\(e)".hasPrefix("tolerance file not found: tol.yaml"), "\(e)")
        }
    }

    // MARK: A comparison with rules

    func manifest(_ experiments: [ReportManifest.ExperimentEntry]) -> ReportManifest {
        ReportManifest(schemaVersion: 1, commit: "c", dirty: false, date: "2026-11-26", swiftVersion: "6", cairoVersion: "1",
                       profile: "standard", experiments: experiments, checks: [])
    }

    func entry(_ name: String, metrics: [String: Double], series: [String: [String: [Double]]] = [:],
               figureData: [String: [Double]]? = nil) -> ReportManifest.ExperimentEntry {
        let provenance = ReportManifest.ExperimentProvenance(
            runs: 1, failedRuns: 0, seeds: [0], methods: ["m"], configHashes: ["h"], codeDigests: ["d"], toolchains: ["t"],
            commits: ["c"], hosts: ["h"], cpus: ["c"], operatingSystems: ["o"], swiftVersions: ["s"], cairoVersions: ["c"],
            config: [:], wallSeconds: 1, cpuSeconds: 1, elapsedSeconds: nil)
        let figures = figureData.map { [FigureEntry(name: "fig", title: "t", caption: "c", data: $0)] } ?? []
        return .init(name: name, title: name, metrics: metrics, summarySeries: [:], series: series, axes: nil,
                     figures: figures, provenance: provenance, problems: [])
    }

    /// A timing 30 % slower and a real metric moved by 1e-3: only the real one is flagged,
    /// the timing is counted as informational, and the report says which rule decided.
    func testTimingDifferenceIsInformationalAndOnlyTheRealChangeIsFlagged() throws {
        let a = manifest([entry("scaling", metrics: ["e6.seconds_per_iteration.pbrl-value.n=100": 0.010, "e6.slope": 2.0,
                                                     "e6.same": 5.0],
                                series: ["pbrl-value": ["seconds": [1, 2, 3], "J": [0, 1, 2]]],
                                figureData: ["pbrl-value.seconds_per_iteration": [0.1, 0.2], "n": [10, 100]])])
        let b = manifest([entry("scaling", metrics: ["e6.seconds_per_iteration.pbrl-value.n=100": 0.013, "e6.slope": 2.001,
                                                     "e6.same": 5.0],
                                series: ["pbrl-value": ["seconds": [1.3, 2.6, 3.9], "J": [0, 1, 2]]],
                                figureData: ["pbrl-value.seconds_per_iteration": [0.13, 0.26], "n": [10, 100]])])
        let rules = try ToleranceRules.parse("""
            rules:
              - name: "*seconds*"
                informational: true
                reason: CPU time
              - name: "e6.unused"
                absolute: 1
            """, file: "compare.yaml")
        // The figure: a 20x10 PNG whose left 5 columns change shade (the timing curve moved).
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tolerance-rules-\(getpid())-\(UUID().uuidString.prefix(6))")
        defer { try? FileManager.default.removeItem(at: base) }
        let folderA = base.appendingPathComponent("A"), folderB = base.appendingPathComponent("B")
        for (folder, shade) in [(folderA, UInt8(100)), (folderB, UInt8(180))] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("figures"), withIntermediateDirectories: true)
            try TinyPNG.encode(width: 20, height: 10) { x, _ in x < 5 ? (shade, 0, 0) : (255, 255, 255) }
                .write(to: folder.appendingPathComponent("figures/fig.png"))
        }
        let c = try Comparison(a: a, folderA: folderA, labelA: "A", b: b, folderB: folderB, labelB: "B", rules: rules)

        let timing = try XCTUnwrap(c.metrics.first { $0.metric == "e6.seconds_per_iteration.pbrl-value.n=100" })
        XCTAssertEqual(timing.relativeDifference!, 0.3, accuracy: 1e-12)
        XCTAssertEqual(timing.check, .informational)
        XCTAssertEqual(timing.rule, 0)
        XCTAssertFalse(timing.flagged)
        let real = try XCTUnwrap(c.metrics.first { $0.metric == "e6.slope" })
        XCTAssertEqual(real.difference!, 1e-3, accuracy: 1e-12)
        XCTAssertNil(real.rule)
        XCTAssertTrue(real.flagged)
        XCTAssertEqual(c.flaggedMetrics.map(\.metric), ["e6.slope"])
        XCTAssertEqual(c.informationalMetrics.map(\.metric), ["e6.seconds_per_iteration.pbrl-value.n=100"])

        // Series: the record series `seconds` is informational by its name; `J` is unchanged.
        let seconds = try XCTUnwrap(c.series.first { $0.key == "seconds" })
        XCTAssertEqual(seconds.name, "seconds / pbrl-value")
        XCTAssertEqual(seconds.maxAbsDifference, 0.9, accuracy: 1e-12)
        XCTAssertFalse(seconds.flagged)
        XCTAssertTrue(seconds.flagged(c.tolerance))
        XCTAssertEqual(c.series.filter(\.flagged).count, 0)
        // Figure data: the timing key is informational, so the figure is "informational only".
        let data = try XCTUnwrap(c.figureData.first { $0.key == "pbrl-value.seconds_per_iteration" })
        XCTAssertEqual(data.name, "fig / pbrl-value.seconds_per_iteration")
        XCTAssertFalse(data.flagged)
        XCTAssertEqual(c.figures.first?.informationalOnly, true)
        XCTAssertEqual(c.figures.first?.difference?.changedPixels, 50)
        // Rule 0 decided 1 metric and 2 series; rule 1 nothing.
        XCTAssertEqual(c.ruleUse[0]?.metrics, 1); XCTAssertEqual(c.ruleUse[0]?.series, 2)
        XCTAssertNil(c.ruleUse[1])

        // Without rules the timing is flagged too (what the rules are for).
        let plain = try Comparison(a: a, folderA: folderA, labelA: "A", b: b, folderB: folderB, labelB: "B")
        XCTAssertEqual(plain.flaggedMetrics.map(\.metric), ["e6.seconds_per_iteration.pbrl-value.n=100", "e6.slope"])
        XCTAssertEqual(plain.figures.first?.informationalOnly, false)

        // The report states the rules, counts the informational metric apart, and marks rows.
        let md = c.markdown(figureFiles: ["scaling/fig": (nil, nil, nil)], overlayFiles: [])
        for needle in ["3 metrics, **1** beyond tolerance ([tolerances](#tolerances)); 1 shown for information only",
                       "## Tolerances", "Rules from `compare.yaml`, first matching rule wins",
                       "| 1 | line 2 | any | `*seconds*` | informational (never flagged) | CPU time | 1 metric, 2 series |",
                       "| 2 | line 5 | any | `e6.unused` | \\|B − A\\| ≤ 1 |  | 0 metrics, 0 series |",
                       "| — | default | any | everything else | \\|B − A\\| ≤ 1e-12 + 1e-09·max(\\|A\\|, \\|B\\|) |  | 2 metrics, 2 series |",
                       "| **≠** | scaling | `e6.slope` | 2 | 2.001 | 0.001 | 0.05 % |",
                       "### Shown for information",
                       "1 of 1 figures have changed pixels (1 of them drawn from informational data only)",
                       "Changed pixels: **25.00 %** (50 of 200; largest channel change 80/255). Its data differ only in series shown for information",
                       "| info | scaling | `e6.seconds_per_iteration.pbrl-value.n=100` | 0.01 | 0.013 | 0.003 | 30.00 % |"] {
            XCTAssertTrue(md.contains(needle), "COMPARE.md lacks \(needle)\n\(md)")
        }
        XCTAssertFalse(md.contains("| **≠** | scaling | `e6.seconds"), md)
        let plainMarkdown = plain.markdown(figureFiles: ["scaling/fig": (nil, nil, nil)], overlayFiles: [])
        XCTAssertTrue(plainMarkdown.contains("No tolerance file (`compare.yaml` at the package root, or `--tolerances FILE`)"))
        XCTAssertTrue(plainMarkdown.contains("1 of 1 figures have changed pixels;"))
        XCTAssertFalse(plainMarkdown.contains("Its data differ only in series shown for information"))
    }
}
