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
            built in a temporary git worktree (`make experiments PROFILE=...`), reported, and \
            the worktree removed. A path to a report folder (e.g. reports/1a2b3c4d5e6f-dirty) \
            may stand for a revision, and `.` for the working tree's current results.
            """)

    @Argument(help: "Revision A (branch, tag, commit, HEAD~1, ... or a report folder).")
    var a: String
    @Argument(help: "Revision B.")
    var b: String

    @OptionGroup var options: ResultsOptions

    @Option(help: "Relative tolerance beyond which a difference is flagged.")
    var rtol = 1e-9
    @Option(help: "Absolute tolerance beyond which a difference is flagged.")
    var atol = 1e-12
    @Option(parsing: .upToNextOption, help: "Only these experiments.")
    var experiments: [String] = []
    @Option(help: "Command that produces runs/ in a revision's worktree (PROFILE is set).")
    var buildCommand = "make experiments PROFILE=\"$PROFILE\""

    func run() throws {
        try reportingErrors {
            let root = try options.packageRoot()
            // Check experiment names before building anything (a build takes minutes).
            let known = ReportBuilder(root: root, profile: options.profile).experimentNames()
            for name in experiments where !known.contains(name) {
                throw ReportError("unknown experiment '\(name)'; known: \(known.joined(separator: ", "))")
            }
            var revisions = RevisionReports(root: root, profile: options.profile)
            revisions.buildCommand = buildCommand
            let ra = try revisions.report(for: a)
            let rb = try revisions.report(for: b)
            let comparison = try Comparison(a: ra.manifest, folderA: ra.folder, labelA: ra.label,
                                            b: rb.manifest, folderB: rb.folder, labelB: rb.label,
                                            tolerance: Tolerance(absolute: atol, relative: rtol),
                                            only: experiments.isEmpty ? nil : experiments)
            let folder = root.appendingPathComponent("reports/compare")
                .appendingPathComponent(Comparison.folderName(ra.label, rb.label))
            try comparison.write(to: folder)
            print("compare: \(folder.path)/COMPARE.md and compare.html — \(comparison.flaggedMetrics.count) of "
                  + "\(comparison.metrics.count) metrics differ, \(comparison.changedFigures.count) of "
                  + "\(comparison.figures.count) figures changed")
        }
    }
}
