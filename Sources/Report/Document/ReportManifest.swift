import Foundation
import Lab

/// `reports/<commit>/report.json`: everything a report shows, in machine-readable form,
/// and everything `compare` needs (metrics, mean series, figure data, provenance).
///
/// `schemaVersion` changes whenever a field changes meaning; `compare` refuses (one line)
/// a report of another schema rather than misreading it.
public struct ReportManifest: Codable, Equatable, Sendable {
    public static let currentSchemaVersion = 1
    public static let fileName = "report.json"

    public var schemaVersion: Int
    /// Full commit id, or "unknown" outside git.
    public var commit: String
    public var dirty: Bool
    /// ISO 8601 UTC time the report was written.
    public var date: String
    public var swiftVersion: String
    public var cairoVersion: String
    public var profile: String
    public var experiments: [ExperimentEntry]
    public var checks: [CheckEntry]

    public struct ExperimentEntry: Codable, Equatable, Sendable {
        public var name: String
        public var title: String
        public var metrics: [String: Double]
        /// Named curves of the summary (e.g. means over seeds the experiment computed).
        public var summarySeries: [String: [Double]]
        /// Mean over seeds of every record series: method label -> series name -> values.
        public var series: [String: [String: [Double]]]
        /// Series name -> name of the series holding its x values (absent: the index).
        public var axes: [String: String]?
        /// Figures with paths relative to the report folder (`figures/<experiment>/<name>.png`).
        public var figures: [FigureEntry]
        public var provenance: ExperimentProvenance
        public var problems: [String]
    }

    public struct ExperimentProvenance: Codable, Equatable, Sendable {
        public var runs: Int
        public var failedRuns: Int
        public var seeds: [UInt64]
        public var methods: [String]
        public var configHashes: [String]
        public var codeDigests: [String]
        public var toolchains: [String]
        public var commits: [String]
        public var hosts: [String]
        public var cpus: [String]
        public var operatingSystems: [String]
        public var swiftVersions: [String]
        public var cairoVersions: [String]
        /// The resolved config of the first record (dotted key -> text).
        public var config: [String: String]
        public var wallSeconds: Double
        public var cpuSeconds: Double
        public var elapsedSeconds: Double?
    }

    public struct CheckEntry: Codable, Equatable, Sendable {
        public var experiment: String
        public var metric: String
        public var claim: String
        public var basis: String
        public var source: String
        public var value: Double?
        public var verdict: String
        public var reason: String
    }

    public func write(to directory: URL) throws {
        let encoder = JSONEncoder()
        // Compact: the mean series make this file large; sorted keys keep it stable.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(self), to: directory.appendingPathComponent(Self.fileName))
    }

    /// Reads `directory/report.json`; errors say what is wrong in one line.
    public static func load(from directory: URL) throws -> ReportManifest {
        let url = directory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ReportError("no report in \(directory.path) (\(fileName) missing)")
        }
        struct Version: Decodable { var schemaVersion: Int? }
        let version = (try? JSONDecoder().decode(Version.self, from: data))?.schemaVersion
        guard let version else { throw ReportError("\(url.path) is not a report manifest") }
        guard version == currentSchemaVersion else {
            throw ReportError("\(directory.path) is a report of schema \(version); this tool reads schema \(currentSchemaVersion): delete that folder and it will be rebuilt")
        }
        do { return try JSONDecoder().decode(ReportManifest.self, from: data) } catch {
            throw ReportError("\(url.path) is not a valid report manifest (\(JSONFile.shortDescription(of: error)))")
        }
    }

    public func experiment(_ name: String) -> ExperimentEntry? { experiments.first { $0.name == name } }
}

extension ReportManifest.ExperimentProvenance {
    init(_ results: ExperimentResults) {
        let records = results.records
        func set(_ values: [String]) -> [String] { Array(Set(values)).sorted() }
        let cost = results.cost
        self.init(runs: records.count, failedRuns: results.failedRecords.count, seeds: results.seeds,
                  methods: results.methodLabels, configHashes: results.configHashes,
                  codeDigests: set(records.map(\.codeDigest)), toolchains: set(records.map(\.toolchain)),
                  commits: results.commits, hosts: set(records.map(\.provenance.host)),
                  cpus: set(records.map(\.provenance.cpu)), operatingSystems: set(records.map(\.provenance.os)),
                  swiftVersions: set(records.map(\.provenance.swiftVersion)),
                  cairoVersions: set(records.map(\.provenance.cairoVersion)),
                  config: records.first?.config ?? [:],
                  wallSeconds: cost.wallSeconds, cpuSeconds: cost.cpuSeconds, elapsedSeconds: cost.elapsedSeconds)
    }
}
