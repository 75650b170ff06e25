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
    /// Seeds to run: `--seeds`, else the config's `seeds:` (a list or "0..9"), else [0].
    public let seeds: [UInt64]
    /// Methods to run: `--methods`, else the config's `methods:`, else all `availableMethods`.
    public let methods: [String]
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
        if let path = options.config {
            configFile = URL(fileURLWithPath: path)
            profile = options.profile?.rawValue ?? configFile.deletingPathExtension().lastPathComponent
        } else {
            let chosen = options.profile ?? .standard
            guard let file = workspace.configFile(experiment: experiment, profile: chosen.rawValue) else {
                throw LabError("cannot find the package root (a folder with Package.swift and experiments/); run from inside the package or pass --config FILE")
            }
            configFile = file
            profile = chosen.rawValue
        }
        config = try ConfigReader(contentsOf: configFile)

        var methods = try config.strings("methods", default: available, oneOf: available)
        config.exclude("methods")
        if let list = options.methods {
            methods = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for method in methods where !available.contains(method) {
                throw LabError("--methods: unknown method '\(method)'; valid: \(available.joined(separator: ", "))")
            }
        }
        self.methods = methods

        if let list = options.seeds {
            seeds = try SeedList.parse(list, source: "--seeds")
        } else if config.has("seeds"), (try? config.string("seeds")) != nil {
            seeds = try SeedList.parse(try config.string("seeds"), source: "\(config.location("seeds")): 'seeds'")
        } else if config.has("seeds") {
            seeds = try config.ints("seeds", min: 0).map(UInt64.init)
        } else {
            seeds = [0]
        }
        config.exclude("seeds")

        let output: URL
        if let out = options.out {
            output = URL(fileURLWithPath: out)
        } else {
            let base = workspace.root ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            output = base.appendingPathComponent("runs/\(experiment)/\(profile)")
        }
        layout = ExperimentLayout(root: output, experiment: experiment, profile: profile)
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

    /// Runs `jobs` (default: `jobs()`), restricted to the selected methods, seeds and
    /// `--params`, skipping cached ones. `body` runs concurrently and must be thread-safe.
    /// Returns the records (cached and new, ok and failed) in job order.
    @discardableResult
    public func run(_ jobs: [Job]? = nil, _ body: @escaping @Sendable (Job) throws -> RunResult) throws -> [RunRecord] {
        let (resolved, hash) = try closeConfig()
        let only = try options.params.map(Job.parseParams)
        let selected = (jobs ?? self.jobs()).filter { job in
            methods.contains(job.method) && seeds.contains(job.seed)
                && (only?.allSatisfy { job.params[$0.key] == $0.value } ?? true)
        }
        if selected.isEmpty { printError("warning: \(experiment): no job matches the selected methods, seeds and params") }
        let toolchain = Toolchain.identifier
        // The digest of the code this binary was built from (BuildInfo, fixed at build time).
        let digest = BuildInfo.codeDigest(experiment: experiment)
        // Hidden temporaries of a killed run of this profile (records, summary, figures, tables).
        AtomicFile.removeStaleTemporaries(under: outputDirectory)
        var runner = Runner(experiment: experiment, profile: profile, config: resolved, configHash: hash,
                            codeDigest: digest, provenance: provenance, outputDirectory: recordsDirectory)
        runner.toolchain = toolchain
        runner.force = options.force
        if let parallel = options.jobs { runner.parallelism = parallel }
        let outcome = runner.run(selected, body)
        records += outcome.records
        cachedCount += outcome.cached
        failedCount += outcome.failed
        return outcome.records
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
        let ran = records.count - cachedCount
        printError("\(experiment) (\(profile)): \(records.count) runs (\(cachedCount) cached, \(ran) run, \(failedCount) failed) in \(String(format: "%.1f", seconds)) s; records in \(recordsDirectory.path)")
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
