import ArgumentParser
import Foundation
import Report

/// Options every results command shares: where the package is and which profile to read.
struct ResultsOptions: ParsableArguments {
    @Option(help: "Profile whose results to read (quick, standard or full).")
    var profile = "standard"

    @Option(help: "Package root (default: found from the current directory).")
    var root: String?

    static let profiles = ["quick", "standard", "full"]

    func validate() throws {
        guard Self.profiles.contains(profile) else {
            throw ValidationError("unknown profile '\(profile)'; valid profiles: \(Self.profiles.joined(separator: ", "))")
        }
    }

    func packageRoot() throws -> URL {
        if let root { return try PackageRoot.find(from: URL(fileURLWithPath: root)) }
        return try PackageRoot.find()
    }
}

extension ResultsOptions {
    /// No results at all, or a damaged result file without `--allow-partial`: an error
    /// naming what is wrong (one line per file), before anything is written.
    static func requireResults(_ content: ReportContent, profile: String, allowPartial: Bool) throws {
        if content.hasNoResults {
            throw ReportError("no results for profile '\(profile)' (no run record or summary under runs/*/\(profile)/); run `make experiments PROFILE=\(profile)` first")
        }
        let corrupt = content.corrupt
        if !corrupt.isEmpty, !allowPartial {
            for problem in corrupt.dropLast() { FileHandle.standardError.write(Data("error: \(problem)\n".utf8)) }
            throw ReportError("\(corrupt.last!) (\(corrupt.count) unreadable file(s); rerun the experiment, or pass --allow-partial to report without them)")
        }
    }
}

/// Runs `body`, turning a `ReportError` into one line on stderr and exit status 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as ReportError {
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        throw ExitCode(1)
    }
}
