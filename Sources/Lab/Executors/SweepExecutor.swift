import Foundation

/// Thrown by `Session.run` when the executor has done this process's whole work (submitted
/// a sweep, printed its status, ran one array task); `Experiment.main` prints `message` on
/// stdout and exits with `exitCode`, writing no summary.
public struct ExecutorFinished: Error, CustomStringConvertible {
    public var message: String
    public var exitCode: Int32
    public init(_ message: String, exitCode: Int32 = 0) { self.message = message; self.exitCode = exitCode }
    public var description: String { message }
}

/// The programs the Slurm executor calls (tests substitute fakes).
public struct SlurmCommands: Sendable {
    public var sbatch = "sbatch"
    public var scontrol = "scontrol"
    public var squeue = "squeue"
    public init() {}
    /// Taken from `BILEVEL_SBATCH`, `BILEVEL_SCONTROL`, `BILEVEL_SQUEUE` when set.
    public static var fromEnvironment: SlurmCommands {
        let env = ProcessInfo.processInfo.environment
        var commands = SlurmCommands()
        if let value = env["BILEVEL_SBATCH"] { commands.sbatch = value }
        if let value = env["BILEVEL_SCONTROL"] { commands.scontrol = value }
        if let value = env["BILEVEL_SQUEUE"] { commands.squeue = value }
        return commands
    }
}

/// What `Session.run` does for `--executor slurm`, `--status`, `--slurm-task` and
/// `--slurm-collect` (docs/slurm.md): submit the missing jobs as arrays plus a collect job,
/// report progress from disk, run the one job of an array task, or collect the records.
struct SweepExecutor {
    let session: Session
    var runner: Runner
    let selected: [Job]
    var commands = SlurmCommands.fromEnvironment

    var options: ExecutorOptions { session.options.executor }
    var files: SweepFiles { SweepFiles(layout: session.layout) }

    var list: SweepJobList {
        SweepJobList(experiment: session.experiment, profile: session.profile, configHash: runner.configHash,
                     codeDigest: runner.codeDigest ?? "unknown", toolchain: runner.toolchain,
                     jobs: selected.map(SweepJobList.Entry.init))
    }

    func run(_ body: @escaping @Sendable (Job) throws -> RunResult) throws -> Runner.Outcome {
        guard runner.codeDigest != nil else {
            throw LabError("the Slurm executor needs the package sources (for the code digest every task checks); run from inside the package")
        }
        if let index = options.slurmTask { try runTask(index, body) }
        if options.slurmCollect { return collect() }
        if options.status { throw ExecutorFinished(status().report(experiment: session.experiment, profile: session.profile)) }
        return try submit()
    }

    // MARK: Status

    /// The current inputs' jobs; logs and submissions count only when `jobs.json` holds them.
    func status() -> SweepStatus {
        let current = list
        var sweep = files
        if let written = try? SweepJobList.load(files.jobList), !written.sameInputs(as: current) {
            printError("note: \(session.experiment): \(files.jobList.path) was written for other inputs (config or code changed since); its logs are ignored")
            sweep = SweepFiles(folder: files.folder.appendingPathComponent("nonexistent"))
        }
        return SweepStatus.read(list: current, records: session.recordsDirectory, files: sweep)
    }

    // MARK: One array task

    func runTask(_ index: Int, _ body: @escaping @Sendable (Job) throws -> RunResult) throws -> Never {
        let written = try SweepJobList.load(files.jobList)
        let current = list
        guard written.sameInputs(as: current) else {
            var why: [String] = []
            if written.configHash != current.configHash { why.append("config hash \(written.configHash.prefix(12)) -> \(current.configHash.prefix(12))") }
            if written.codeDigest != current.codeDigest { why.append("code digest \(written.codeDigest.prefix(12)) -> \(current.codeDigest.prefix(12))") }
            if written.toolchain != current.toolchain { why.append("toolchain \(written.toolchain) -> \(current.toolchain)") }
            if written.jobs != current.jobs { why.append("job list") }
            throw LabError("task \(index): the inputs changed since the sweep was submitted (\(why.joined(separator: ", "))); resubmit with --executor slurm")
        }
        guard written.jobs.indices.contains(index) else {
            throw LabError("task \(index): the job list has \(written.jobs.count) jobs (indices 0..\(written.jobs.count - 1))")
        }
        let job = written.jobs[index].job
        printError("bilevel-task job index=\(index) pid=\(getpid()) \(job)")
        if let stall = ProcessInfo.processInfo.environment["BILEVEL_TEST_STALL_JOBS"],
           stall.split(separator: ",").compactMap({ Int($0) }).contains(index) {
            // Test hook (scripts/slurm-test.sh): hold this job until the test kills it.
            printError("bilevel-task stalling (BILEVEL_TEST_STALL_JOBS)")
            sleep(3600)
        }
        var runner = self.runner
        runner.force = true
        runner.parallelism = 1
        runner.showProgress = false
        // Other nodes' live temporaries look stale from here (their pids are not ours to see).
        runner.removesStaleTemporaries = false
        let outcome = runner.run([job], body)
        let record = outcome.records[0]
        throw ExecutorFinished("", exitCode: record.status == .ok ? 0 : 1)
    }

