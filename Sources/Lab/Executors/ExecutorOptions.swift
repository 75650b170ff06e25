import ArgumentParser
import Foundation

/// Where an experiment's jobs run (docs/slurm.md).
public enum ExecutorKind: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// This machine, `--jobs N` threads (the default).
    case local
    /// A Slurm job array: one task per missing job, then a collect job for summary and figures.
    case slurm
}

/// The executor options every experiment accepts (part of `ExperimentOptions`).
///
///     stackelberg --profile full --executor slurm --slurm-partition cpu --slurm-time 1:00:00
///     stackelberg --profile full --status
///
/// Partition, time, memory, CPUs and the concurrency limit come from these options, else
/// from the executor config (`--slurm-config FILE`, default `slurm.yaml` at the package root
/// when present), else Slurm's defaults. `--slurm-task` and `--slurm-collect` are what the
/// submitted scripts run; they are not meant to be typed.
public struct ExecutorOptions: ParsableArguments, Sendable {
    @Option(help: "Where jobs run: local (this machine) or slurm (a job array; see docs/slurm.md).")
    public var executor: ExecutorKind = .local

    @Flag(help: "Report done / running / failed / queued / missing per job of the Slurm sweep, from the records and logs on disk.")
    public var status = false

    @Option(help: ArgumentHelp("Slurm partition (sbatch --partition).", valueName: "name"))
    public var slurmPartition: String?

    @Option(help: ArgumentHelp("Time limit per task (sbatch --time), e.g. 30:00 or 1-00:00:00.", valueName: "time"))
    public var slurmTime: String?

    @Option(help: ArgumentHelp("Memory per task (sbatch --mem), e.g. 2G.", valueName: "size"))
    public var slurmMem: String?

    @Option(help: ArgumentHelp("CPUs per task (sbatch --cpus-per-task; also the task's BLAS threads).", valueName: "n"))
    public var slurmCpus: Int?

    @Option(help: ArgumentHelp("At most this many tasks of an array at once (sbatch --array=...%K).", valueName: "k"))
    public var slurmConcurrency: Int?

    @Option(help: ArgumentHelp("Executor config (YAML; default: slurm.yaml at the package root when present).", valueName: "file"))
    public var slurmConfig: String?

    @Option(help: ArgumentHelp("An extra environment variable for every task (repeatable).", valueName: "name=value"))
    public var slurmEnv: [String] = []

    @Flag(help: "Print the scripts and sbatch commands a submission would use; submit and write nothing.")
    public var slurmDryRun = false

    @Option(help: .hidden)
    public var slurmTask: Int?

    @Flag(help: .hidden)
    public var slurmCollect = false

    public init() {}

    /// Whether `Session.run` runs the jobs itself (no Slurm submission, task, collect or status).
    public var runsLocally: Bool { executor == .local && !status && slurmTask == nil && !slurmCollect }

    public mutating func validate() throws {
        if let slurmCpus, slurmCpus < 1 { throw ValidationError("--slurm-cpus must be at least 1, got \(slurmCpus)") }
        if let slurmConcurrency, slurmConcurrency < 1 {
            throw ValidationError("--slurm-concurrency must be at least 1, got \(slurmConcurrency)")
        }
        if let slurmTask, slurmTask < 0 { throw ValidationError("--slurm-task must be >= 0, got \(slurmTask)") }
        for item in slurmEnv where SlurmSettings.parseEnvironment(item) == nil {
            throw ValidationError("--slurm-env: '\(item)' is not NAME=VALUE with NAME made of letters, digits and _")
        }
        if executor == .local, slurmDryRun { throw ValidationError("--slurm-dry-run needs --executor slurm") }
    }
}
