import Foundation

/// What the command line selects among a profile's jobs: `--methods`, `--seeds`, `--params`.
///
/// A profile's jobs are what its config defines (methods x parameter grid x seeds). A run
/// computes the selected ones (or reuses their cached records) and reads the valid records
/// of the others from disk, so that its summary, tables and figures always describe every
/// valid record of the current config: a subset run adds records, it never shrinks the
/// summary (docs/robustness.md). A selection that matches no job is a `UsageError`.
public struct JobSelection: Equatable, Sendable {
    public var methods: [String]?
    public var seeds: [UInt64]?
    public var params: [String: Double]?

    public init(methods: [String]? = nil, seeds: [UInt64]? = nil, params: [String: Double]? = nil) {
        self.methods = methods
        self.seeds = seeds
        self.params = params
    }

    /// Whether nothing is selected (every job of the profile runs).
    public var isEverything: Bool { methods == nil && seeds == nil && params == nil }

    public func matches(_ job: Job) -> Bool {
        (methods?.contains(job.method) ?? true) && (seeds?.contains(job.seed) ?? true)
            && (params?.allSatisfy { job.params[$0.key] == $0.value } ?? true)
    }

    /// The selected jobs of `universe`; a `UsageError` naming the valid choices when none is.
    public func select(from universe: [Job], experiment: String) throws -> [Job] {
        let selected = universe.filter(matches)
        guard selected.isEmpty else { return selected }
        guard !universe.isEmpty else {
            throw UsageError("\(experiment): the config defines no job (no method, parameter or seed to run)")
        }
        if let params {
            let known = Set(universe.flatMap { $0.params.keys })
            for name in params.keys.sorted() where !known.contains(name) {
                throw UsageError("--params: no job of \(experiment) has a parameter '\(name)'; parameters: "
                    + (known.isEmpty ? "(none)" : known.sorted().joined(separator: ", ")))
            }
            let candidates = universe.filter { job in
                (methods?.contains(job.method) ?? true) && (seeds?.contains(job.seed) ?? true)
            }
            for name in params.keys.sorted() {
                let values = Set(candidates.compactMap { $0.params[name] }).sorted()
                if !values.contains(params[name]!) {
                    throw UsageError("--params \(name)=\(Job.format(params[name]!)) matches no job of \(experiment)"
                        + "\(describeFilters()); \(name) takes \(values.isEmpty ? "no value there" : values.map(Job.format).joined(separator: ", "))")
                }
            }
        }
        let methodsRun = Set(universe.map(\.method)), seedsRun = Set(universe.map(\.seed))
        throw UsageError("the selection\(describeFilters(withParams: true)) matches no job of \(experiment); its jobs have methods "
            + methodsRun.sorted().joined(separator: ", ") + " and seeds " + SeedList.describe(seedsRun.sorted()))
    }

    func describeFilters(withParams: Bool = false) -> String {
        var parts: [String] = []
        if let methods { parts.append("--methods \(methods.joined(separator: ","))") }
        if let seeds { parts.append("--seeds \(SeedList.describe(seeds))") }
        if withParams, let params {
            parts.append("--params " + params.keys.sorted().map { "\($0)=\(Job.format(params[$0]!))" }.joined(separator: ","))
        }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: " ") + ")"
    }

    /// Parses `--methods a,b`: names from `available`, no empty item, no repeat.
    public static func methods(_ text: String, available: [String]) throws -> [String] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let valid = available.joined(separator: ", ")
        guard !items.allSatisfy(\.isEmpty) else {
            throw UsageError("--methods: '\(text)' names no method; valid: \(valid)")
        }
        var seen = Set<String>()
        for method in items {
            guard !method.isEmpty else { throw UsageError("--methods: '\(text)' has an empty item; valid: \(valid)") }
            guard available.contains(method) else {
                throw UsageError("--methods: unknown method '\(method)'\(Suggestion.didYouMean(method, among: available)); valid: \(valid)")
            }
            guard seen.insert(method).inserted else { throw UsageError("--methods: '\(method)' is listed twice") }
        }
        return items
    }
}
