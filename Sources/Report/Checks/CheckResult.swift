import Foundation

/// The verdict on one claim against one set of results.
public struct CheckResult: Equatable, Sendable {
    public enum Verdict: String, Sendable { case pass = "PASS", fail = "FAIL" }

    public var claim: Claim
    public var value: Double?
    public var verdict: Verdict
    /// Why it failed, or the margin by which it passed, in words.
    public var reason: String

    /// `PASS  e5.slope.penalty = -1.98 (claim = -2 ± 0.15; theory: ...)`.
    public var line: String {
        let shown = value.map { NumberText.significant($0, 5) } ?? "missing"
        return "\(verdict.rawValue)  \(claim.metric) = \(shown)  (claim \(claim.statement); \(claim.basis.rawValue): \(claim.source))"
            + (verdict == .fail ? " — \(reason)" : "")
    }
}

extension Expectations {
    /// Evaluates every claim that applies to `profile` against the experiments' metrics.
    ///
    /// `metrics` maps experiment -> metric -> value; `available` tells which experiments have
    /// results at all, so a missing metric can be told apart from a missing experiment.
    public func evaluate(metrics: [String: [String: Double]], profile: String,
                         runsFolder: String = "runs") -> [CheckResult] {
        claims.filter { $0.applies(to: profile) }.map { claim in
            guard let experiment = metrics[claim.experiment] else {
                return CheckResult(claim: claim, value: nil, verdict: .fail,
                                   reason: "no results for experiment '\(claim.experiment)' (\(runsFolder)/\(claim.experiment)/\(profile)/summary.json missing); run it with --profile \(profile)")
            }
            guard let value = experiment[claim.metric] else {
                let near = experiment.keys.filter { $0.hasPrefix(claim.metric.split(separator: ".").first.map(String.init) ?? "") }.sorted().prefix(3)
                return CheckResult(claim: claim, value: nil, verdict: .fail,
                                   reason: "metric '\(claim.metric)' not in \(claim.experiment)'s summary" + (near.isEmpty ? "" : " (has e.g. \(near.joined(separator: ", ")))"))
            }
            if claim.holds(for: value) {
                return CheckResult(claim: claim, value: value, verdict: .pass, reason: "holds")
            }
            let reason: String
            if let expected = claim.expected {
                reason = "off by \(NumberText.significant(abs(value - expected), 3)), beyond the tolerance"
            } else if let lo = claim.atLeast, value < lo {
                reason = "below \(NumberText.compact(lo))"
            } else {
                reason = "above \(NumberText.compact(claim.atMost ?? .nan))"
            }
            return CheckResult(claim: claim, value: value, verdict: .fail, reason: reason)
        }
    }
}
