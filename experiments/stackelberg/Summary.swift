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
        groups[part.tag + "|" + methodKey(r.method, r.params["lambda"]), default: []].append(r)
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
