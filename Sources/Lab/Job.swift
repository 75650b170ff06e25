import Foundation

/// One run of an experiment: a method, a seed, and optional per-run parameters
/// (e.g. `["lambda": 10]` when one method is run for several penalty weights).
///
/// A job is the unit of caching, parallelism and run records: one record per job.
public struct Job: Hashable, Sendable, CustomStringConvertible {
    public var method: String
    public var seed: UInt64
    public var params: [String: Double]

    public init(method: String, seed: UInt64, params: [String: Double] = [:]) {
        self.method = method
        self.seed = seed
        self.params = params
    }

    /// e.g. `pbrl-value lambda=10 seed 3`.
    public var description: String {
        var parts = [method]
        if let paramsText { parts.append(paramsText) }
        parts.append("seed \(seed)")
        return parts.joined(separator: " ")
    }

    /// `lambda=10,tau=0.05` (sorted keys), or nil without params.
    public var paramsText: String? {
        params.isEmpty ? nil : params.keys.sorted().map { "\($0)=\(Self.format(params[$0]!))" }.joined(separator: ",")
    }

    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }

    /// Parses `lambda=10,tau=0.05` (finite numbers, each name once).
    public static func parseParams(_ text: String) throws -> [String: Double] {
        var params: [String: Double] = [:]
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        guard !items.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw UsageError("--params: '\(text)' names no parameter; expected name=number, e.g. lambda=10")
        }
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]), value.isFinite else {
                throw UsageError("--params: bad parameter '\(item)'; expected name=number (finite), e.g. lambda=10")
            }
            guard params[parts[0]] == nil else { throw UsageError("--params: '\(parts[0])' is given twice") }
            params[parts[0]] = value
        }
        return params
    }
}
