import Foundation
import Lab

/// Finds, or makes, the report of a git revision.
///
/// A revision's report is `reports/<commit12>/` (clean commits only). When it is missing,
/// the revision is checked out in the repository's persistent build worktree
/// (`<git common dir>/bilevel/worktree`, shared by every checkout, one build at a time), its
/// experiments are run there by `buildCommand` (default `make experiments PROFILE=<profile>`,
/// i.e. a release build and every experiment), and the report is written by this tool from
/// the worktree's `runs/` into our `reports/<commit12>/`. The worktree stays: its build folder
/// (`.build`) is reused by the next revision, so `git checkout` touching only what differs
/// means the build recompiles only that, and its records come from the content-keyed
/// `RecordStore` whenever their inputs are unchanged (docs/slurm.md). `notes` says, per
/// revision built, how many records were reused.
/// An argument naming an existing report folder is used as it is; `.` stands for the working
/// tree (its current `runs/`, reported first into `reports/<commit>-dirty/`). A stored report
/// of a commit is never replaced by anything a comparison does.
public struct RevisionReports {
    public var root: URL
    public var profile: String
    /// Run in the worktree with `sh -c`; `PROFILE` is set in its environment.
    public var buildCommand = "make experiments PROFILE=\"$PROFILE\""
    /// Progress lines (building a revision takes minutes).
    public var log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    /// How each revision was obtained, by label (e.g. "built in 9 s: 120 of 120 records reused").
    public let notes = BuildNotes()

    public final class BuildNotes: @unchecked Sendable {
        public var byLabel: [String: String] = [:]
    }

    public init(root: URL, profile: String) {
        self.root = root; self.profile = profile
    }

    var reports: URL { root.appendingPathComponent("reports") }

    /// A report for `argument` (a revision or a report folder): its folder, manifest and a label.
    public func report(for argument: String) throws -> (folder: URL, manifest: ReportManifest, label: String) {
        if argument == "." {
            // The working tree as it is: its current runs/, reported to reports/<commit>-dirty/
            // even when no file differs from HEAD (runs/ need not be HEAD's results), so
            // HEAD's stored report is never replaced.
            var builder = ReportBuilder(root: root, profile: profile)
            builder.dirty = true
            let folder = try builder.write()
            return (folder, try ReportManifest.load(from: folder), "working-tree")
        }
        var isDir: ObjCBool = false
        let asPath = URL(fileURLWithPath: argument, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        if argument.contains("/"), FileManager.default.fileExists(atPath: asPath.path, isDirectory: &isDir), isDir.boolValue {
            return (asPath, try ReportManifest.load(from: asPath), asPath.lastPathComponent)
        }
        let git = GitCheckout(root: root)
        let commit = try git.resolve(argument)
        let folder = reports.appendingPathComponent(ReportBuilder.folderName(commit: commit, dirty: false, profile: profile))
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(ReportManifest.fileName).path) {
            let manifest = try ReportManifest.load(from: folder)
            guard manifest.profile == profile else {
                throw ReportError("\(folder.path) holds profile '\(manifest.profile)', not '\(profile)'; pass --profile \(manifest.profile) or delete the folder to rebuild it")
            }
            return (folder, manifest, String(commit.prefix(12)))
        }
        let note = try build(commit: commit, label: argument)
        notes.byLabel[String(commit.prefix(12))] = note
        return (folder, try ReportManifest.load(from: folder), String(commit.prefix(12)))
    }

