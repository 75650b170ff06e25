import ArgumentParser
import Foundation
import Lab

/// `bilevel same-records A B`: whether two folders hold the same run records, every field
/// identical but the run's measurements and command line (e.g. a Slurm sweep against a local
/// run, docs/slurm.md). Exit 0 when they do, 1 otherwise.
struct SameRecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "same-records",
        abstract: "Check that two record folders hold identical run records (timing and command line aside).")

    @Argument(help: "A records folder, e.g. runs/stackelberg/quick/records.")
    var a: String
    @Argument(help: "Another records folder.")
    var b: String

    func run() throws {
        let left = URL(fileURLWithPath: a), right = URL(fileURLWithPath: b)
        let differences = try RecordFolderComparison.differences(left, right)
        let count = RecordFolderComparison.recordNames(in: left).count
        if differences.isEmpty {
            print("same-records: \(count) records identical (timing and command line aside)")
            return
        }
        for line in differences { print("same-records: \(line)") }
        print("same-records: \(differences.count) difference(s)")
        throw ExitCode.failure
    }
}
