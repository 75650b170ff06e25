import ArgumentParser

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
}
