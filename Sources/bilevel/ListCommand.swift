import ArgumentParser
import Foundation
import Lab
import Report

/// `bilevel list`: the experiments, which profiles have results, and the reports present.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List experiments with their results per profile, and the reports in reports/.")

    @Option(help: "Package root (default: found from the current directory).")
    var root: String?

    func run() throws {
        try reportingErrors {
            let root = try self.root.map { try PackageRoot.find(from: URL(fileURLWithPath: $0)) } ?? PackageRoot.find()
            let builder = ReportBuilder(root: root, profile: "standard")
            let numbers: [String: String]
            do {
                numbers = Dictionary(uniqueKeysWithValues: try ExperimentRegistry.entries(in: root).map { ($0.name, $0.number) })
            } catch { throw ReportError("\(error)") }
            var unreadable: [String] = []
            print("experiments (runs per profile; registry: experiments/<name>/experiment.yaml):")
            for name in try builder.experimentNames() {
                let counts = ResultsOptions.profiles.map { profile -> String in
                    let results = ExperimentResults.load(runs: builder.runs, experiment: name, profile: profile)
                    unreadable += results.corrupt
                    return "\(profile) \(results.records.count)" + (results.summary == nil ? "" : "+summary")
                        + (results.corrupt.isEmpty ? "" : " (\(results.corrupt.count) unreadable)")
                }
                let number = (numbers[name] ?? "-").padding(toLength: 4, withPad: " ", startingAt: 0)
                print("  \(number) \(name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(counts.joined(separator: ", "))")
            }
            let reports = ((try? FileManager.default.contentsOfDirectory(atPath: builder.reports.path)) ?? [])
                .filter { !$0.hasPrefix(".") && $0 != "README.md" && $0 != "compare" }.sorted()
            print("reports: " + (reports.isEmpty ? "none" : reports.joined(separator: ", ")))
            for problem in unreadable { FileHandle.standardError.write(Data("warning: unreadable: \(problem)\n".utf8)) }
        }
    }
}
