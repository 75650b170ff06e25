import ArgumentParser
import Foundation

/// The config profiles every experiment ships: `experiments/<name>/configs/<profile>.yaml`.
public enum Profile: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// Seconds; what tests and CI use.
    case quick
    /// What `make` runs.
    case standard
    /// The published protocol, however long.
    case full
}

/// The command-line options every experiment executable accepts.
///
///     stackelberg --profile quick --seeds 0..4 --methods pbrl-value,naive --jobs 2
///
/// `--seeds`, `--methods` override the config's `seeds:` and `methods:` keys.
public struct ExperimentOptions: ParsableArguments, Sendable {
    @Option(help: "Config profile: quick (seconds), standard (what make runs) or full (the published protocol).")
    public var profile: Profile?

    @Option(help: ArgumentHelp("Config file to use instead of the profile's.", valueName: "file"))
    public var config: String?

    @Option(parsing: .unconditional,  // `--seeds -1` reaches SeedList.parse (one clear line), not the parser
            help: ArgumentHelp("Seeds to run, e.g. 0,1,2 or 0..9 (inclusive); only these of the profile's jobs run.", valueName: "list"))
    public var seeds: String?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Methods to run, comma-separated; only these of the profile's jobs run.", valueName: "list"))
    public var methods: String?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Only run jobs with these parameters, e.g. lambda=10.", valueName: "name=value,..."))
    public var params: String?

    @Option(help: ArgumentHelp("Output directory for run records (default: runs/<experiment>/<profile>/).", valueName: "dir"))
    public var out: String?

    @Flag(help: "Rerun every job, ignoring cached run records.")
    public var force = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Runs in parallel (default: all cores).", valueName: "n"))
    public var jobs: Int?

    /// `--executor local|slurm`, `--status`, `--slurm-*` (docs/slurm.md).
    @OptionGroup public var executor: ExecutorOptions

    public init() {}

    public mutating func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let seeds { _ = try SeedList.parse(seeds, source: "--seeds") }
        if let params { _ = try Job.parseParams(params) }
    }
}
