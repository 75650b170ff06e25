import Foundation

/// Run records keyed by content, shared by every checkout of the repository (docs/slurm.md,
/// "Comparisons that reuse work"), as DVC's cache is.
///
/// The key is the SHA-256 of what a record's numbers depend on: schema version, experiment,
/// profile, job (method, seed, every param by bit pattern), config hash, code digest and
/// toolchain. Every ok record a run writes is also put here, and a job whose record is not in
/// the run's own folder is looked up here before it runs, so a revision checked out in
/// another worktree (`bilevel compare`) reuses every record whose inputs are unchanged.
///
/// The store is `<git common dir>/bilevel/records/<key[0..2]>/<key>.json`, i.e. inside the
/// repository's `.git`, shared by its worktrees; `BILEVEL_RECORD_STORE=<dir>` puts it
/// elsewhere and `BILEVEL_RECORD_STORE=off` turns it off. Outside git there is none. Delete
/// the folder to empty it; nothing else refers to it.
public struct RecordStore: Sendable {
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    /// The store of the repository holding `root` (nil outside git, or when turned off).
    public static func locate(root: URL?) -> RecordStore? {
        let setting = ProcessInfo.processInfo.environment["BILEVEL_RECORD_STORE"]
        if setting == "off" { return nil }
        if let setting, !setting.isEmpty { return RecordStore(folder: URL(fileURLWithPath: setting)) }
        guard let common = gitCommonDirectory(root: root) else { return nil }
        return RecordStore(folder: common.appendingPathComponent("bilevel/records", isDirectory: true))
    }

    /// `<git common dir>/bilevel`: the repository's own folder for shared work (record store,
    /// the persistent worktree `bilevel compare` builds revisions in), or nil outside git.
    public static func sharedFolder(root: URL?) -> URL? {
        gitCommonDirectory(root: root).map { $0.appendingPathComponent("bilevel", isDirectory: true) }
    }

    static func gitCommonDirectory(root: URL?) -> URL? {
        guard let root, let path = Shell.capture("git", ["rev-parse", "--git-common-dir"], in: root), !path.isEmpty else { return nil }
        // Relative (".git") from inside the main checkout, absolute from a linked worktree.
        return (path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)).standardizedFileURL
    }

    public static func key(experiment: String, profile: String, job: Job, configHash: String,
                           codeDigest: String, toolchain: String) -> String {
        var hasher = SHA256()
        hasher.update("bilevel-record-store 1\u{0}schema \(RunRecord.currentSchemaVersion)\u{0}")
        for field in [experiment, profile, job.method, String(job.seed)] { hasher.update(field + "\u{0}") }
        for name in job.params.keys.sorted() {
            hasher.update("\(name)=\(String(job.params[name]!.bitPattern, radix: 16))\u{0}")
        }
        for field in [configHash, codeDigest, toolchain] { hasher.update(field + "\u{0}") }
        return SHA256.hexString(hasher.finalize())
    }

    func url(forKey key: String) -> URL {
        folder.appendingPathComponent(String(key.prefix(2)), isDirectory: true).appendingPathComponent(key + ".json")
    }

    /// The stored ok record for these inputs, or nil.
    public func record(experiment: String, profile: String, job: Job, configHash: String,
                       codeDigest: String, toolchain: String) -> RunRecord? {
        let url = url(forKey: Self.key(experiment: experiment, profile: profile, job: job, configHash: configHash,
                                       codeDigest: codeDigest, toolchain: toolchain))
        guard FileManager.default.fileExists(atPath: url.path), let record = try? RunRecord.load(url),
              record.experiment == experiment, record.profile == profile,
              record.satisfies(job, configHash: configHash, codeDigest: codeDigest, toolchain: toolchain)
        else { return nil }
        return record
    }

    /// Stores an ok record (atomically; a record already stored under its key is kept).
    public func put(_ record: RunRecord) {
        guard record.status == .ok, record.codeDigest != "unknown" else { return }
        let url = url(forKey: Self.key(experiment: record.experiment, profile: record.profile, job: record.job,
                                       configHash: record.configHash, codeDigest: record.codeDigest,
                                       toolchain: record.toolchain))
        guard !FileManager.default.fileExists(atPath: url.path), let data = try? record.encoded() else { return }
        try? AtomicFile.write(data, to: url)
    }
}
