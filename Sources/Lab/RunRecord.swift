import Foundation

/// The JSON document one run leaves behind (docs/product.md, "Run records").
///
/// Inputs (experiment, method, seed, params, profile, resolved config and its hash, code
/// digest, toolchain), results (status, series, finals, matrices, labels, instance) and
/// provenance. Encoded with sorted keys; apart from `timing`, `measurements` and `provenance`, two runs of the same job
/// with the same code on the same machine produce byte-identical files.
///
/// Invariants: every number is finite (checked before writing, so a diverged run is a
/// `failed` record without numbers, never a file with NaN); `status == .ok` exactly when
/// `error == nil`.
public struct RunRecord: Codable, Equatable, Sendable {
    /// Version of this layout; bump it when a field changes meaning (old records then miss the cache).
    public static let currentSchemaVersion = 1
    /// Largest embedded instance, in bytes of JSON.
    public static let instanceLimit = 1_000_000

    public enum Status: String, Codable, Sendable { case ok, failed }

    public var schemaVersion: Int
    public var experiment: String
    public var method: String
    public var seed: UInt64
    public var params: [String: Double]
    public var profile: String
    /// The resolved config (seeds and methods excluded: they are per-record fields).
    public var config: JSONValue
    /// SHA-256 of the canonical JSON of `config`.
    public var configHash: String
    /// SHA-256 of the code the experiment depends on ("unknown" outside the package).
    public var codeDigest: String
    public var toolchain: String
    public var status: Status
    public var error: String?
    public var series: [String: [Double]]
    public var xAxis: [String: String]
    public var finals: [String: Double]
    public var matrices: [String: [[Double]]]
    public var labels: [String: String]
    public var instance: JSONValue?
    /// Why `instance` is absent although the run had one (it was too large).
    public var instanceOmitted: String?
    public var provenance: Provenance
    public var timing: Timing
    /// Recorded episodes of a simulator (e.g. E3b's Breakout evaluation episodes: start side,
    /// actions, sticky draws, rewards), so anyone can replay them elsewhere; absent otherwise.
    public var episodes: JSONValue? = nil
    /// Numbers that differ from run to run by nature (CPU and wall times an experiment
    /// measures), name -> values: never compared bitwise (`bilevel verify` skips them) and
    /// informational in comparisons. Absent when the run measured nothing, so records
    /// without timings are unchanged. Everything else of a record, apart from `timing`
    /// and `provenance` (command line, host, dates), is identical for identical inputs.
    public var measurements: [String: [Double]]? = nil

    /// The job this record belongs to.
    public var job: Job { Job(method: method, seed: seed, params: params) }

    /// Deterministic file name: `<method>[_<params>]_seed<seed>_<configHash prefix>.json`.
    public static func fileName(for job: Job, configHash: String) -> String {
        var name = sanitize(job.method)
        if let params = job.paramsText { name += "_" + sanitize(params) }
        return name + "_seed\(job.seed)_\(configHash.prefix(12)).json"
    }

    public var fileName: String { Self.fileName(for: job, configHash: configHash) }

    static func sanitize(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || "._=-+".contains($0) ? $0 : "-" })
    }

    /// Whether this record can stand in for running `job` with these inputs.
    public func satisfies(_ job: Job, configHash: String, codeDigest: String, toolchain: String) -> Bool {
        schemaVersion == Self.currentSchemaVersion && status == .ok && self.job == job
            && self.configHash == configHash && self.codeDigest == codeDigest && self.toolchain == toolchain
    }

    /// The encoded record (sorted keys, pretty-printed, trailing newline).
    /// Throws `NonFiniteError` when a number is not finite.
    public func encoded() throws -> Data {
        try validate()
        var data = try JSONCoding.encoder.encode(self)
        data.append(0x0a)
        return data
    }

    func validate() throws {
        var result = RunResult()
        result.series = series
        result.finals = finals
        result.matrices = matrices
        result.instance = instance
        result.episodes = episodes
        result.measurements = measurements ?? [:]
        try result.validate()
        for (name, value) in params where !value.isFinite {
            throw NonFiniteError(name: "param '\(name)'", value: value)
        }
        if let path = config.firstNonFinite(path: "config") { throw NonFiniteError(name: path, value: .nan) }
    }

    /// Atomically writes the record as `directory/fileName`; returns its URL.
    @discardableResult
    public func write(to directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(fileName)
        try AtomicFile.write(try encoded(), to: url)
        return url
    }

    /// Reads a record file (one-line `LabError` naming the file and the field at fault).
    public static func load(_ url: URL) throws -> RunRecord {
        try JSONFile.decode(RunRecord.self, at: url, kind: "run record")
    }

    /// The run records in `directory` (hidden temporary files and non-records skipped),
    /// sorted by file name. A file that is not a readable record is not dropped silently:
    /// `problems` receives one line naming it (the `loadAll(in:)` overload prints them).
    public static func loadAll(in directory: URL, problems: inout [String]) -> [RunRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var records: [RunRecord] = []
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") && name != Summary.fileName {
            do { records.append(try load(directory.appendingPathComponent(name))) } catch { problems.append("\(error)") }
        }
        return records
    }

    /// `loadAll(in:problems:)`, each problem printed as one warning line on stderr.
    public static func loadAll(in directory: URL) -> [RunRecord] {
        var problems: [String] = []
        let records = loadAll(in: directory, problems: &problems)
        for problem in problems { printError("warning: skipped \(problem)") }
        return records
    }
}
