import Foundation
import Lab

/// Finds, or makes, the report of a git revision.
///
/// A revision's report is `reports/<commit12>/` (clean commits only). When it is missing,
/// the revision is checked out in a temporary `git worktree`, its experiments are run there
/// by `buildCommand` (default `make experiments PROFILE=<profile>`, i.e. a release build and
/// every experiment), the report is written by this tool from the worktree's `runs/` into
/// our `reports/<commit12>/`, and the worktree is removed, whether or not this succeeded.
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
        try build(commit: commit, label: argument)
        return (folder, try ReportManifest.load(from: folder), String(commit.prefix(12)))
    }

    /// Builds `commit` in a temporary worktree and writes its report to `reports/<commit12>/`.
    func build(commit: String, label: String) throws {
        let fm = FileManager.default
        let worktree = fm.temporaryDirectory.appendingPathComponent("bilevel-\(commit.prefix(12))-\(getpid())")
        try? fm.removeItem(at: worktree)
        log("compare: \(label) (\(commit.prefix(12))) has no report; building it in a temporary worktree \(worktree.path)")
        guard let add = Shell.run("git", ["worktree", "add", "--detach", worktree.path, commit], in: root), add.ok else {
            throw ReportError("could not create a git worktree for \(label) at \(worktree.path)")
        }
        defer {
            _ = Shell.run("git", ["worktree", "remove", "--force", worktree.path], in: root)
            try? fm.removeItem(at: worktree)
            _ = Shell.run("git", ["worktree", "prune"], in: root)
            // SwiftPM leaves lock files named after the build folder's path in the temp folder.
            let prefix = worktree.path.replacingOccurrences(of: "/", with: "_")
            for name in (try? fm.contentsOfDirectory(atPath: fm.temporaryDirectory.path)) ?? [] where name.hasPrefix(prefix) {
                try? fm.removeItem(at: fm.temporaryDirectory.appendingPathComponent(name))
            }
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PROFILE"] = profile
        log("compare: running `\(buildCommand)` in the worktree (profile \(profile))")
        guard let result = Shell.run("sh", ["-c", buildCommand], in: worktree, echo: true, environment: environment) else {
            throw ReportError("could not start `\(buildCommand)` for \(label)")
        }
        guard result.ok else {
            throw ReportError("building \(label) (\(commit.prefix(12))) in a temporary worktree failed: `\(buildCommand)` exited with status \(result.status) (its output is above)")
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
    }
}
