import Foundation

/// How one number (a metric, a series, a figure's data) is judged in a comparison.
public enum Check: Equatable, Sendable {
    /// Flagged when |B − A| > absolute + relative · max(|A|, |B|), or when present on one side only.
    case tolerance(Tolerance)
    /// Shown with its difference, never flagged (e.g. a timing, which differs on every run).
    case informational

    public var isInformational: Bool { self == .informational }

    /// Whether A and B differ beyond this check (never, for an informational number).
    public func flags(_ a: Double?, _ b: Double?) -> Bool {
        guard case .tolerance(let tolerance) = self else { return false }
        guard let a, let b else { return true }
        return !tolerance.allows(a, b)
    }

    /// `|B − A| ≤ 1e-12 + 1e-9·max(|A|, |B|)`, or `informational (never flagged)`.
    public var text: String {
        switch self {
        case .informational: return "informational (never flagged)"
        case .tolerance(let t):
            switch (t.absolute, t.relative) {
            case (_, 0): return "|B − A| ≤ \(NumberText.compact(t.absolute))"
            case (0, _): return "|B − A| ≤ \(NumberText.compact(t.relative))·max(|A|, |B|)"
            default: return "|B − A| ≤ \(NumberText.compact(t.absolute)) + \(NumberText.compact(t.relative))·max(|A|, |B|)"
            }
        }
    }
}

/// One rule of a tolerance file: which names it covers and how they are checked.
public struct ToleranceRule: Equatable, Sendable {
    /// Matched against a metric's name as in `summary.json` (`e6.seconds_per_iteration.pbrl-value.n=100`),
    /// a record series' name (`J`) or a figure's data key (`pbrl-value.seconds_per_iteration`),
    /// and against the name the comparison shows (`e6_scaling / pbrl-value.seconds_per_iteration`).
    public var name: GlobPattern
    /// Matched against the experiment (`scaling`); `*` when the rule does not say.
    public var experiment: GlobPattern
    public var check: Check
    /// Why the rule exists, shown in the report.
    public var reason: String
    /// Line of the rule in its file, when read from one.
    public var line: Int?

    public init(name: String, experiment: String = "*", check: Check, reason: String = "", line: Int? = nil) {
        self.name = GlobPattern(name); self.experiment = GlobPattern(experiment)
        self.check = check; self.reason = reason; self.line = line
    }

    /// Whether the rule covers a number of `experiment` known by any of `names`.
    public func applies(experiment: String, names: [String]) -> Bool {
        self.experiment.matches(experiment) && names.contains { name.matches($0) }
    }
}

/// Per-name tolerances for `bilevel compare`, in order: the first rule that applies decides,
/// and a number no rule covers is checked against the default tolerance (`--atol`, `--rtol`).
public struct ToleranceRules: Equatable, Sendable {
    /// The committed rules file at the package root.
    public static let fileName = "compare.yaml"

    public var rules: [ToleranceRule]
    /// The file the rules came from (as named to the user), nil when there was none.
    public var source: String?

    public init(rules: [ToleranceRule] = [], source: String? = nil) {
        self.rules = rules; self.source = source
    }

    /// Index of the first rule covering a number of `experiment` named `names`, nil when none does.
    public func ruleIndex(experiment: String, names: [String]) -> Int? {
        rules.firstIndex { $0.applies(experiment: experiment, names: names) }
    }

    /// The check of the first rule covering the number, `fallback` when none does.
    public func check(experiment: String, names: [String], default fallback: Tolerance) -> (check: Check, rule: Int?) {
        guard let index = ruleIndex(experiment: experiment, names: names) else { return (.tolerance(fallback), nil) }
        return (rules[index].check, index)
    }
}
