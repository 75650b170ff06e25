import Foundation

/// Bitwise comparison of the numbers of two run records (what `bilevel verify` reports).
///
/// Two records agree when they have the same status, the same series names, lengths and
/// values, the same finals and the same matrices, every number compared by its bit
/// pattern (so 0.0 and -0.0 differ, and no tolerance hides a change).
public enum RecordComparison {
    public struct Difference: Equatable, CustomStringConvertible, Sendable {
        /// e.g. `series.F[17]`, `finals.F`, `series.F (length)`.
        public var key: String
        public var recorded: String
        public var rerun: String
        public var description: String { "\(key): recorded \(recorded), rerun \(rerun)" }
    }

    /// Every difference between `recorded` and `rerun` (empty when identical). For a
    /// series, the first differing index is reported with the count of differing points.
    public static func differences(_ recorded: RunRecord, _ rerun: RunRecord) -> [Difference] {
        var out: [Difference] = []
        if recorded.status != rerun.status {
            out.append(Difference(key: "status", recorded: describe(recorded), rerun: describe(rerun)))
        }
        compareArrays("series", recorded.series, rerun.series, into: &out)
        for name in Set(recorded.finals.keys).union(rerun.finals.keys).sorted() {
            let a = recorded.finals[name], b = rerun.finals[name]
            if a?.bitPattern != b?.bitPattern {
                out.append(Difference(key: "finals.\(name)", recorded: show(a), rerun: show(b)))
            }
        }
        for name in Set(recorded.matrices.keys).union(rerun.matrices.keys).sorted() {
            let a = recorded.matrices[name], b = rerun.matrices[name]
            compareArrays("matrices.\(name)", flatten(a), flatten(b), into: &out)
        }
        // Recorded episodes (integers, booleans and exactly representable rewards): equal as JSON.
        if recorded.episodes != rerun.episodes {
            out.append(Difference(key: "episodes", recorded: recorded.episodes == nil ? "none" : "recorded",
                                  rerun: rerun.episodes == nil ? "none" : "different"))
        }
        return out
    }

    private static func flatten(_ matrix: [[Double]]?) -> [String: [Double]] {
        guard let matrix else { return [:] }
        var rows: [String: [Double]] = [:]
        for (i, row) in matrix.enumerated() { rows["[\(i)]"] = row }
        return rows
    }

    private static func compareArrays(_ prefix: String, _ a: [String: [Double]], _ b: [String: [Double]],
                                      into out: inout [Difference]) {
        let separator = prefix.hasPrefix("matrices") ? "" : "."
        for name in Set(a.keys).union(b.keys).sorted() {
            let key = "\(prefix)\(separator)\(name)"
            guard let x = a[name], let y = b[name] else {
                out.append(Difference(key: key, recorded: a[name] == nil ? "absent" : "present",
                                      rerun: b[name] == nil ? "absent" : "present"))
                continue
            }
            if x.count != y.count {
                out.append(Difference(key: "\(key) (length)", recorded: "\(x.count)", rerun: "\(y.count)"))
                continue
            }
            let differing = x.indices.filter { x[$0].bitPattern != y[$0].bitPattern }
            if let first = differing.first {
                let more = differing.count > 1 ? " (and \(differing.count - 1) more of \(x.count))" : ""
                out.append(Difference(key: "\(key)[\(first)]\(more)", recorded: show(x[first]), rerun: show(y[first])))
            }
        }
    }

    private static func describe(_ record: RunRecord) -> String {
        record.status.rawValue + (record.error.map { " (\($0))" } ?? "")
    }

    private static func show(_ x: Double?) -> String { x.map { "\($0)" } ?? "absent" }
}
