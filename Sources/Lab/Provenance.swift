import Foundation

/// Where and with what a run was made: everything in a run record that is neither an
/// input nor a result, except the timings (`Timing`).
///
/// Gathered once per process and package root. The toolchain, Cairo and dependency versions
/// come from the binary (`BuildInfo`, fixed at build time); only git is asked at run time.
/// Outside a git checkout `commit` is
/// "unknown" (with one warning on stderr) and the run proceeds. When the tree is dirty,
/// `diff` holds `git diff HEAD` and `untracked` the untracked, non-ignored files, so the
/// exact code of the run can be recovered.
public struct Provenance: Codable, Equatable, Sendable {
    public var commit: String
    public var dirty: Bool
    public var diff: String?
    public var untracked: [String]?
    public var host: String
    public var os: String
    public var cpu: String
    public var swiftVersion: String
    public var cairoVersion: String
    /// Package dependency -> exact version, as built into the binary (`BuildInfo.dependencies`).
    public var dependencies: [String: String]?
    public var commandLine: [String]

    /// The provenance of this process for the package at `root` (cached per root).
    public static func current(root: URL?) -> Provenance {
        let key = root?.path ?? ""
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let cached = cache[key] { return cached }
        let gathered = gather(root: root)
        cache[key] = gathered
        return gathered
    }

    nonisolated(unsafe) private static var cache: [String: Provenance] = [:]
    private static let cacheLock = NSLock()

    static func gather(root: URL?) -> Provenance {
        let git = GitState.read(at: root)
        if git.commit == "unknown" {
            printError("warning: \(root?.path ?? "the current directory") is not a git checkout; commit recorded as unknown")
        }
        return Provenance(
            commit: git.commit, dirty: git.dirty, diff: git.diff, untracked: git.untracked,
            host: ProcessInfo.processInfo.hostName,
            os: operatingSystem(),
            cpu: cpuModel(),
            swiftVersion: BuildInfo.swiftVersion,
            cairoVersion: BuildInfo.cairoVersion,
            dependencies: BuildInfo.dependencies.isEmpty ? nil : BuildInfo.dependencies,
            commandLine: CommandLine.arguments)
    }

    static func operatingSystem() -> String {
        if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) {
            for line in release.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
                let name = line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return "\(name) (\(ProcessInfo.processInfo.operatingSystemVersionString))"
            }
        }
        return ProcessInfo.processInfo.operatingSystemVersionString
    }

    static func cpuModel() -> String {
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) {
            for line in info.split(separator: "\n") where line.hasPrefix("model name") {
                if let colon = line.firstIndex(of: ":") {
                    return "\(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)) x \(ProcessInfo.processInfo.activeProcessorCount)"
                }
            }
        }
        if let brand = Shell.capture("sysctl", ["-n", "machdep.cpu.brand_string"]) { return brand }
        return "unknown (\(ProcessInfo.processInfo.activeProcessorCount) cores)"
    }
}

/// The git state of a checkout: commit, dirty flag, diff against HEAD, untracked files.
struct GitState {
    /// Largest diff stored in a record (each record carries its own copy).
    static let maxDiffBytes = 2_000_000
    var commit = "unknown"
    var dirty = false
    var diff: String?
    var untracked: [String]?

    static func read(at root: URL?) -> GitState {
        guard let root,
              Shell.capture("git", ["rev-parse", "--is-inside-work-tree"], in: root) == "true",
              let commit = Shell.capture("git", ["rev-parse", "HEAD"], in: root)
        else { return GitState() }
        var state = GitState(commit: commit)
        let status = Shell.capture("git", ["status", "--porcelain", "--untracked-files=all"], in: root) ?? ""
        state.dirty = !status.isEmpty
        if state.dirty {
            var diff = Shell.run("git", ["diff", "HEAD", "--no-color", "--no-ext-diff"], in: root)?.stdout ?? ""
            if diff.utf8.count > Self.maxDiffBytes {
                let total = diff.utf8.count
                diff = String(decoding: Array(diff.utf8.prefix(Self.maxDiffBytes)), as: UTF8.self)
                    + "\n[diff truncated: \(total) bytes, first \(Self.maxDiffBytes) kept]\n"
            }
            state.diff = diff.isEmpty ? nil : diff
            let untracked = (Shell.capture("git", ["ls-files", "--others", "--exclude-standard"], in: root) ?? "")
                .split(separator: "\n").map(String.init)
            state.untracked = untracked.isEmpty ? nil : untracked
        }
        return state
    }
}

/// Wall-clock and CPU time of one run.
public struct Timing: Codable, Equatable, Sendable {
    /// ISO 8601, UTC.
    public var start: String
    public var end: String
    public var wallSeconds: Double
    /// CPU time of the thread that ran the job.
    public var cpuSeconds: Double
}

enum Clock {
    static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
