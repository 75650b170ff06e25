import Foundation

/// One expectation about a headline number: a metric an experiment writes to its summary,
/// what it should be, and where that expectation comes from.
///
/// A claim holds when the metric exists and
/// - `expected` with `tolerance`: |value - expected| <= tolerance (absolute);
/// - `expected` with `relativeTolerance`: |value - expected| <= relativeTolerance * |expected|;
/// - `atLeast` / `atMost`: value >= atLeast, value <= atMost (either or both).
/// A missing metric never holds.
public struct Claim: Equatable, Sendable {
    /// Where a claimed value comes from.
    public enum Basis: String, CaseIterable, Sendable {
        /// A statement of the paper's theory (a lemma, a rate).
        case theory
        /// A number printed in the paper (a table or a figure).
        case publishedTable = "published-table"
        /// A value worked out by hand for a small instance.
        case handCalculation = "hand-calculation"
        /// A property of the reconstruction itself (e.g. a bound that must hold by construction).
        case construction
    }

    public var metric: String
    /// The experiment whose `summary.json` holds the metric (e.g. `theory`).
    public var experiment: String
    public var expected: Double?
    public var tolerance: Double?
    public var relativeTolerance: Double?
    public var atLeast: Double?
    public var atMost: Double?
    public var basis: Basis
    /// Where exactly: "Lemma 3: p(x, y_λ) = O(1/λ²)", "hand calculation: 1/(1-γ²)".
    public var source: String
    /// Profiles the claim applies to; empty = every profile.
    public var profiles: [String]

    public init(metric: String, experiment: String, expected: Double? = nil, tolerance: Double? = nil,
                relativeTolerance: Double? = nil, atLeast: Double? = nil, atMost: Double? = nil,
                basis: Basis, source: String, profiles: [String] = []) {
        self.metric = metric; self.experiment = experiment; self.expected = expected
        self.tolerance = tolerance; self.relativeTolerance = relativeTolerance
        self.atLeast = atLeast; self.atMost = atMost; self.basis = basis; self.source = source
        self.profiles = profiles
    }

    public func applies(to profile: String) -> Bool { profiles.isEmpty || profiles.contains(profile) }

    /// The claim as a reader sees it: `= -2 ± 0.15`, `≥ 0`, `in [0.9, 1.1]`, `= 33.7 ± 1 %`.
    public var statement: String {
        if let expected {
            if let tolerance { return "= \(NumberText.compact(expected)) ± \(NumberText.compact(tolerance))" }
            if let relativeTolerance { return "= \(NumberText.compact(expected)) ± \(NumberText.compact(relativeTolerance * 100)) %" }
            return "= \(NumberText.compact(expected))"
        }
        switch (atLeast, atMost) {
        case let (lo?, hi?): return "in [\(NumberText.compact(lo)), \(NumberText.compact(hi))]"
        case let (lo?, nil): return "≥ \(NumberText.compact(lo))"
        case let (nil, hi?): return "≤ \(NumberText.compact(hi))"
        default: return "(no bound)"
        }
    }

    /// Whether `value` satisfies the claim.
    public func holds(for value: Double) -> Bool {
        guard value.isFinite else { return false }
        if let expected {
            let allowed = tolerance ?? (relativeTolerance.map { $0 * abs(expected) } ?? 0)
            return abs(value - expected) <= allowed
        }
        if let atLeast, value < atLeast { return false }
        if let atMost, value > atMost { return false }
        return true
    }
}
