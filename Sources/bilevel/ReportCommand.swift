import ArgumentParser
import Foundation
import Report

/// `bilevel report`: writes reports/<commit>/ from the runs of the current checkout.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write reports/<commit>/ (REPORT.md, report.html, figures, metrics.json, checks) from runs/.")

    @OptionGroup var options: ResultsOptions

    @Option(parsing: .upToNextOption, help: "Only these experiments (default: all).")
    var experiments: [String] = []

    @Option(help: "Expectations file (default: <root>/expectations.yaml).")
    var expectations: String?

    @Flag(help: "Write the report even when some result files are unreadable (they are listed in its header); without it, an unreadable file is an error.")
    var allowPartial = false

    func run() throws {
        try reportingErrors {
            var builder = ReportBuilder(root: try options.packageRoot(), profile: options.profile)
            if !experiments.isEmpty { builder.only = experiments }
            if let expectations { builder.expectationsFile = URL(fileURLWithPath: expectations) }
            var content = try builder.assemble()
            try ResultsOptions.requireResults(content, profile: options.profile, allowPartial: allowPartial)
            content.leaveOutDamaged = allowPartial
            let folder = try builder.write(content)
            let cwd = FileManager.default.currentDirectoryPath + "/"
            let shown = folder.path.hasPrefix(cwd) ? String(folder.path.dropFirst(cwd.count)) : folder.path
            print("report: \(shown)/REPORT.md and report.html (\(content.experiments.count) experiments, "
                  + "\(content.checks.count - content.failures)/\(content.checks.count) checks pass)")
        }
    }
}
