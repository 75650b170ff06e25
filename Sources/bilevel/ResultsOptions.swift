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

/// Runs `body`, turning a `ReportError` into one line on stderr and exit status 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as ReportError {
        FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
        throw ExitCode(1)
    }
}
