import Foundation

/// One invocation of an experiment: its options, config, seeds and methods, where its
/// records go, and the runs made so far.
///
/// Read every config key first (`config.double(...)`, ...), then call `run` (once or
/// several times); the first `run` closes the config: unknown keys are rejected and the
/// resolved config is hashed. Finally `writeSummary`.
public final class Session {
    public let experiment: String
    /// "quick", "standard", "full", or the config file's base name for `--config`.
    public let profile: String
    public let configFile: URL
    /// The config, minus `seeds` and `methods` (read them from `seeds` and `methods`).
    public let config: ConfigReader
    /// The profile's seeds: the config's `seeds:` (a list or "0..9", default [0]), then any
    /// further seeds `--seeds` names. Build jobs from these; `run` computes only the selected ones.
    public let seeds: [UInt64]
    /// The profile's methods: the config's `methods:` (default all `availableMethods`) and
    /// any further one `--methods` names, in declaration order.
    public let methods: [String]
    /// What `--methods`, `--seeds`, `--params` select among the profile's jobs.
    public let selection: JobSelection
    public let availableMethods: [String]
    public let options: ExperimentOptions
    public let workspace: Workspace
    /// Where outputs go: `runs/<experiment>/<profile>/` (or `--out`), holding
    /// `records/`, `summary.json`, `figures/` and `figures.json`.
    public let layout: ExperimentLayout
    /// `layout.root`.
    public var outputDirectory: URL { layout.root }
    /// `layout.recordsDirectory`: one JSON file per job.
    public var recordsDirectory: URL { layout.recordsDirectory }
    /// Every record returned by `run` so far, in order.
    public private(set) var records: [RunRecord] = []
    public private(set) var cachedCount = 0
    /// Records of jobs outside the selection, read from disk to complete the summary.
    public private(set) var otherCount = 0
    public private(set) var failedCount = 0
    private(set) var summaryWritten = false
    private var closed: (config: JSONValue, hash: String)?
    private let started = Date()

    public init(experiment: String, methods available: [String], options: ExperimentOptions,
                workspace: Workspace = .locate()) throws {
        self.experiment = experiment
        self.availableMethods = available
        self.options = options
        self.workspace = workspace
        var folder: String
        if let path = options.config {
            configFile = URL(fileURLWithPath: path)
            let stem = configFile.deletingPathExtension().lastPathComponent
            profile = options.profile?.rawValue ?? stem
            folder = Self.outputFolder(forConfig: configFile, experiment: experiment, workspace: workspace)
        } else {
            let chosen = options.profile ?? .standard
            guard let file = workspace.configFile(experiment: experiment, profile: chosen.rawValue) else {
                throw UsageError("not inside the package (no folder with Package.swift and experiments/ at or above \(FileManager.default.currentDirectoryPath)); run from inside the package or pass --config FILE")
            }
            configFile = file
            profile = chosen.rawValue
            folder = profile
        }
        config = try ConfigReader(contentsOf: configFile)

        let configMethods = try config.strings("methods", default: available, oneOf: available)
        config.exclude("methods")
        let chosenMethods = try options.methods.map { try JobSelection.methods($0, available: available) }
        // The profile's jobs are the config's, plus any the command line adds (another
        // method, more seeds): the summary then describes them together.
        self.methods = available.filter { configMethods.contains($0) || (chosenMethods?.contains($0) ?? false) }

        let configSeeds: [UInt64]
        if config.has("seeds"), (try? config.string("seeds")) != nil {
            configSeeds = try SeedList.parse(try config.string("seeds"), source: "\(config.location("seeds")): 'seeds'")
        } else if config.has("seeds") {
            configSeeds = try SeedList.check(try config.ints("seeds", min: 0, max: Int.max).map(UInt64.init),
                                             source: "\(config.location("seeds")): 'seeds'")
        } else {
            configSeeds = [0]
        }
        config.exclude("seeds")
        let chosenSeeds = try options.seeds.map { try SeedList.parse($0, source: "--seeds") }
        let extraSeeds = (chosenSeeds ?? []).filter { !configSeeds.contains($0) }
        seeds = configSeeds + extraSeeds
        guard seeds.count <= Limits.seeds else {
            throw UsageError("--seeds: \(seeds.count) seeds with the config's; at most \(Limits.seeds) per run")
        }
        selection = JobSelection(methods: chosenMethods, seeds: chosenSeeds,
                                 params: try options.params.map(Job.parseParams))

        let output: URL
        if let out = options.out {
            output = URL(fileURLWithPath: out)
        } else {
            let base = workspace.root ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            output = base.appendingPathComponent("runs/\(experiment)/\(folder)")
        }
        layout = ExperimentLayout(root: output, experiment: experiment, profile: profile)
    }

    /// The folder under `runs/<experiment>/` for `--config FILE`: the profile's own folder
    /// only when FILE is that profile's config file; otherwise the file's base name, with
    /// `-config` appended when that name is a profile's (a user's `standard.yaml` never
    /// writes into the standard profile's results).
    static func outputFolder(forConfig file: URL, experiment: String, workspace: Workspace) -> String {
        let stem = file.deletingPathExtension().lastPathComponent
        guard Profile(rawValue: stem) != nil else { return stem }
        if let own = workspace.configFile(experiment: experiment, profile: stem),
           own.resolvingSymlinksInPath().standardizedFileURL.path == file.resolvingSymlinksInPath().standardizedFileURL.path {
            return stem
        }
        return stem + "-config"
    }

