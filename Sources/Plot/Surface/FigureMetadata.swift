/// Provenance a figure file carries: PDF document information and PNG text chunks.
///
/// The PNG gets one chunk per field (`Title`, `Commit`, `Dirty`, `Config Hash`,
/// `Experiment`, `Creation Time`, `Software`, then every `extra` key in sorted order);
/// the PDF gets the title as `/Title`, a readable summary as `/Subject`, every field as
/// `key=value` pairs separated by "; " in `/Keywords`, and `creationDate` as both
/// `/CreationDate` and `/ModDate`, so that identical inputs give identical files.
public struct FigureMetadata: Equatable, Sendable {
    public var title: String?
    public var commit: String?
    public var dirty: Bool?
    public var configHash: String?
    public var experiment: String?
    /// Free key/value pairs (e.g. "seeds": "5", "band": "min-max").
    public var extra: [String: String]
    /// ISO 8601 date written as the PDF creation date; fixed by default for reproducible files.
    public var creationDate: String

    public init(title: String? = nil, commit: String? = nil, dirty: Bool? = nil,
                configHash: String? = nil, experiment: String? = nil,
                extra: [String: String] = [:], creationDate: String = "2000-01-01T00:00:00Z") {
        self.title = title; self.commit = commit; self.dirty = dirty; self.configHash = configHash
        self.experiment = experiment; self.extra = extra; self.creationDate = creationDate
    }

    /// Every field as (key, value), in a fixed order; absent fields are left out.
    public var keyValues: [(String, String)] {
        var kv: [(String, String)] = []
        if let title { kv.append(("Title", title)) }
        if let commit { kv.append(("Commit", commit)) }
        if let dirty { kv.append(("Dirty", dirty ? "true" : "false")) }
        if let configHash { kv.append(("Config Hash", configHash)) }
        if let experiment { kv.append(("Experiment", experiment)) }
        for k in extra.keys.sorted() { kv.append((k, extra[k]!)) }
        kv.append(("Creation Time", creationDate))
        kv.append(("Software", software))
        return kv
    }

    var software: String { "BilevelRL Plot (cairo \(cairoVersion))" }

    var subject: String {
        var parts: [String] = []
        if let experiment { parts.append("experiment \(experiment)") }
        if let commit { parts.append("commit \(commit)" + (dirty == true ? " (dirty)" : "")) }
        if let configHash { parts.append("config \(configHash)") }
        return parts.joined(separator: ", ")
    }

    var keywords: String {
        keyValues.filter { $0.0 != "Title" && $0.0 != "Software" && $0.0 != "Creation Time" }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "; ")
    }
}