    // MARK: Collect

    /// The records on disk for the selected jobs (ok, or failed for the same inputs); the
    /// missing ones are counted as failed (so the exit status says the sweep is incomplete).
    func collect() -> Runner.Outcome {
        var runner = self.runner
        runner.force = false
        var records: [RunRecord] = []
        var cached = 0, failed = 0, missing: [Job] = []
        for job in selected {
            if let record = runner.cachedRecord(for: job) {
                records.append(record); cached += 1
                continue
            }
            let url = session.recordsDirectory.appendingPathComponent(RunRecord.fileName(for: job, configHash: runner.configHash))
            if let record = try? RunRecord.load(url), record.job == job, record.status == .failed,
               record.configHash == runner.configHash, record.codeDigest == runner.codeDigest {
                records.append(record); cached += 1; failed += 1
            } else {
                missing.append(job)
            }
        }
        if !missing.isEmpty {
            printError("\(session.experiment): error: \(missing.count) of \(selected.count) jobs have no record (first: \(missing[0])); see --status, resubmit with --executor slurm")
        }
        return Runner.Outcome(records: records, cached: cached, ran: 0, failed: failed + missing.count)
    }

    // MARK: Submit

    func submit() throws -> Runner.Outcome {
        let current = list
        let written = try? SweepJobList.load(files.jobList)
        let fresh = written.map { !$0.sameInputs(as: current) } ?? true
        if fresh, let written {
            let old = SweepStatus.read(list: written, records: session.recordsDirectory, files: files)
            let active = old.count(.running) + old.count(.queued)
            if active > 0 {
                throw LabError("\(active) task(s) of a sweep with other inputs are still running or queued (\(files.folder.path)); wait for them or scancel them first")
            }
        }
        let sweepFiles = fresh ? SweepFiles(folder: files.folder.appendingPathComponent("nonexistent")) : files
        // Jobs computed before with the same inputs (in this or another checkout) are done:
        // their records are copied from the shared store and not submitted.
        if !session.options.force, !options.slurmDryRun { for job in current.jobs.map(\.job) { _ = runner.cachedRecord(for: job) } }
        var status = SweepStatus.read(list: current, records: session.recordsDirectory, files: sweepFiles)
        status = try requeueForgotten(status)
        let submit = session.options.force ? status.indices([.done, .failed, .missing]) : status.indices([.failed, .missing])
        let active = status.count(.running) + status.count(.queued)
        if submit.isEmpty {
            if active > 0 {
                throw ExecutorFinished("\(session.experiment) (\(session.profile)): nothing to submit: \(status.count(.running)) running, \(status.count(.queued)) queued; see --status")
            }
            printError("\(session.experiment) (\(session.profile)): every job has its record; nothing to submit, collecting here")
            return collect()
        }
        let settings = try SlurmSettings.resolve(options, root: session.workspace.root)
        let scripts = SlurmScripts(experiment: session.experiment, profile: session.profile,
                                   executable: Self.executablePath(), arguments: taskArguments(),
                                   root: session.workspace.root!, files: files, settings: settings)
        let maxArraySize = try settings.maxArraySize ?? readMaxArraySize()
        let chunks = ArrayChunks.chunks(submit, maxArraySize: maxArraySize)

        if options.slurmDryRun {
            var lines = ["# dry run: \(submit.count) of \(current.jobs.count) jobs in \(chunks.count) array(s); nothing written or submitted",
                         "# \(files.taskScript.path):", scripts.taskScript,
                         "# \(files.collectScript.path):", scripts.collectScript]
            for chunk in chunks { lines.append("sbatch " + scripts.arrayArguments(spec: chunk.spec, base: chunk.base).map(SlurmScripts.quote).joined(separator: " ")) }
            lines.append("sbatch " + scripts.collectArguments(after: chunks.indices.map { "<array \($0 + 1)>" }).map(SlurmScripts.quote).joined(separator: " "))
            throw ExecutorFinished(lines.joined(separator: "\n"))
        }

        let fm = FileManager.default
        if fresh {
            // A new set of inputs: the old indices mean other jobs, so their logs go.
            try? fm.removeItem(at: files.logs)
            try? fm.removeItem(at: files.submissions)
            try current.write(to: files.jobList)
        }
        // Slurm opens the --output file before the script runs: a missing folder fails the
        // task with no log at all.
        try fm.createDirectory(at: files.logs, withIntermediateDirectories: true)
        try fm.createDirectory(at: session.recordsDirectory, withIntermediateDirectories: true)
        try AtomicFile.write(scripts.taskScript, to: files.taskScript)
        try AtomicFile.write(scripts.collectScript, to: files.collectScript)
        for url in [files.taskScript, files.collectScript] {
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }

        var submissions: [SweepSubmission] = []
        let now = Date().timeIntervalSince1970
        for chunk in chunks {
            let id = try sbatch(scripts.arrayArguments(spec: chunk.spec, base: chunk.base))
            submissions.append(SweepSubmission(arrayJobID: id, base: chunk.base, indices: chunk.indices, collectJobID: nil, submitted: now))
            // Recorded at once, so that a failure of a later sbatch leaves the queued ones known.
            try SweepSubmission.append([submissions.last!], to: files.submissions)
        }
        let collectID = try sbatch(scripts.collectArguments(after: submissions.map(\.arrayJobID)))
        var all = SweepSubmission.loadAll(files.submissions)
        for i in all.indices where submissions.contains(where: { $0.arrayJobID == all[i].arrayJobID }) { all[i].collectJobID = collectID }
        try SweepSubmission.write(all, to: files.submissions)

        let arrays = zip(submissions, chunks).map { "\($0.arrayJobID) (--array=\($1.spec)\(settings.concurrency.map { "%\($0)" } ?? ""), base \($1.base))" }
        throw ExecutorFinished("""
            \(session.experiment) (\(session.profile)): submitted \(submit.count) of \(current.jobs.count) jobs \
            (\(status.count(.done)) done, \(active) already running or queued) as array job(s) \(arrays.joined(separator: ", ")); \
            collect job \(collectID) (afterany) writes the summary and figures
              status: \(([Self.executablePath()] + taskArguments() + ["--status"]).map(SlurmScripts.quote).joined(separator: " "))
              logs:   \(files.logs.path)/
            """)
    }

