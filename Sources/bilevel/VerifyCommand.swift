import ArgumentParser
import Foundation
import Lab

/// `bilevel verify <record>...`: reruns recorded runs and reports whether every number
/// (series, finals, matrices) is bitwise identical. Exit 0 when all are identical, 1 when
/// one differs, 2 when a rerun could not be made.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-run a recorded run and confirm that its results are identical.",
        discussion: """
            Runs the record's experiment again with the record's resolved config, method, seed \
            and params, into a scratch folder under .build/ (no existing result is touched), then \
            compares every number bit for bit and lists the ones that differ.
            """
    )

    @Argument(help: ArgumentHelp("Run record(s) to verify, e.g. runs/stackelberg/quick/records/<file>.json.",
                                 valueName: "record"))
    var records: [String]

    @Option(help: ArgumentHelp("Directory holding the experiment executables (default: bilevel's own).",
                               valueName: "dir"))
    var buildDir: String?

    func run() throws {
        let executables = buildDir.map { URL(fileURLWithPath: $0) } ?? Self.ownDirectory()
        var allIdentical = true
        for path in records {
            do {
                let outcome = try Verification.verify(recordAt: URL(fileURLWithPath: path), executableDirectory: executables)
                print(outcome.report)
                allIdentical = allIdentical && outcome.identical
            } catch {
                FileHandle.standardError.write(Data("bilevel verify: error: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        if !allIdentical { throw ExitCode.failure }
    }

    /// The directory of the running executable (the build directory holding the experiments).
    static func ownDirectory() -> URL {
        let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: link).resolvingSymlinksInPath().deletingLastPathComponent()
    }
}
