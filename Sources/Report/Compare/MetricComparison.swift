import Foundation

/// When two numbers count as the same: |a - b| <= absolute + relative * max(|a|, |b|).
/// The defaults flag any change beyond round-off: the same code, config and seed must give
/// bitwise identical numbers, so a difference means something changed.
public struct Tolerance: Equatable, Sendable {
    public var absolute: Double
    public var relative: Double

    public init(absolute: Double = 1e-12, relative: Double = 1e-9) {
        self.absolute = absolute; self.relative = relative
    }

    public func allows(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= absolute + relative * max(abs(a), abs(b))
    }
}

/// One metric in both reports.
public struct MetricDifference: Equatable, Sendable {
    public var experiment: String
    public var metric: String
    public var a: Double?
    public var b: Double?
    /// How this metric is judged: the first tolerance rule covering its name, else the default.
    public var check: Check = .tolerance(Tolerance())
    /// Index of that rule in `Comparison.rules`, nil for the default tolerance.
    public var rule: Int?

    /// b - a, when both exist.
    public var difference: Double? { a.flatMap { a in b.map { $0 - a } } }
    /// (b - a) / |a|, when both exist and a != 0.
    public var relativeDifference: Double? {
        guard let a, let d = difference, a != 0 else { return nil }
        return d / abs(a)
    }

    /// Beyond the tolerance, or present in one report only.
    public func flagged(_ tolerance: Tolerance) -> Bool {
        Check.tolerance(tolerance).flags(a, b)
    }

    /// Flagged by its own check (`check`): never when informational.
    public var flagged: Bool { check.flags(a, b) }

    /// Every metric of every experiment of either report, sorted by experiment and name.
    static func all(_ a: ReportManifest, _ b: ReportManifest) -> [MetricDifference] {
        let experiments = Set(a.experiments.map(\.name)).union(b.experiments.map(\.name)).sorted()
        var rows: [MetricDifference] = []
        for name in experiments {
            let ma = a.experiment(name)?.metrics ?? [:], mb = b.experiment(name)?.metrics ?? [:]
            for metric in Set(ma.keys).union(mb.keys).sorted() {
                rows.append(MetricDifference(experiment: name, metric: metric, a: ma[metric], b: mb[metric]))
            }
        }
        return rows
    }
}

/// The largest difference between two curves: its size, where it occurs, and whether the
/// lengths differ (then only the common prefix is compared).
public struct SeriesDifference: Equatable, Sendable {
    public var experiment: String
    /// `series / method` for record series, `summary: name / name` for summary series,
    /// `figure / key` for figure data.
    public var name: String
    /// The series' own name: the record series (`J`), the summary series (`F.mean`) or the
    /// figure's data key (`pbrl-value.seconds_per_iteration`); tolerance rules match it and `name`.
    public var key: String
    /// How this series is judged: the first tolerance rule covering it, else the default.
    public var check: Check = .tolerance(Tolerance())
    /// Index of that rule in `Comparison.rules`, nil for the default tolerance.
    public var rule: Int?
    public var countA: Int
    public var countB: Int
    public var maxAbsDifference: Double
    /// Index of the largest difference (first one on ties), nil when the common prefix is empty.
    public var index: Int?
    public var valueA: Double?
    public var valueB: Double?

    public init(experiment: String, name: String, key: String? = nil, a: [Double], b: [Double]) {
        self.experiment = experiment; self.name = name; self.key = key ?? name
        countA = a.count; countB = b.count
        var best = 0.0
        var at: Int?
        for i in 0..<min(a.count, b.count) {
            let d = abs(a[i] - b[i])
            if at == nil || d > best { best = d; at = i }
        }
        maxAbsDifference = best; index = at
        valueA = at.map { a[$0] }; valueB = at.map { b[$0] }
    }

    public func flagged(_ tolerance: Tolerance) -> Bool {
        if countA != countB { return true }
        guard let valueA, let valueB else { return false }
        return !tolerance.allows(valueA, valueB)
    }

    /// Flagged by its own check (`check`): never when informational, else lengths that
    /// differ or a largest difference beyond the tolerance.
    public var flagged: Bool {
        guard case .tolerance(let tolerance) = check else { return false }
        return flagged(tolerance)
    }
}