    /// Queued jobs whose array task Slurm no longer knows (cancelled while pending) count as
    /// missing. One `squeue` call, only when something is queued.
    func requeueForgotten(_ status: SweepStatus) throws -> SweepStatus {
        let queued = status.items.filter { $0.state == .queued }
        guard !queued.isEmpty else { return status }
        let submissions = SweepSubmission.loadAll(files.submissions)
        let ids = Set(submissions.map(\.arrayJobID))
        guard let output = Shell.run(commands.squeue, ["-h", "-r", "-o", "%i", "-j", ids.sorted().joined(separator: ",")]) else {
            return status
        }
        // squeue exits non-zero when none of the ids is known any more.
        let known = output.ok ? Set(output.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }) : []
        var result = status
        for i in result.items.indices where result.items[i].state == .queued {
            let index = result.items[i].index
            guard let last = submissions.last(where: { $0.indices.contains(index) }) else { continue }
            if !known.contains("\(last.arrayJobID)_\(index - last.base)") {
                result.items[i].state = .missing
                result.items[i].detail = "array task \(last.arrayJobID)_\(index - last.base) is gone from the queue without starting"
            }
        }
        return result
    }

    func sbatch(_ arguments: [String]) throws -> String {
        guard let output = Shell.run(commands.sbatch, arguments) else {
            throw LabError("cannot run \(commands.sbatch); is Slurm installed (try scripts/slurm-up.sh)?")
        }
        guard output.ok else {
            let message = output.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last.map(String.init) ?? "status \(output.status)"
            throw LabError("sbatch failed: \(message)")
        }
        // --parsable prints "<id>" or "<id>;<cluster>".
        guard let id = output.text.split(separator: ";").first.map(String.init), !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw LabError("sbatch printed no job id (got '\(output.text)')")
        }
        return id
    }

    func readMaxArraySize() throws -> Int {
        guard let output = Shell.run(commands.scontrol, ["show", "config"]), output.ok else {
            throw LabError("cannot run `\(commands.scontrol) show config` (is Slurm up? try scripts/slurm-up.sh); or set max_array_size in \(SlurmSettings.fileName)")
        }
        guard let size = ArrayChunks.maxArraySize(fromConfig: output.stdout) else {
            throw LabError("`scontrol show config` names no MaxArraySize; set max_array_size in \(SlurmSettings.fileName)")
        }
        return size
    }

    /// The experiment's own options, as every task and the collect job must see them.
    func taskArguments() -> [String] {
        let o = session.options
        var args: [String] = []
        if let profile = o.profile { args += ["--profile", profile.rawValue] }
        if let config = o.config { args += ["--config", URL(fileURLWithPath: config).standardizedFileURL.path] }
        if let seeds = o.seeds { args += ["--seeds", seeds] }
        if let methods = o.methods { args += ["--methods", methods] }
        if let params = o.params { args += ["--params", params] }
        if o.out != nil { args += ["--out", session.layout.root.standardizedFileURL.path] }
        return args
    }

    /// This executable's absolute path.
    static func executablePath() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}

extension SweepFiles {
    init(folder: URL) { self.folder = folder }
}
