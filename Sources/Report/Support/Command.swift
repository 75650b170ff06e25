import Foundation

/// Runs an external program (git, swift, make) and captures its output.
enum Command {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var ok: Bool { status == 0 }
        /// stdout without the trailing newline.
        var text: String { stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Runs `program` (looked up on PATH) in `directory`; nil when it cannot be started.
    /// With `echo`, the child's output goes to our stderr as it comes (long builds) and
    /// only the status is returned.
    static func run(_ program: String, _ arguments: [String], in directory: URL? = nil,
                    echo: Bool = false, environment: [String: String]? = nil) -> Output? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        if echo {
            process.standardOutput = FileHandle.standardError
            process.standardError = FileHandle.standardError
            do { try process.run() } catch { return nil }
            process.waitUntilExit()
            return Output(status: process.terminationStatus, stdout: "", stderr: "")
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return nil }
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self))
    }
}

/// The git facts a report needs about a checkout.
public struct GitCheckout: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    func git(_ arguments: [String]) -> Command.Output? { Command.run("git", arguments, in: root) }

    /// Whether `root` lies in a git work tree.
    public var isRepository: Bool { git(["rev-parse", "--is-inside-work-tree"])?.text == "true" }

    /// The full commit id of HEAD, or "unknown" outside git.
    public var head: String {
        guard let out = git(["rev-parse", "HEAD"]), out.ok else { return "unknown" }
        return out.text
    }

    /// Whether tracked or untracked (non-ignored) files differ from HEAD.
    public var isDirty: Bool {
        guard let out = git(["status", "--porcelain", "--untracked-files=normal"]), out.ok else { return false }
        return !out.text.isEmpty
    }

    /// The full commit id `revision` names, or an error naming it when git does not know it.
    public func resolve(_ revision: String) throws -> String {
        guard isRepository else { throw ReportError("\(root.path) is not a git checkout; cannot resolve revision '\(revision)'") }
        guard !revision.hasPrefix("-"), let out = git(["rev-parse", "--verify", "--quiet", revision + "^{commit}"]), out.ok else {
            throw ReportError("unknown revision '\(revision)': git knows no commit by that name (try a branch, a tag, or a commit id from `git log --oneline`)")
        }
        return out.text
    }

    /// One line about a commit: `1a2b3c4 subject (2026-11-26)`.
    public func describe(_ commit: String) -> String {
        git(["log", "-1", "--format=%h %s (%cs)", commit])?.text ?? commit
    }
}

/// The toolchain of this machine, for report headers.
enum MachineToolchain {
    static var swift: String {
        Command.run("swift", ["--version"])?.stdout.split(separator: "\n").first.map(String.init) ?? "unknown"
    }
    static var cairo: String {
        Command.run("pkg-config", ["--modversion", "cairo"])?.text ?? "unknown"
    }
}
