import Algorithms
import ExperimentKit
import Lab

/// Headline numbers of E1 (flat metric name -> number), from the records:
/// `e1a.final_leader_value.<method>[.lambda=L]`, `e1a.final_pi_L(0|A).…`, `e1a.final_value_gap.…`,
/// `e1b.final_F.<method>[.lambda=L].mean|std`, `e1b.final_value_gap.….mean`.
func gameSummary(_ records: [RunRecord]) -> [String: Double] {
    var metrics: [String: Double] = [:]
    let ok = records.succeeded
    var groups: [String: [RunRecord]] = [:]
    for r in ok {
        guard let part = r.params["part"].flatMap({ GamePart(rawValue: Int($0)) }) else { continue }
        groups[part.tag + "|" + methodKey(r.method, r.params["lambda"], schedule: ScheduleVariant.kind(params: r.params)), default: []].append(r)
    }
    // PBRL against the exact hypergradient on the same game (docs/lambda-schedules.md):
    // shortfall = F(x_K) - F_exact(x_K) (> 0: PBRL ends with a lower leader value), and the
    // Frobenius distance of the final leader policies.
    var exact: [String: RunRecord] = [:]
    for r in ok where r.method == "hypergradient" { exact["\(r.params["part"] ?? 0)|\(r.seed)"] = r }
    for (key, rs) in groups {
        let parts = key.split(separator: "|").map(String.init)
        guard rs.first.map({ MethodKind(rawValue: $0.method)?.usesPenalty ?? false }) == true else { continue }
        var gaps: [Double] = [], dists: [Double] = []
        for r in rs {
            guard let e = exact["\(r.params["part"] ?? 0)|\(r.seed)"], let f = r.finals["F"], let fe = e.finals["F"] else { continue }
            gaps.append(f - fe)
            if let a = r.matrices["final_leader_policy"]?.flatMap({ $0 }), let b = e.matrices["final_leader_policy"]?.flatMap({ $0 }), a.count == b.count {
                dists.append(zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot())
            }
        }
        guard !gaps.isEmpty else { continue }
        if parts[0] == "e1a" {
            metrics["e1a.shortfall.\(parts[1])"] = gaps[0]
            if let d = dists.first { metrics["e1a.distance.\(parts[1])"] = d }
        } else {
            metrics["e1b.shortfall.\(parts[1]).mean"] = gaps.reduce(0, +) / Double(gaps.count)
            metrics["e1b.shortfall.\(parts[1]).max"] = gaps.max()!
            if !dists.isEmpty { metrics["e1b.distance.\(parts[1]).mean"] = dists.reduce(0, +) / Double(dists.count) }
        }
    }
    for (key, rs) in groups {
        let parts = key.split(separator: "|").map(String.init)
        let (tag, name) = (parts[0], parts[1])
        if tag == "e1a", let r = rs.first {
            metrics["e1a.final_leader_value.\(name)"] = r.finals["leader_value"]
            metrics["e1a.final_pi_L(0|A).\(name)"] = r.finals["pi_L(0|A)"]
            metrics["e1a.final_value_gap.\(name)"] = r.finals["p"]
        } else {
            let F = rs.finals("F"), p = rs.finals("p")
            let mean = F.reduce(0, +) / Double(F.count)
            let std = F.count > 1 ? (F.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(F.count - 1)).squareRoot() : 0
            metrics["e1b.final_F.\(name).mean"] = mean
            metrics["e1b.final_F.\(name).std"] = std
            metrics["e1b.final_value_gap.\(name).mean"] = p.reduce(0, +) / Double(p.count)
            metrics["e1b.games"] = Double(F.count)
        }
    }
    return metrics
}
