import ArgumentParser
import Foundation
import Lab
import Report

/// `bilevel new NAME`: scaffolds experiments/NAME/ with a working example (docs/adding-an-experiment.md).
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Scaffold a new experiment: experiments/<name>/ (registered), its test, configs, report section and expectation.",
        discussion: """
            The example is PBRL-value against the exact hypergradient on small Garnet instances: \
            one convergence figure, one headline metric, one expectation. It builds, runs and \
            passes its test as it is; `make run E=<name> PROFILE=quick` runs it and rewrites \
            the report. A name that is invalid, reserved or taken changes nothing.
            """)

    @Argument(help: "Experiment name: lower-case letters, digits and single hyphens (e.g. my-idea).")
    var name: String

    @Option(help: "Report label, e.g. E7 (default: the next free number).")
    var number: String?

    @Option(help: "Title in the report (default: the name).")
    var title: String?

    @Option(help: "Position in the report and in make (default: last).")
    var order: Int?

    @Option(help: "Package root (default: found from the current directory).")
    var root: String?

    func run() throws {
        do {
            let root = try self.root.map { try PackageRoot.find(from: URL(fileURLWithPath: $0)) } ?? PackageRoot.find()
            let scaffold = try Scaffold(root: root, name: name, number: number, title: title, order: order)
            let files = try scaffold.write()
            print("new experiment \(scaffold.entry.heading) (\(name)):")
            for file in files { print("  \(file)") }
            print("next: make run E=\(name) PROFILE=quick   (build, run, rewrite the report); make test")
        } catch let error as ReportError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
