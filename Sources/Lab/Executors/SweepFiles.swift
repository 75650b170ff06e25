import Foundation

/// The files of a Slurm sweep, next to the records (docs/slurm.md):
///
///     runs/<experiment>/<profile>/slurm/
///         jobs.json            the job list (written once per set of inputs; task i runs jobs[i])
///         submissions.json     every sbatch made: array job ids, the indices each covers
///         task.sh, collect.sh  the submitted scripts
///         logs/job-<i>.log     per job: one start/end block per attempt, the task's output
///         logs/slurm-*.out     Slurm's own output of each array task and collect job
public struct SweepFiles: Sendable {
    public let folder: URL

    public init(layout: ExperimentLayout) { folder = layout.root.appendingPathComponent("slurm", isDirectory: true) }

    public var jobList: URL { folder.appendingPathComponent("jobs.json") }
    public var submissions: URL { folder.appendingPathComponent("submissions.json") }
    public var taskScript: URL { folder.appendingPathComponent("task.sh") }
    public var collectScript: URL { folder.appendingPathComponent("collect.sh") }
    public var logs: URL { folder.appendingPathComponent("logs", isDirectory: true) }
    public func log(job index: Int) -> URL { logs.appendingPathComponent("job-\(index).log") }
}

/// The job list of a sweep: the inputs every task checks before it runs, and the jobs in
/// index order. Task `i` of the sweep runs `jobs[i]`; done jobs stay in the list, so an index
/// means the same job across resubmissions.
public struct SweepJobList: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public var method: String
        public var seed: UInt64
        public var params: [String: Double]
        public var job: Job { Job(method: method, seed: seed, params: params) }
        public init(_ job: Job) { method = job.method; seed = job.seed; params = job.params }
    }

    public var experiment: String
    public var profile: String
    public var configHash: String
    public var codeDigest: String
    public var toolchain: String
    public var jobs: [Entry]

    /// Whether the list was made for the same inputs (so its indices still hold).
    public func sameInputs(as other: SweepJobList) -> Bool {
        experiment == other.experiment && configHash == other.configHash && codeDigest == other.codeDigest
            && toolchain == other.toolchain && jobs == other.jobs
    }

    public func write(to url: URL) throws {
        var data = try JSONCoding.encoder.encode(self)
        data.append(0x0a)
        try AtomicFile.write(data, to: url)
    }

    public static func load(_ url: URL) throws -> SweepJobList {
        try JSONFile.decode(SweepJobList.self, at: url, kind: "Slurm job list")
    }
}

/// One `sbatch` of a sweep's array tasks, as kept in `submissions.json`.
public struct SweepSubmission: Codable, Equatable, Sendable {
    /// The array job id Slurm returned.
    public var arrayJobID: String
    /// Array task `t` of this submission runs job `base + t`.
    public var base: Int
    /// The job indices (into the job list) it covers.
    public var indices: [Int]
    public var collectJobID: String?
    /// Seconds since 1970 (UTC) when it was submitted.
    public var submitted: Double

    public static func loadAll(_ url: URL) -> [SweepSubmission] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return (try? JSONFile.decode([SweepSubmission].self, at: url, kind: "Slurm submission list")) ?? []
    }

    public static func append(_ new: [SweepSubmission], to url: URL) throws {
        try write(loadAll(url) + new, to: url)
    }

    public static func write(_ all: [SweepSubmission], to url: URL) throws {
        var data = try JSONCoding.encoder.encode(all)
        data.append(0x0a)
        try AtomicFile.write(data, to: url)
    }
}
