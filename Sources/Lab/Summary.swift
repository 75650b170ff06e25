import Foundation

/// What an experiment reports as a whole: `summary.json` next to its run records, read
/// by the report builder and by `check`/`compare`.
///
/// `metrics` is flat (name -> number, e.g. `"E1b.finalF.pbrl-value.lambda=10.mean"`);
/// `series` holds named curves the report may plot or compare (e.g. a mean over seeds);
/// `records` lists the paths (relative to the summary, `records/<file>.json`) of the
/// records this summary was computed from, so stale
/// records left in the folder by an older config are never mistaken for current ones.
/// Every number must be finite.
public struct Summary: Codable, Equatable, Sendable {
    public static let fileName = "summary.json"
    public static let currentSchemaVersion = 1

    public var schemaVersion = Summary.currentSchemaVersion
    public var experiment: String
    public var profile: String
    public var configHash: String
    public var codeDigest: String
    public var toolchain: String
    public var commit: String
    public var dirty: Bool
    public var metrics: [String: Double]
    public var series: [String: [Double]]
    public var notes: [String: String]
    public var records: [String]
    public var failedRecords: [String]

    /// Atomically writes `directory/summary.json`. Throws when a number is not finite.
    @discardableResult
    public func write(to directory: URL) throws -> URL {
        for name in metrics.keys.sorted() where !metrics[name]!.isFinite {
            throw NonFiniteError(name: "summary metric '\(name)'", value: metrics[name]!)
        }
        for name in series.keys.sorted() {
            if let index = series[name]!.firstIndex(where: { !$0.isFinite }) {
                throw NonFiniteError(name: "summary series '\(name)'", iteration: index, value: series[name]![index])
            }
        }
        var data = try JSONCoding.encoder.encode(self)
        data.append(0x0a)
        let url = directory.appendingPathComponent(Self.fileName)
        try AtomicFile.write(data, to: url)
        return url
    }

    public static func load(_ url: URL) throws -> Summary {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LabError("summary not found: \(url.path)")
        }
        do { return try JSONDecoder().decode(Summary.self, from: data) } catch {
            throw LabError("\(url.path) is not an experiment summary: \(error)")
        }
    }
}

/// The provenance a figure carries in its metadata and caption: hand `metadata` to the
/// plot module's metadata struct.
public struct FigureProvenance: Equatable, Sendable {
    public var experiment: String
    public var profile: String
    public var commit: String
    public var dirty: Bool
    public var configHash: String

    /// Key -> value pairs for the figure file's metadata (PNG text chunks, PDF info).
    public var metadata: [String: String] {
        ["experiment": experiment, "profile": profile, "commit": commit,
         "dirty": dirty ? "true" : "false", "configHash": configHash]
    }

    /// e.g. "stackelberg (standard), commit 1a2b3c4d5e6f (dirty), config 9f8e7d6c5b4a".
    public var text: String {
        "\(experiment) (\(profile)), commit \(commit.prefix(12))\(dirty ? " (dirty)" : ""), config \(configHash.prefix(12))"
    }
}
