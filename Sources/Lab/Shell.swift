import Foundation

/// Runs helper programs (git, pkg-config, swift, make) and captures their output. The one
/// process runner of the project: Lab's provenance and the report's git and worktree builds.
public enum Shell {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var ok: Bool { status == 0 }
        /// stdout without surrounding whitespace and newlines.
        public var text: String { stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Runs `program` (looked up on PATH) with `arguments` in `directory`.
    /// Returns nil when the program cannot be started. With `echo`, the child's output goes to
    /// our stderr as it comes (long builds) and only the status is returned.
    public static func run(_ program: String, _ arguments: [String], in directory: URL? = nil,
                           echo: Bool = false, environment: [String: String]? = nil) -> Output? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        if echo {
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.standardError
            process.standardError = FileHandle.standardError
            do { try process.run() } catch { return nil }
            process.waitUntilExit()
            return Output(status: process.terminationStatus, stdout: "", stderr: "")
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let errData = Locked(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errData.withLock { $0 = data }
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData.value, as: UTF8.self))
    }

    /// Trimmed stdout when the program exits 0, nil otherwise.
    public static func capture(_ program: String, _ arguments: [String], in directory: URL? = nil) -> String? {
        guard let output = run(program, arguments, in: directory), output.status == 0 else { return nil }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
