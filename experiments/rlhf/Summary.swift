import Lab

/// Headline numbers of E3 (flat `e3.<metric>.<method>[.lambda=L]` -> mean over seeds).
struct RLHFSummary {
    let records: [RunRecord]
    let config: RLHFConfig

    var metrics: [String: Double] {
        var out = [String: Double]()
        func mean(_ v: [Double]) -> Double? { v.isEmpty ? nil : v.reduce(0, +) / Double(v.count) }
        var groups: [(String, [RunRecord])] = config.lambdas.map {
            ("pbrl.lambda=\(formatNumber($0))", records.runs(RLHFMethod.pbrl.rawValue, params: ["lambda": $0]))
        }
        groups += config.ablationLambdas.map {
            ("pbrl-no-score.lambda=\(formatNumber($0))", records.runs(RLHFMethod.pbrlNoScore.rawValue, params: ["lambda": $0]))
        }
        groups.append((RLHFMethod.twoStage.rawValue, records.runs(RLHFMethod.twoStage.rawValue)))
        for (name, runs) in groups where !runs.isEmpty {
            for metric in ["final_true_return", "final_model_optimal_return", "final_held_out_accuracy", "mean_true_return"] {
                if let m = mean(runs.finals(metric)) { out["e3.\(metric).\(name)"] = m }
            }
            out["e3.seeds.\(name)"] = Double(runs.count)
        }
        if let r = records.succeeded.first {
            out["e3.oracle_return"] = r.finals["oracle_return"]
            out["e3.initial_true_return"] = r.finals["initial_true_return"]
            out["e3.oracle_soft_value"] = r.finals["oracle_soft_value"]
        }
        return out
    }
}
