import Foundation

/// Reruns a recorded run and compares its numbers with the record's (`bilevel verify`).
///
/// The rerun invokes the experiment's executable with the record's resolved config
/// (written to a scratch file), its method, seed and params, `--force`, one job, and
/// `--out` in a scratch folder under `.build/bilevel-verify/` of the package (never the
/// system's temporary directory), so no existing result is touched. The two records
/// are then compared with `RecordComparison` (bitwise, no tolerance).
public enum Verification {
    public struct Outcome: Sendable {
        public var recorded: RunRecord
        public var rerun: RunRecord
        public var differences: [RecordComparison.Difference]
        /// Input differences worth knowing (code digest, toolchain, config hash).
        public var notes: [String]
        /// The rerun reproduced every number of an ok record (a failed record has none to confirm).
        public var identical: Bool { differences.isEmpty && recorded.status == .ok }

        public init(recorded: RunRecord, rerun: RunRecord) {
            self.recorded = recorded
            self.rerun = rerun
            differences = RecordComparison.differences(recorded, rerun)
            notes = []
            if recorded.configHash != rerun.configHash {
                notes.append("config hash differs: recorded \(recorded.configHash.prefix(12)), rerun \(rerun.configHash.prefix(12))")
            }
            if recorded.codeDigest != rerun.codeDigest {
                notes.append("the code differs from the recorded run's (code digest \(recorded.codeDigest.prefix(12)) -> \(rerun.codeDigest.prefix(12)))")
            }
            if recorded.toolchain != rerun.toolchain {
                notes.append("toolchain differs: recorded \(recorded.toolchain), rerun \(rerun.toolchain)")
            }
        }

        /// How many numbers were compared (series points, finals, matrix entries).
        public var comparedCount: Int {
            recorded.series.values.reduce(0) { $0 + $1.count } + recorded.finals.count
                + recorded.matrices.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        }

        /// The report printed by `bilevel verify`: a headline, then one line per difference.
        public var report: String {
            let r = recorded
            let head = "\(r.experiment) \(r.job) (\(r.profile), config \(r.configHash.prefix(12))): "
            if r.status == .failed {
                let again = rerun.status == .failed
                    ? (rerun.error == r.error ? "the rerun fails the same way" : "the rerun fails too: \(rerun.error ?? "no message")")
                    : "the rerun succeeded (\(rerun.finals.count) finals): rerun the experiment to replace the record"
                return head + "NOT VERIFIED: the recorded run failed (\(r.error ?? "no message")), so it holds no numbers to confirm; \(again)"
            }
            var lines = [head
                + (identical ? "identical (\(comparedCount) numbers: \(r.series.count) series, \(r.finals.count) finals, \(r.matrices.count) matrices)"
                             : "DIFFERENT in \(differences.count) place(s)")]
            lines += differences.map { "  \($0)" }
            lines += notes.map { "  note: \($0)" }
            return lines.joined(separator: "\n")
        }
    }

    /// Reruns the record at `recordURL` with the executable `executableDirectory/<experiment>`.
    public static func verify(recordAt recordURL: URL, executableDirectory: URL,
                              workingDirectory: URL? = Workspace.locate().root) throws -> Outcome {
        let recorded = try RunRecord.load(recordURL)
        guard recorded.schemaVersion == RunRecord.currentSchemaVersion else {
            throw LabError("\(recordURL.path) has record schema \(recorded.schemaVersion); this tool reads schema \(RunRecord.currentSchemaVersion) (rebuild the tool, or rerun the experiment)")
        }
        _ = try ExperimentCatalog.resolve(recorded.experiment, root: workingDirectory)
        let rerun = try self.rerun(recorded, executableDirectory: executableDirectory, workingDirectory: workingDirectory)
        return Outcome(recorded: recorded, rerun: rerun)
    }

    /// Runs the record's job again in a temporary directory and returns the new record.
    public static func rerun(_ record: RunRecord, executableDirectory: URL, workingDirectory: URL?) throws -> RunRecord {
        guard ExperimentCatalog.isPlainName(record.experiment) else {
            throw LabError("the record names experiment '\(record.experiment.prefix(60))', which is not an experiment name")
        }
        let executable = executableDirectory.appendingPathComponent(record.experiment)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw LabError("no executable '\(record.experiment)' in \(executableDirectory.path); build it first (swift build --product \(record.experiment))")
        }
        let scratchRoot = (workingDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .appendingPathComponent(".build/bilevel-verify", isDirectory: true)
        removeStaleScratch(in: scratchRoot)
        let scratch = scratchRoot.appendingPathComponent("\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(at: scratch)
            rmdir(scratchRoot.path)  // only when empty (no other verify running)
        }
        let config = scratch.appendingPathComponent("config.yaml")
        try AtomicFile.write(try configYAML(record.config), to: config)
        let out = scratch.appendingPathComponent("out")
        let arguments = commandLine(for: record, config: config, out: out)
        guard let result = Shell.run(executable.path, arguments, in: workingDirectory) else {
            throw LabError("cannot start \(executable.path)")
        }
        let records = RunRecord.loadAll(in: out.appendingPathComponent("records")).filter { $0.job == record.job }
        guard let rerun = records.first else {
            var reason = result.stderr.split(separator: "\n").last.map(String.init) ?? "exit status \(result.status)"
            if reason.contains("matches no job") {
                reason += "; the recorded job is not one the config makes now (for a user landscape: the instance file it was drawn from changed since the record was made)"
            }
            throw LabError("the rerun of \(record.experiment) \(record.job) wrote no record: \(reason)")
        }
        return rerun
    }

    /// Removes the scratch folders (`<pid>-<uuid>`) of verify processes that no longer run.
    static func removeStaleScratch(in directory: URL) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
            guard let pid = name.split(separator: "-").first.flatMap({ Int32($0) }), pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
    }

    /// The experiment's arguments that reproduce `record`'s job.
    static func commandLine(for record: RunRecord, config: URL, out: URL) -> [String] {
        var arguments = ["--config", config.path, "--seeds", "\(record.seed)", "--methods", record.method,
                         "--out", out.path, "--force", "--jobs", "1"]
        if Profile(rawValue: record.profile) != nil { arguments += ["--profile", record.profile] }
        // Shortest round-trip decimal forms: the filter matches the recorded doubles bit for bit.
        if let params = record.job.paramsText { arguments += ["--params", params] }
        return arguments
    }

    /// The resolved config as YAML: its canonical JSON, which YAML reads as flow style.
    static func configYAML(_ config: JSONValue) throws -> String {
        "# resolved config of a recorded run, written by bilevel verify\n"
            + String(decoding: try config.canonicalData(), as: UTF8.self) + "\n"
    }
}
