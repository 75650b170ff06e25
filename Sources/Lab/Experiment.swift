import ArgumentParser
import Foundation

/// The entry point of an experiment executable (see the example in `Lab.swift`).
///
/// `main` parses the command line (`--help` lists the options), opens the session,
/// calls `body`, writes a summary when `body` did not, and exits: 0 when every run
/// succeeded, 1 when a run failed or `body` threw, 2 for a bad config. Errors are one
/// line on stderr, prefixed with the experiment's name.
public struct Experiment {
    public let name: String
    public let methods: [String]
    public let abstract: String

    public init(_ name: String, methods: [String], abstract: String = "") {
        self.name = name
        self.methods = methods
        self.abstract = abstract
    }

    public func main(_ body: (Session) throws -> Void) -> Never {
        ExperimentCommand.name = name
        ExperimentCommand.abstract = abstract
        ExperimentCommand.methods = methods
        let command = Self.parseCommandLine()
        do {
            let session = try Session(experiment: name, methods: methods, options: command.options)
            try body(session)
            if !session.summaryWritten, !session.records.isEmpty { try session.writeSummary() }
            session.reportTotals()
            if session.failedCount > 0 {
                printError("\(name): error: \(session.failedCount) run(s) failed; see the messages above")
                exit(1)
            }
            exit(0)
        } catch let finished as ExecutorFinished {
            if !finished.message.isEmpty { print(finished.message) }
            exit(finished.exitCode)
        } catch let error as ConfigError {
            printError("\(name): error: \(error)")
            exit(2)
        } catch let error as UsageError {
            printError("\(name): error: \(error)")
            exit(2)
        } catch {
            printError("\(name): error: \(error)")
            exit(1)
        }
    }
}

extension Experiment {
    /// The parsed command line; on a bad one, one line on stderr and exit status 2
    /// (`--help` prints the help and exits 0).
    static func parseCommandLine() -> ExperimentCommand {
        do {
            return try ExperimentCommand.parse()
        } catch {
            let code = ExperimentCommand.exitCode(for: error)
            if code == .success { ExperimentCommand.exit(withError: error) }
            let message = ExperimentCommand.message(for: error)
                .split(separator: "\n").first.map(String.init) ?? "bad command line"
            let trimmed = message.hasPrefix("Error: ") ? String(message.dropFirst("Error: ".count)) : message
            printError("\(ExperimentCommand.name): error: \(trimmed) (see --help)")
            exit(2)
        }
    }
}

struct ExperimentCommand: ParsableCommand {
    nonisolated(unsafe) static var name = "experiment"
    nonisolated(unsafe) static var abstract = ""
    nonisolated(unsafe) static var methods: [String] = []

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: name,
            abstract: abstract.isEmpty ? "Runs the \(name) experiment." : abstract,
            discussion: "Methods: \(methods.joined(separator: ", ")). Configs: experiments/\(name)/configs/<profile>.yaml.")
    }

    @OptionGroup var options: ExperimentOptions
}
