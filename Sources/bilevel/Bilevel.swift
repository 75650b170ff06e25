import ArgumentParser

/// `bilevel`: reports, checks and comparisons of the experiments' results.
@main
struct Bilevel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bilevel",
        abstract: "Reports, checks and comparisons for the bilevel-RL reproduction.",
        subcommands: [ReportCommand.self, CheckCommand.self, CompareCommand.self, ListCommand.self])
}