    /// Builds `commit` in the persistent worktree and writes its report to `reports/<commit12>/`;
    /// returns a line on how it went (time, records reused).
    func build(commit: String, label: String) throws -> String {
        let fm = FileManager.default
        guard let shared = RecordStore.sharedFolder(root: root) else {
            throw ReportError("\(root.path) is not a git checkout; cannot build revision \(label)")
        }
        try fm.createDirectory(at: shared, withIntermediateDirectories: true)
        let lock = try FileLock(shared.appendingPathComponent("worktree.lock"))
        defer { lock.unlock() }
        let worktree = shared.appendingPathComponent("worktree", isDirectory: true)
        log("compare: \(label) (\(commit.prefix(12))) has no report; building it in the worktree \(worktree.path)")
        try checkout(commit, in: worktree, label: label)
        // The previous revision's results go; this one's records come from the store (same
        // inputs) or are computed.
        try? fm.removeItem(at: worktree.appendingPathComponent("runs"))
        let started = Date()
        var environment = ProcessInfo.processInfo.environment
        environment["PROFILE"] = profile
        // The toolchain leaves folders in its TMPDIR: give the build a private one inside the
        // worktree, removed with it.
        let privateTemporary = worktree.appendingPathComponent(".build/bilevel-tmp", isDirectory: true)
        try fm.createDirectory(at: privateTemporary, withIntermediateDirectories: true)
        environment["TMPDIR"] = privateTemporary.path
        log("compare: running `\(buildCommand)` in the worktree (profile \(profile))")
        guard let result = Shell.run("sh", ["-c", buildCommand], in: worktree, echo: true, environment: environment) else {
            throw ReportError("could not start `\(buildCommand)` for \(label)")
        }
        guard result.ok else {
            throw ReportError("building \(label) (\(commit.prefix(12))) in the build worktree failed: `\(buildCommand)` exited with status \(result.status) (its output is above)")
        }
        var builder = ReportBuilder(root: worktree, profile: profile)
        builder.reports = reports
        builder.commit = commit
        builder.dirty = false
        let content = try builder.assemble()
        if content.experiments.allSatisfy({ $0.results.records.isEmpty }) {
            throw ReportError("\(label) (\(commit.prefix(12))) produced no results for profile '\(profile)' (no run records under runs/*/\(profile)/)")
        }
        try builder.write(content)
        log("compare: wrote reports/\(ReportBuilder.folderName(commit: commit, dirty: false, profile: profile))/")
        let records = content.experiments.flatMap(\.results.records)
        let reused = records.filter { record in
            record.start.flatMap(Self.parseDate).map { $0 < started } ?? false
        }.count
        let seconds = Int(Date().timeIntervalSince(started).rounded())
        let note = "built and run in \(seconds) s: \(reused) of \(records.count) records reused (inputs unchanged), \(records.count - reused) computed"
        log("compare: \(label): \(note)")
        return note
    }

    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// Checks out `commit` in the persistent worktree (adding it the first time, or again when
    /// it is broken). Only files that differ change, so unchanged sources keep their build.
    func checkout(_ commit: String, in worktree: URL, label: String) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: worktree.appendingPathComponent(".git").path) {
            if Shell.run("git", ["checkout", "--quiet", "--force", "--detach", commit], in: worktree)?.ok == true {
                // Untracked files of an earlier revision go; ignored ones (.build, runs) stay.
                _ = Shell.run("git", ["clean", "-fdq"], in: worktree)
                return
            }
            log("compare: the worktree \(worktree.path) is broken; adding it again")
            _ = Shell.run("git", ["worktree", "remove", "--force", worktree.path], in: root)
        }
        try? fm.removeItem(at: worktree)
        _ = Shell.run("git", ["worktree", "prune"], in: root)
        guard let add = Shell.run("git", ["worktree", "add", "--detach", worktree.path, commit], in: root), add.ok else {
            throw ReportError("could not create a git worktree for \(label) at \(worktree.path)")
        }
    }
}

/// An exclusive lock on a file (flock), held until `unlock` or the process ends.
final class FileLock {
    let descriptor: Int32

    init(_ url: URL) throws {
        descriptor = open(url.path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else { throw ReportError("cannot open the lock file \(url.path)") }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            FileHandle.standardError.write(Data("compare: waiting for another build in the worktree (\(url.path))\n".utf8))
            guard flock(descriptor, LOCK_EX) == 0 else { close(descriptor); throw ReportError("cannot lock \(url.path)") }
        }
    }

    func unlock() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
