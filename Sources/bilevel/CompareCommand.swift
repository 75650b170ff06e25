import ArgumentParser
import Foundation
import Report

/// `bilevel compare A B`: the comparison report of two git revisions.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the results of two git revisions; writes reports/compare/<A>-vs-<B>/.",
        discussion: """
            Each revision's report is read from reports/<commit>/; a revision without one is \
            built in the repository's persistent build worktree (<git common dir>/bilevel/worktree: \
            its build folder is reused, so only what changed recompiles) by `make experiments \
            PROFILE=...`, each record whose inputs are unchanged taken from the shared record \
            store instead of rerun; the report says how many were. A path to a report folder (e.g. reports/1a2b3c4d5e6f-dirty) \
            may stand for a revision, and `.` for the working tree's current results.

            Tolerances: each metric, series and figure-data series is judged by the first \
            rule of the tolerance file (default: compare.yaml at the package root, when \
            present) whose name glob covers it, e.g. timings `informational: true` (shown, \
            never flagged) or a looser/tighter `absolute`/`relative`; everything else by \
            --atol/--rtol. The report lists the rules applied.
            """)

    @Argument(help: "Revision A (branch, tag, commit, HEAD~1, ... or a report folder).")
    var a: String
    @Argument(help: "Revision B.")
    var b: String

    @OptionGroup var options: ResultsOptions

    @Option(parsing: .unconditional, help: "Relative tolerance beyond which a difference is flagged (numbers no tolerance rule covers).")
    var rtol = 1e-9
    @Option(parsing: .unconditional, help: "Absolute tolerance beyond which a difference is flagged (numbers no tolerance rule covers).")
    var atol = 1e-12
    @Option(help: "Per-name tolerance rules (YAML; default: <root>/compare.yaml when present).")
    var tolerances: String?
    @Option(parsing: .upToNextOption, help: "Only these experiments.")
    var experiments: [String] = []
    @Option(help: "Command that produces runs/ in a revision's worktree (PROFILE is set).")
    var buildCommand = "make experiments PROFILE=\"$PROFILE\""
    @Flag(help: "Exit with status 1 when anything is flagged (as `git diff --exit-code`); 0 when nothing is.")
    var exitCode = false

    func run() throws {
        let flagged: Int = try reportingErrors {
            let root = try options.packageRoot()
            guard atol >= 0, rtol >= 0, atol.isFinite, rtol.isFinite else {
                throw ReportError("--atol and --rtol must be finite numbers >= 0 (got \(atol), \(rtol))")
            }
            // Read the rules before building anything: a bad file fails in a second, not after a build.
            let rules = try toleranceRules(root: root)
            // Check experiment names before building anything (a build takes minutes).
            let known = try ReportBuilder(root: root, profile: options.profile).experimentNames()
            for name in experiments where !known.contains(name) {
                throw ReportError("unknown experiment '\(name)'; known: \(known.joined(separator: ", "))")
            }
            var revisions = RevisionReports(root: root, profile: options.profile)
            revisions.buildCommand = buildCommand
            let ra = try revisions.report(for: a)
            let rb = try revisions.report(for: b)
            var comparison = try Comparison(a: ra.manifest, folderA: ra.folder, labelA: ra.label,
                                            b: rb.manifest, folderB: rb.folder, labelB: rb.label,
                                            tolerance: Tolerance(absolute: atol, relative: rtol), rules: rules,
                                            only: experiments.isEmpty ? nil : experiments)
            comparison.obtainedA = revisions.notes.byLabel[ra.label]
            comparison.obtainedB = revisions.notes.byLabel[rb.label]
            for (label, note) in revisions.notes.byLabel.sorted(by: { $0.key < $1.key }) { print("compare: \(label): \(note)") }
            let folder = root.appendingPathComponent("reports/compare")
                .appendingPathComponent(Comparison.folderName(ra.label, rb.label))
            try comparison.write(to: folder)
            let informational = comparison.informationalMetrics.count
            print("compare: \(folder.path)/COMPARE.md and compare.html — \(comparison.flaggedMetrics.count) of "
                  + "\(comparison.metrics.count - informational) checked metrics differ"
                  + (informational > 0 ? " (\(informational) more shown for information only)" : "")
                  + ", \(comparison.changedFigures.count) of \(comparison.figures.count) figures changed"
                  + (rules.source.map { "; tolerances: \($0)" } ?? ""))
            return comparison.flaggedCount
        }
        if exitCode, flagged > 0 { throw ExitCode(1) }
    }

    /// The rules of `--tolerances FILE`, else of `<root>/compare.yaml` when present, else none.
    func toleranceRules(root: URL) throws -> ToleranceRules {
        if let tolerances {
            return try ToleranceRules.load(URL(fileURLWithPath: tolerances), file: tolerances)
        }
        let url = root.appendingPathComponent(ToleranceRules.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return ToleranceRules() }
        return try ToleranceRules.load(url, file: ToleranceRules.fileName)
    }
}
