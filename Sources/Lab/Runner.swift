import Foundation

/// Runs jobs with a content cache, in parallel, behind a divergence guard.
///
/// For each job, the record file `RunRecord.fileName(for:configHash:)` in the output
/// directory is read first: when it `satisfies` the job with the same config hash, code
/// digest and toolchain (and status ok), the job is skipped and the record reused. The
/// other jobs run concurrently on `parallelism` threads; `body` must therefore be safe to
/// call from several threads at once (share nothing mutable). A job that throws, or whose
/// result holds a non-finite number, gets a record with status "failed" and its error,
/// reported on stderr; the others go on.
///
/// Without a code digest (package sources not found) nothing is read from the cache.
public struct Runner: Sendable {
    public var experiment: String
    public var profile: String
    public var config: JSONValue
    public var configHash: String
    public var codeDigest: String?
    public var toolchain: String = Toolchain.identifier
    public var provenance: Provenance
    public var outputDirectory: URL
    public var force = false
    public var parallelism = ProcessInfo.processInfo.activeProcessorCount
    public var showProgress: Bool? = nil
    /// Whether `run` first deletes temporaries of dead processes (off in a Slurm task: a
    /// process on another node is not visible from this one).
    public var removesStaleTemporaries = true
    /// Records shared by every checkout (`RecordStore`): looked up when the output folder
    /// has no record for a job, and given every new ok record.
    public var store: RecordStore?

    public init(experiment: String, profile: String, config: JSONValue, configHash: String,
                codeDigest: String?, provenance: Provenance, outputDirectory: URL) {
        self.experiment = experiment
        self.profile = profile
        self.config = config
        self.configHash = configHash
        self.codeDigest = codeDigest
        self.provenance = provenance
        self.outputDirectory = outputDirectory
    }

    /// What `run` did.
    public struct Outcome: Sendable {
        /// One record per job, in job order (cached and new).
        public var records: [RunRecord]
        public var cached: Int
        public var ran: Int
        public var failed: Int
    }

    /// Runs `jobs` (skipping cached ones) and returns their records in job order.
    public func run(_ jobs: [Job], _ body: @escaping @Sendable (Job) throws -> RunResult) -> Outcome {
        if removesStaleTemporaries { AtomicFile.removeStaleTemporaries(in: outputDirectory) }
        var slots = [RunRecord?](repeating: nil, count: jobs.count)
        var pending: [Int] = []
        for (index, job) in jobs.enumerated() {
            if let record = cachedRecord(for: job) { slots[index] = record } else { pending.append(index) }
        }
        let cachedCount = jobs.count - pending.count
        let results = Locked(slots)
        let nextIndex = Locked(0)
        let progress = Progress(label: experiment, total: jobs.count, cached: cachedCount,
                                enabled: showProgress ?? (isatty(STDERR_FILENO) == 1))
        let workers = max(1, min(parallelism, pending.count))
        if !pending.isEmpty {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let slot: Int? = nextIndex.withLock { next in
                        guard next < pending.count else { return nil }
                        defer { next += 1 }
                        return pending[next]
                    }
                    guard let slot else { return }
                    let record = execute(jobs[slot], body, progress: progress)
                    results.withLock { $0[slot] = record }
                    progress.finished(ok: record.status == .ok)
                }
            }
        }
        progress.clear()
        let records = results.value.map { $0! }
        return Outcome(records: records, cached: cachedCount, ran: pending.count,
                       failed: records.filter { $0.status == .failed }.count)
    }

    func cachedRecord(for job: Job) -> RunRecord? {
        guard !force else { return nil }
        return validRecord(for: job)
    }

    /// The ok record of `job` on disk made with these inputs (config hash, code digest,
    /// toolchain), whatever `force` says; nil without a code digest.
    public func validRecord(for job: Job) -> RunRecord? {
        guard let codeDigest else { return nil }
        let url = outputDirectory.appendingPathComponent(RunRecord.fileName(for: job, configHash: configHash))
        if FileManager.default.fileExists(atPath: url.path), let record = try? RunRecord.load(url),
           record.satisfies(job, configHash: configHash, codeDigest: codeDigest, toolchain: toolchain) {
            return record
        }
        // Same inputs computed in another checkout: copy its record here, byte for byte.
        guard let record = store?.record(experiment: experiment, profile: profile, job: job, configHash: configHash,
                                         codeDigest: codeDigest, toolchain: toolchain),
              (try? record.write(to: outputDirectory)) != nil else { return nil }
        return record
    }

    func execute(_ job: Job, _ body: (Job) throws -> RunResult, progress: Progress) -> RunRecord {
        let startDate = Date()
        let startCPU = Clock.threadCPUSeconds()
        var result = RunResult()
        var failure: String?
        do {
            result = try body(job)
            try result.validate()
        } catch {
            failure = String(describing: error)
        }
        var record = RunRecord(
            schemaVersion: RunRecord.currentSchemaVersion, experiment: experiment, method: job.method,
            seed: job.seed, params: job.params, profile: profile, config: config, configHash: configHash,
            codeDigest: codeDigest ?? "unknown", toolchain: toolchain, status: .ok, error: nil,
            series: result.series, xAxis: result.xAxis, finals: result.finals, matrices: result.matrices,
            labels: result.labels, instance: result.instance, instanceOmitted: nil,
            provenance: provenance,
            timing: Timing(start: Clock.iso8601(startDate), end: Clock.iso8601(Date()),
                           wallSeconds: Date().timeIntervalSince(startDate),
                           cpuSeconds: Clock.threadCPUSeconds() - startCPU))
        record.episodes = result.episodes
        record.measurements = result.measurements.isEmpty ? nil : result.measurements
        if let instance = record.instance, let size = try? instance.canonicalData().count, size > RunRecord.instanceLimit {
            record.instance = nil
            record.instanceOmitted = "instance is \(size) bytes of JSON, above the \(RunRecord.instanceLimit)-byte limit"
        }
        if let failure { record.markFailed(failure) }
        do {
            try record.write(to: outputDirectory)
            store?.put(record)
        } catch {
            record.markFailed(OutputCheck.reason(error))  // "cannot write <file>: No space left on device"
            _ = try? record.write(to: outputDirectory)
        }
        if let message = record.error {
            progress.clear()
            printError("\(experiment): error: run \(job) failed: \(message)")
        }
        return record
    }
}

extension RunRecord {
    /// Turns the record into a failed one: no numbers, the error kept.
    mutating func markFailed(_ message: String) {
        status = .failed
        error = message
        series = [:]
        xAxis = [:]
        finals = [:]
        matrices = [:]
        measurements = nil
        instance = nil
        instanceOmitted = nil
        episodes = nil
    }
}
