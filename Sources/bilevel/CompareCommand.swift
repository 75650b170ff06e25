import ArgumentParser
import Foundation
import Report

/// `bilevel compare A B`: placeholder until the comparison lands.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the results of two git revisions (reports/compare/).")

    @Argument(help: "First revision (any git revision, or a report folder).")
    var a: String
    @Argument(help: "Second revision.")
    var b: String

    func run() throws {
        throw ExitCode(2)
    }
}
