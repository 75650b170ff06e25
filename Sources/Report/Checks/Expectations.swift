import Foundation
import Yams

/// The committed claims file (`expectations.yaml` at the package root):
///
///     claims:
///       - metric: e5.slope.penalty         # a name in runs/<experiment>/<profile>/summary.json
///         experiment: theory
///         expected: -2
///         tolerance: 0.15                  # or relative_tolerance: 0.05; or at_least / at_most
///         basis: theory                    # theory | published-table | hand-calculation | construction
///         source: "p(x, y_λ) = O(1/λ²) (Lemma on the penalty's decay)"
///         profiles: [standard, full]       # optional; default: every profile
///
/// Reading is strict: an unknown key, a missing field, a claim with no bound or with two
/// kinds of bound, a negative tolerance, a duplicate metric: one line naming the problem,
/// the claim and the valid choices.
public struct Expectations: Equatable, Sendable {
    public static let fileName = "expectations.yaml"
    public var claims: [Claim]

    public init(claims: [Claim]) { self.claims = claims }

    static let claimKeys = ["metric", "experiment", "expected", "tolerance", "relative_tolerance",
                            "at_least", "at_most", "basis", "source", "profiles"]

    public static func load(_ url: URL) throws -> Expectations {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ReportError("expectations file not found: \(url.path)")
        }
        return try parse(text, file: url.lastPathComponent)
    }

    public static func parse(_ text: String, file: String = fileName) throws -> Expectations {
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch {
            throw ReportError("\(file): not valid YAML (\(String(describing: error).split(separator: "\n").first ?? ""))")
        }
        guard let top = root as? [String: Any] else { throw ReportError("\(file): expected a mapping with key 'claims'") }
        for key in top.keys where key != "claims" {
            throw ReportError("\(file): unknown key '\(key)'; valid keys: claims")
        }
        guard let list = top["claims"] as? [Any] else { throw ReportError("\(file): 'claims' must be a list") }
        var claims: [Claim] = []
        var seen = Set<String>()
        for (index, item) in list.enumerated() {
            let claim = try parseClaim(item, index: index, file: file)
            let key = claim.experiment + "/" + claim.metric + "/" + claim.profiles.joined(separator: ",")
            guard seen.insert(key).inserted else {
                throw ReportError("\(file): claim \(index + 1) repeats metric '\(claim.metric)' for the same profiles")
            }
            claims.append(claim)
        }
        return Expectations(claims: claims)
    }

    static func parseClaim(_ item: Any, index: Int, file: String) throws -> Claim {
        let here = "\(file): claim \(index + 1)"
        guard let map = item as? [String: Any] else { throw ReportError("\(here) is not a mapping") }
        for key in map.keys.sorted() where !claimKeys.contains(key) {
            throw ReportError("\(here): unknown key '\(key)'; valid keys: \(claimKeys.joined(separator: ", "))")
        }
        func string(_ key: String) throws -> String {
            guard let value = map[key] else { throw ReportError("\(here): missing '\(key)'") }
            guard let s = value as? String, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ReportError("\(here): '\(key)' must be a non-empty string")
            }
            return s
        }
        func number(_ key: String) throws -> Double? {
            guard let value = map[key] else { return nil }
            let x: Double
            switch value {
            case let v as Int: x = Double(v)
            case let v as Double: x = v
            default: throw ReportError("\(here): '\(key)' must be a number")
            }
            guard x.isFinite else { throw ReportError("\(here): '\(key)' must be finite") }
            return x
        }
        let metric = try string("metric")
        let here2 = "\(here) (\(metric))"
        let experiment = try string("experiment")
        let basisText = try string("basis")
        guard let basis = Claim.Basis(rawValue: basisText) else {
            throw ReportError("\(here2): unknown basis '\(basisText)'; valid: \(Claim.Basis.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let claim = Claim(metric: metric, experiment: experiment,
                          expected: try number("expected"), tolerance: try number("tolerance"),
                          relativeTolerance: try number("relative_tolerance"),
                          atLeast: try number("at_least"), atMost: try number("at_most"),
                          basis: basis, source: try string("source"),
                          profiles: try profiles(map["profiles"], here: here2))
        if claim.expected != nil {
            guard claim.atLeast == nil, claim.atMost == nil else {
                throw ReportError("\(here2): give either 'expected' with a tolerance, or 'at_least'/'at_most', not both")
            }
            guard (claim.tolerance == nil) != (claim.relativeTolerance == nil) else {
                throw ReportError("\(here2): 'expected' needs exactly one of 'tolerance' or 'relative_tolerance'")
            }
        } else {
            guard claim.atLeast != nil || claim.atMost != nil else {
                throw ReportError("\(here2): no bound; give 'expected' with 'tolerance', or 'at_least' and/or 'at_most'")
            }
            guard claim.tolerance == nil, claim.relativeTolerance == nil else {
                throw ReportError("\(here2): a tolerance needs 'expected'")
            }
            if let lo = claim.atLeast, let hi = claim.atMost, lo > hi {
                throw ReportError("\(here2): at_least \(lo) exceeds at_most \(hi)")
            }
        }
        if let t = claim.tolerance ?? claim.relativeTolerance, t < 0 {
            throw ReportError("\(here2): tolerance must be >= 0")
        }
        return claim
    }

    static func profiles(_ value: Any?, here: String) throws -> [String] {
        guard let value else { return [] }
        if let one = value as? String { return [one] }
        guard let list = value as? [Any], list.allSatisfy({ $0 is String }) else {
            throw ReportError("\(here): 'profiles' must be a list of profile names, e.g. [standard, full]")
        }
        return list.map { $0 as! String }
    }
}
