import Foundation

/// An experiment's headline numbers (`summary.json`), as the report reads them.
///
/// Two shapes are accepted: Lab's `Summary` (an object with `metrics`, `series`, `records`,
/// ... and a `schemaVersion`) and a bare flat object `name -> number`. Every metric must be
/// a finite number; anything else is an error naming the metric.
public struct SummaryDigest: Equatable, Sendable {
    public static let supportedSchemaVersion = 1

    public var schemaVersion: Int
    public var metrics: [String: Double]
    public var series: [String: [Double]]
    public var notes: [String: String]
    /// File names of the records the summary was computed from (nil: use every record).
    public var records: [String]?
    /// Records of failed runs the summary was made alongside (shown in the report).
    public var failedRecords: [String] = []
    public var commit: String?
    public var dirty: Bool?

    public init(metrics: [String: Double], series: [String: [Double]] = [:]) {
        schemaVersion = Self.supportedSchemaVersion
        self.metrics = metrics; self.series = series; notes = [:]
    }

    public static func load(_ url: URL) throws -> SummaryDigest {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ReportError("summary not found: \(url.path)")
        }
        let tree: JSONTree
        do { tree = try JSONDecoder().decode(JSONTree.self, from: data) } catch {
            throw ReportError("\(url.path) is not valid JSON")
        }
        guard case .object(let top) = tree else { throw ReportError("\(url.path): expected a JSON object of metrics") }
        var summary = SummaryDigest(metrics: [:])
        if case .object(let metrics)? = top["metrics"] {
            if case .number(let v)? = top["schemaVersion"] { summary.schemaVersion = Int(v) }
            summary.metrics = try numbers(metrics, what: "metric", file: url)
            if case .object(let series)? = top["series"] {
                for (name, value) in series {
                    guard case .array(let items) = value else { throw ReportError("\(url.path): series '\(name)' is not a list of numbers") }
                    summary.series[name] = try items.map {
                        guard case .number(let x) = $0 else { throw ReportError("\(url.path): series '\(name)' is not a list of numbers") }
                        return x
                    }
                }
            }
            if case .object(let notes)? = top["notes"] {
                for (k, v) in notes { if case .string(let s) = v { summary.notes[k] = s } }
            }
            if case .array(let records)? = top["records"] {
                summary.records = records.compactMap { if case .string(let s) = $0 { return s }; return nil }
            }
            if case .array(let failed)? = top["failedRecords"] {
                summary.failedRecords = failed.compactMap { if case .string(let s) = $0 { return s }; return nil }
            }
            if case .string(let c)? = top["commit"] { summary.commit = c }
            if case .bool(let d)? = top["dirty"] { summary.dirty = d }
        } else {
            summary.metrics = try numbers(top, what: "metric", file: url)
        }
        return summary
    }

    private static func numbers(_ members: [String: JSONTree], what: String, file: URL) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for (name, value) in members {
            guard case .number(let x) = value, x.isFinite else {
                throw ReportError("\(file.path): \(what) '\(name)' is not a finite number")
            }
            out[name] = x
        }
        return out
    }
}
