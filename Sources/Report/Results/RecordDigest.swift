import Foundation
import Lab

/// The part of a run record (Lab's `RunRecord`, `records/*.json`) that reports and
/// comparisons read: who ran (method, params, seed), with what (config and its hash, code
/// digest, toolchain, provenance), what came out (status, series, finals) and how long it took.
///
/// Decoding is lenient on purpose: fields a report does not need may be added to records
/// without breaking reports, and a missing optional field decodes as empty. Only
/// `schemaVersion`, `experiment`, `method` and `seed` are required.
public struct RecordDigest: Decodable, Equatable, Sendable {
    /// The newest record layout this reader understands (Lab's `RunRecord.currentSchemaVersion`).
    public static let supportedSchemaVersion = 1

    public var schemaVersion: Int
    public var experiment: String
    public var method: String
    public var seed: UInt64
    public var params: [String: Double]
    public var profile: String
    public var configHash: String
    public var codeDigest: String
    public var toolchain: String
    /// "ok" or "failed".
    public var status: String
    public var error: String?
    public var series: [String: [Double]]
    /// Series name -> name of the series holding its x values (e.g. `"p": "iteration"`).
    public var xAxis: [String: String]
    public var finals: [String: Double]
    /// The resolved config, flattened to dotted keys -> canonical text (for provenance diffs).
    public var config: [String: String]
    public var provenance: ProvenanceDigest
    public var wallSeconds: Double
    public var cpuSeconds: Double
    /// ISO 8601 start and end of the run, when recorded.
    public var start: String?
    public var end: String?

    /// `pbrl-value lambda=10` (params sorted by name), the label of a curve over seeds.
    public var methodLabel: String {
        guard !params.isEmpty else { return method }
        return method + " " + params.keys.sorted().map { "\($0)=\(NumberText.compact(params[$0]!))" }.joined(separator: ",")
    }

    public var succeeded: Bool { status == "ok" }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, experiment, method, seed, params, profile, configHash, codeDigest, toolchain
        case status, error, series, xAxis, finals, config, provenance, timing
    }

    struct Timing: Decodable {
        var start: String?
        var end: String?
        var wallSeconds: Double?
        var cpuSeconds: Double?
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        experiment = try c.decode(String.self, forKey: .experiment)
        method = try c.decode(String.self, forKey: .method)
        seed = try c.decode(UInt64.self, forKey: .seed)
        params = try c.decodeIfPresent([String: Double].self, forKey: .params) ?? [:]
        profile = try c.decodeIfPresent(String.self, forKey: .profile) ?? ""
        configHash = try c.decodeIfPresent(String.self, forKey: .configHash) ?? "unknown"
        codeDigest = try c.decodeIfPresent(String.self, forKey: .codeDigest) ?? "unknown"
        toolchain = try c.decodeIfPresent(String.self, forKey: .toolchain) ?? "unknown"
        status = try c.decodeIfPresent(String.self, forKey: .status) ?? "ok"
        error = try c.decodeIfPresent(String.self, forKey: .error)
        series = try c.decodeIfPresent([String: [Double]].self, forKey: .series) ?? [:]
        xAxis = try c.decodeIfPresent([String: String].self, forKey: .xAxis) ?? [:]
        finals = try c.decodeIfPresent([String: Double].self, forKey: .finals) ?? [:]
        let tree = try c.decodeIfPresent(JSONTree.self, forKey: .config) ?? .object([:])
        config = tree.flattened()
        provenance = try c.decodeIfPresent(ProvenanceDigest.self, forKey: .provenance) ?? ProvenanceDigest()
        let timing = try c.decodeIfPresent(Timing.self, forKey: .timing)
        wallSeconds = timing?.wallSeconds ?? 0
        cpuSeconds = timing?.cpuSeconds ?? 0
        start = timing?.start
        end = timing?.end
    }

    /// Reads one record file; errors name the file and the field at fault (as `RunRecord.load`).
    public static func load(_ url: URL) throws -> RecordDigest {
        try JSONFile.decode(RecordDigest.self, at: url, kind: "run record")
    }
}

/// Where and with what a run was made (the record's `provenance`), as far as reports show it.
public struct ProvenanceDigest: Decodable, Equatable, Sendable {
    public var commit = "unknown"
    public var dirty = false
    public var host = "unknown"
    public var os = "unknown"
    public var cpu = "unknown"
    public var swiftVersion = "unknown"
    public var cairoVersion = "unknown"

    public init() {}

    enum CodingKeys: String, CodingKey { case commit, dirty, host, os, cpu, swiftVersion, cairoVersion }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        commit = try c.decodeIfPresent(String.self, forKey: .commit) ?? "unknown"
        dirty = try c.decodeIfPresent(Bool.self, forKey: .dirty) ?? false
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? "unknown"
        os = try c.decodeIfPresent(String.self, forKey: .os) ?? "unknown"
        cpu = try c.decodeIfPresent(String.self, forKey: .cpu) ?? "unknown"
        swiftVersion = try c.decodeIfPresent(String.self, forKey: .swiftVersion) ?? "unknown"
        cairoVersion = try c.decodeIfPresent(String.self, forKey: .cairoVersion) ?? "unknown"
    }
}
