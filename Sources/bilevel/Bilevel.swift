import ArgumentParser
import Foundation

/// The `bilevel` command-line tool. Each subcommand lives in its own file
/// (`<Name>Command.swift`); add new ones to `subcommands`, one per line.
@main
struct Bilevel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bilevel",
        abstract: "Reports, checks, comparisons and verification of the bilevel RL experiments.",
        subcommands: [
            ReportCommand.self,
            CheckCommand.self,
            CompareCommand.self,
            ListCommand.self,
            VerifyCommand.self,
            SameRecordsCommand.self,
            NewCommand.self,
            SolveCommand.self,
        ]
    )

    /// A bad command line is one line on stderr and exit status 2 (`--help` prints the help).
    static func main() {
        let command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            guard exitCode(for: error) != .success else { exit(withError: error) }
            let first = message(for: error).split(separator: "\n").first.map(String.init) ?? "bad command line"
            let text = first.hasPrefix("Error: ") ? String(first.dropFirst("Error: ".count)) : first
            FileHandle.standardError.write(Data("bilevel: error: \(text) (see bilevel --help)\n".utf8))
            Foundation.exit(2)
        }
        do {
            var command = command
            try command.run()
        } catch {
            exit(withError: error)
        }
        Foundation.exit(0)
    }
}
