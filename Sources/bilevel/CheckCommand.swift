import ArgumentParser
import Foundation
import Report

/// `bilevel check`: evaluates every expectation; exit status 1 when any claim fails.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate expectations.yaml against the current results; PASS/FAIL per claim, non-zero exit on any FAIL.")

    @OptionGroup var options: ResultsOptions

    @Option(help: "Expectations file (default: <root>/expectations.yaml).")
    var expectations: String?

    func run() throws {
        let failures: Int = try reportingErrors {
            let root = try options.packageRoot()
            var builder = ReportBuilder(root: root, profile: options.profile)
            if let expectations { builder.expectationsFile = URL(fileURLWithPath: expectations) }
            guard FileManager.default.fileExists(atPath: builder.expectationsFile.path) else {
                throw ReportError("expectations file not found: \(builder.expectationsFile.path)")
            }
            let content = try builder.assemble()
            // A damaged file is named as such (not "missing") and fails the check.
            for problem in content.corrupt { FileHandle.standardError.write(Data("error: unreadable result: \(problem)\n".utf8)) }
            for check in content.checks { print(check.line) }
            print("\(content.checks.count - content.failures) of \(content.checks.count) claims pass (profile \(options.profile))")
            return content.failures + content.corrupt.count
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
