import Foundation

/// The two scripts a sweep submits, and the `sbatch` command lines (docs/slurm.md).
///
/// `task.sh BASE` runs job `BASE + SLURM_ARRAY_TASK_ID` of the job list: it appends a start
/// line to `logs/job-<i>.log`, runs the experiment's binary under `env -i` with an explicit
/// environment (never the submitter's), and appends an end line with the exit status (or
/// `cancelled` when Slurm sends SIGTERM: scancel, time limit, preemption). The binary writes
/// its record atomically, so a task killed at any point leaves the previous record or none.
/// `collect.sh` runs the same binary with `--slurm-collect` (summary and figures).
public struct SlurmScripts: Sendable {
    public var experiment: String
    public var profile: String
    public var executable: String
    /// The experiment's own arguments (profile, config, seeds, methods, params, out).
    public var arguments: [String]
    public var root: URL
    public var files: SweepFiles
    public var settings: SlurmSettings

    /// The variables the binary sees, and nothing else.
    public var environment: [String: String] {
        var env = [
            // The submitter's PATH (swift, git, pkg-config for provenance), stated explicitly.
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/tmp",
            "LANG": "C.UTF-8",
            "OPENBLAS_NUM_THREADS": "\(settings.cpusPerTask)",
            "OMP_NUM_THREADS": "\(settings.cpusPerTask)",
        ]
        // Where the shared record store is, when the submitter set it (RecordStore).
        if let store = ProcessInfo.processInfo.environment["BILEVEL_RECORD_STORE"] { env["BILEVEL_RECORD_STORE"] = store }
        for (name, value) in settings.environment { env[name] = value }
        return env
    }

    static func quote(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/._-=:,+@%".contains($0)) }) {
            return text
        }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    var environmentWords: String {
        environment.keys.sorted().map { "\($0)=\(Self.quote(environment[$0]!))" }.joined(separator: " ")
    }

    var command: String { ([executable] + arguments).map(Self.quote).joined(separator: " ") }

    public var taskScript: String {
        """
        #!/bin/bash
        # \(experiment) (\(profile)): one Slurm array task runs one job of jobs.json, written by
        # `\(experiment) --executor slurm` (docs/slurm.md). Usage (by sbatch): task.sh BASE
        set -u
        index=$(( $1 + SLURM_ARRAY_TASK_ID ))
        log=\(Self.quote(files.logs.path))/job-$index.log
        exec >>"$log" 2>&1
        echo "bilevel-task start index=$index slurm=${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} host=$(hostname) pid=$$ at=$(date +%s)"
        env -i \(environmentWords) \\
          \(command) --slurm-task "$index" &
        child=$!
        trap 'kill -TERM $child 2>/dev/null; wait $child; echo "bilevel-task end index=$index status=cancelled at=$(date +%s)"; exit 143' TERM
        wait $child
        status=$?
        echo "bilevel-task end index=$index status=$status at=$(date +%s)"
        exit $status

        """
    }

    public var collectScript: String {
        """
        #!/bin/bash
        # \(experiment) (\(profile)): after the array tasks (afterany), summary and figures from
        # the records on disk, written by `\(experiment) --executor slurm` (docs/slurm.md).
        set -u
        echo "bilevel-collect start host=$(hostname) at=$(date +%s)"
        env -i \(environmentWords) \\
          \(command) --slurm-collect
        status=$?
        echo "bilevel-collect end status=$status at=$(date +%s)"
        exit $status

        """
    }

    var commonArguments: [String] {
        var args = ["--parsable", "--export=NONE", "--chdir=\(root.path)", "--cpus-per-task=\(settings.cpusPerTask)"]
        if let partition = settings.partition { args.append("--partition=\(partition)") }
        if let time = settings.time { args.append("--time=\(time)") }
        if let mem = settings.mem { args.append("--mem=\(mem)") }
        return args + settings.extraArguments
    }

    /// `sbatch` arguments for one chunk of array tasks (`base + t` for each `t` in `spec`).
    public func arrayArguments(spec: String, base: Int) -> [String] {
        let limit = settings.concurrency.map { "%\($0)" } ?? ""
        return commonArguments + [
            "--job-name=\(experiment)-\(profile)",
            "--array=\(spec)\(limit)",
            "--output=\(files.logs.path)/slurm-%A_%a.out",
            files.taskScript.path, "\(base)",
        ]
    }

    /// `sbatch` arguments for the collect job after `arrays` (any outcome).
    public func collectArguments(after arrays: [String]) -> [String] {
        var args = commonArguments
        if !arrays.isEmpty { args.append("--dependency=afterany:" + arrays.joined(separator: ":")) }
        return args + [
            "--job-name=\(experiment)-\(profile)-collect",
            "--output=\(files.logs.path)/collect-%j.out",
            files.collectScript.path,
        ]
    }
}

/// Job indices into array chunks: Slurm array task ids must be below `MaxArraySize`, so
/// indices are grouped by `index / maxArraySize`, each group submitted with its own base.
public enum ArrayChunks {
    /// `(base, spec)` per chunk, e.g. indices [0, 1, 2, 5, 1003] with size 1001 give
    /// `(0, "0-2,5")` and `(1001, "2")`.
    public static func chunks(_ indices: [Int], maxArraySize: Int) -> [(base: Int, spec: String, indices: [Int])] {
        let size = max(1, maxArraySize)
        var groups: [Int: [Int]] = [:]
        for index in Set(indices) { groups[index / size, default: []].append(index) }
        return groups.keys.sorted().map { key in
            let base = key * size
            let members = groups[key]!.sorted()
            return (base, spec(members.map { $0 - base }), members)
        }
    }

    /// `0-2,5,7-9` for [0, 1, 2, 5, 7, 8, 9].
    public static func spec(_ sorted: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count, sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i])-\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }

    /// `MaxArraySize` from `scontrol show config` output (nil when absent).
    public static func maxArraySize(fromConfig text: String) -> Int? {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == "MaxArraySize", let value = Int(parts[1]) { return value }
        }
        return nil
    }
}