    /// `methods × params × seeds`, in that nesting order.
    public func jobs(methods: [String]? = nil, params: [[String: Double]] = [[:]]) -> [Job] {
        (methods ?? self.methods).flatMap { method in
            params.flatMap { p in seeds.map { Job(method: method, seed: $0, params: p) } }
        }
    }

    /// Rejects unknown config keys and returns the resolved config and its SHA-256.
    public func closeConfig() throws -> (config: JSONValue, hash: String) {
        if let closed { return closed }
        try config.finish()
        let resolved = config.resolved
        let hash = SHA256.hex(Array(try resolved.canonicalData()))
        closed = (resolved, hash)
        return (resolved, hash)
    }

    /// The provenance of this process (gathered once).
    public var provenance: Provenance { Provenance.current(root: workspace.root) }

    /// Runs the selected ones of `jobs` (default: `jobs()`; see `selection`), skipping cached
    /// ones, and returns the records of every job of `jobs` that has a valid one: the selected
    /// jobs' (cached and new, ok and failed) and the valid records on disk of the others, in
    /// job order. So a summary computed from the result describes all of the profile's
    /// current results, however few jobs this invocation ran. `body` runs concurrently and
    /// must be thread-safe. Throws a `UsageError` (nothing written) when the selection
    /// matches no job, and a `LabError` before any computation when the output folder
    /// cannot be written.
    @discardableResult
    public func run(_ jobs: [Job]? = nil, _ body: @escaping @Sendable (Job) throws -> RunResult) throws -> [RunRecord] {
        let (resolved, hash) = try closeConfig()
        let universe = jobs ?? self.jobs()
        guard universe.count <= Limits.jobs else {
            throw UsageError("\(experiment): the config defines \(universe.count) jobs; at most \(Limits.jobs) per run")
        }
        let selected = try selection.select(from: universe, experiment: experiment)
        let toolchain = Toolchain.identifier
        // The digest of the code this binary was built from (BuildInfo, fixed at build time).
        let digest = BuildInfo.codeDigest(experiment: experiment)
        if workspace.root == nil, options.out == nil {
            printError("warning: \(experiment): not inside the package (no Package.swift with experiments/ at or above \(FileManager.default.currentDirectoryPath)); results go to \(outputDirectory.path)")
        }
        try OutputCheck.writable(recordsDirectory)
        // Hidden temporaries of a killed run of this profile (records, summary, figures, tables).
        AtomicFile.removeStaleTemporaries(under: outputDirectory)
        var runner = Runner(experiment: experiment, profile: profile, config: resolved, configHash: hash,
                            codeDigest: digest, provenance: provenance, outputDirectory: recordsDirectory)
        runner.toolchain = toolchain
        runner.force = options.force
        runner.store = RecordStore.locate(root: workspace.root)
        if let parallel = options.jobs { runner.parallelism = parallel }
        let outcome = options.executor.runsLocally ? runner.run(selected, body)
            : try SweepExecutor(session: self, runner: runner, selected: selected).run(body)  // docs/slurm.md
        var byJob: [Job: RunRecord] = [:]
        for record in outcome.records { byJob[record.job] = record }
        var kept: [RunRecord] = []
        var others = 0
        for job in universe {
            if let record = byJob[job] {
                kept.append(record)
            } else if !selection.matches(job), let record = runner.validRecord(for: job) {
                kept.append(record)
                others += 1
            }
        }
        records += kept
        cachedCount += outcome.cached
        failedCount += outcome.failed
        otherCount += others
        return kept
    }

    /// Writes `summary.json` in the output directory from the records of this session.
    @discardableResult
    public func writeSummary(metrics: [String: Double] = [:], series: [String: [Double]] = [:],
                             notes: [String: String] = [:]) throws -> URL {
        let (_, hash) = try closeConfig()
        let summary = Summary(
            experiment: experiment, profile: profile, configHash: hash,
            codeDigest: records.first?.codeDigest ?? "unknown", toolchain: Toolchain.identifier,
            commit: provenance.commit, dirty: provenance.dirty,
            metrics: metrics, series: series, notes: notes,
            records: Self.unique(records.filter { $0.status == .ok }.map { "records/" + $0.fileName }),
            failedRecords: Self.unique(records.filter { $0.status == .failed }.map { "records/" + $0.fileName }))
        let url = try summary.write(to: outputDirectory)
        summaryWritten = true
        return url
    }

    static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// What a figure of this experiment carries as provenance.
    public var figureProvenance: FigureProvenance {
        FigureProvenance(experiment: experiment, profile: profile, commit: provenance.commit,
                         dirty: provenance.dirty, configHash: (try? closeConfig().hash) ?? "unknown")
    }

    /// One line on stderr: runs, cached, failed, time, where the records are.
    func reportTotals() {
        let seconds = Date().timeIntervalSince(started)
        let selected = records.count - otherCount
        let ran = selected - cachedCount
        let others = otherCount > 0 ? "; the summary also covers \(otherCount) earlier record(s) of this config" : ""
        printError("\(experiment) (\(profile)): \(selected) runs (\(cachedCount) cached, \(ran) run, \(failedCount) failed) in \(String(format: "%.1f", seconds)) s\(others); records in \(recordsDirectory.path)")
    }
}

extension Array where Element == RunRecord {
    /// The records with status ok.
    public var succeeded: [RunRecord] { filter { $0.status == .ok } }

    /// The ok records of `method` (and `params`, when given), in seed order.
    public func runs(_ method: String, params: [String: Double]? = nil) -> [RunRecord] {
        filter { $0.status == .ok && $0.method == method && (params == nil || $0.params == params!) }
            .sorted { $0.seed < $1.seed }
    }
}
