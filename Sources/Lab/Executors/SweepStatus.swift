import Foundation

/// The state of each job of a sweep, read from the files on disk only (records, per-job
/// logs, the submission list); the scheduler is never asked (docs/slurm.md).
///
/// - done: an ok record for the job's inputs (config hash, code digest, toolchain);
/// - failed: a failed record for those inputs, or a log whose last attempt ended without a
///   record (non-zero exit, `cancelled`, or a task process that is gone from this host);
/// - running: a log whose last attempt started and has not ended;
/// - queued: submitted after its last attempt started (or never started), no record yet;
/// - missing: never submitted and no record.
public struct SweepStatus: Sendable {
    public enum State: String, CaseIterable, Sendable { case done, running, failed, queued, missing }

    public struct Item: Sendable {
        public var index: Int
        public var job: Job
        public var state: State
        /// Why it failed, where it runs, when it was submitted.
        public var detail: String?
    }

    public var items: [Item]

    public func count(_ state: State) -> Int { items.filter { $0.state == state }.count }

    public func indices(_ states: Set<State>) -> [Int] { items.filter { states.contains($0.state) }.map(\.index) }

    /// Reads the state of every job of `list`.
    public static func read(list: SweepJobList, records: URL, files: SweepFiles,
                            now: Date = Date(), host: String = ProcessInfo.processInfo.hostName) -> SweepStatus {
        let submissions = SweepSubmission.loadAll(files.submissions)
        var items: [Item] = []
        for (index, entry) in list.jobs.enumerated() {
            let job = entry.job
            let url = records.appendingPathComponent(RunRecord.fileName(for: job, configHash: list.configHash))
            var item = Item(index: index, job: job, state: .missing)
            if let record = try? RunRecord.load(url), record.job == job, record.configHash == list.configHash,
               record.codeDigest == list.codeDigest, record.toolchain == list.toolchain {
                if record.status == .ok {
                    item.state = .done
                    items.append(item)
                    continue
                }
                item.state = .failed
                item.detail = record.error
            }
            let attempt = TaskLog.lastAttempt(in: files.log(job: index))
            let submitted = submissions.filter { $0.indices.contains(index) }.map(\.submitted).max()
            if let submitted, submitted > (attempt?.started ?? -1) {
                // Submitted again after the last attempt (or never started): waiting for Slurm.
                item.state = .queued
                item.detail = "submitted \(Self.ago(now.timeIntervalSince1970 - submitted)) ago"
            } else if let attempt {
                let recordError = item.state == .failed ? item.detail : nil
                if let status = attempt.endStatus {
                    item.state = .failed
                    item.detail = recordError ?? (status == "cancelled" ? "task cancelled (scancel, time limit or preemption)"
                        : status == "0" ? "task exited 0 without writing its record" : "task exited with status \(status)")
                } else if Self.shortName(attempt.host) == Self.shortName(host), let pid = attempt.pid, kill(pid, 0) != 0, errno == ESRCH {
                    item.state = .failed
                    item.detail = "task process \(pid) is gone (killed) without writing its record"
                } else {
                    item.state = .running
                    item.detail = "on \(attempt.host ?? "?") since \(Self.ago(now.timeIntervalSince1970 - attempt.started)) ago (slurm \(attempt.slurmID ?? "?"))"
                }
            }
            items.append(item)
        }
        return SweepStatus(items: items)
    }

    static func shortName(_ host: String?) -> String {
        String((host ?? "").split(separator: ".").first ?? "")
    }

    static func ago(_ seconds: Double) -> String {
        let s = max(0, Int(seconds))
        return s < 120 ? "\(s) s" : s < 7200 ? "\(s / 60) min" : "\(s / 3600) h"
    }

    /// `12 jobs: 9 done, 1 running, 1 failed, 0 queued, 1 missing`, then one line per job not done.
    public func report(experiment: String, profile: String) -> String {
        let counts = State.allCases.map { "\(count($0)) \($0.rawValue)" }.joined(separator: ", ")
        var lines = ["\(experiment) (\(profile)): \(items.count) jobs: \(counts)"]
        for item in items where item.state != .done {
            lines.append("  [\(item.index)] \(item.job): \(item.state.rawValue)" + (item.detail.map { " (\($0))" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }
}

/// The start and end lines `task.sh` writes into a job's log, one pair per attempt.
public struct TaskLog: Equatable, Sendable {
    public var started: Double
    public var host: String?
    public var pid: Int32?
    public var slurmID: String?
    /// The exit status ("0", "137", "cancelled"), nil while the attempt runs.
    public var endStatus: String?

    /// The last attempt of the log at `url`, or nil when there is none.
    public static func lastAttempt(in url: URL) -> TaskLog? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return lastAttempt(text: String(decoding: data, as: UTF8.self))
    }

    public static func lastAttempt(text: String) -> TaskLog? {
        var last: TaskLog?
        for line in text.split(separator: "\n") {
            if line.hasPrefix("bilevel-task start ") {
                let fields = Self.fields(line)
                last = TaskLog(started: fields["at"].flatMap(Double.init) ?? 0, host: fields["host"],
                               pid: fields["pid"].flatMap { Int32($0) }, slurmID: fields["slurm"], endStatus: nil)
            } else if line.hasPrefix("bilevel-task end "), last != nil {
                last!.endStatus = Self.fields(line)["status"]
            }
        }
        return last
    }

    static func fields(_ line: Substring) -> [String: String] {
        var out: [String: String] = [:]
        for word in line.split(separator: " ") {
            let parts = word.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { out[String(parts[0])] = String(parts[1]) }
        }
        return out
    }
}
