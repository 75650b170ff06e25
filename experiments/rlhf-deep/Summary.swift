import Algorithms
import Foundation
import Lab

/// Headline numbers of E3b (`e3b.<metric>.<method>[.lambda=L]` -> mean over seeds), and the
/// quantities the checks in expectations.yaml read:
/// - `e3b.pbrl_minus_drlhf_plus_se.lambda=L`: mean final true return of PBRL minus DRLHF's plus
///   the standard error of that difference (`sqrt(se_pbrl^2 + se_drlhf^2)`, se = std/sqrt(seeds)):
///   the paper's claim "PBRL at least as good as DRLHF" holds within the seeds' error when >= 0;
/// - `e3b.oracle_gain`: mean over seeds of A2C-on-the-true-reward's final minus initial true return;
/// - `e3b.min_final_held_out_accuracy`: the smallest mean final held-out accuracy over the
///   preference methods.
struct DeepRLHFSummary {
    let records: [RunRecord]
    let config: DeepRLHFConfig

    static func meanAndSE(_ v: [Double]) -> (Double, Double)? {
        guard !v.isEmpty else { return nil }
        let n = Double(v.count), m = v.reduce(0, +) / n
        let sd = v.count > 1 ? (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / (n - 1)).squareRoot() : 0
        return (m, sd / n.squareRoot())
    }

    var groups: [(String, [RunRecord])] {
        config.lambdas.map { ("pbrl.lambda=\(formatNumber($0))", records.runs(DeepRLHFMethod.pbrl.rawValue, params: ["lambda": $0])) }
            + [DeepRLHFMethod.drlhf, .trueReward].map { ($0.rawValue, records.runs($0.rawValue)) }
    }

    var metrics: [String: Double] {
        var out = [String: Double]()
        var accuracies = [Double]()
        for (name, runs) in groups where !runs.isEmpty {
            for metric in ["final_true_return", "tail_true_return", "initial_true_return", "final_held_out_accuracy",
                           "final_reward_correlation", "total_frames"] {
                if let (m, se) = Self.meanAndSE(runs.finals(metric)) {
                    out["e3b.\(metric).\(name)"] = m
                    if metric == "final_true_return" { out["e3b.final_true_return_se.\(name)"] = se }
                    if metric == "final_held_out_accuracy" { accuracies.append(m) }
                }
            }
            out["e3b.seeds.\(name)"] = Double(runs.count)
        }
        if !accuracies.isEmpty { out["e3b.min_final_held_out_accuracy"] = accuracies.min()! }
        let drlhf = records.runs(DeepRLHFMethod.drlhf.rawValue).finals("final_true_return")
        for l in config.lambdas {
            let pbrl = records.runs(DeepRLHFMethod.pbrl.rawValue, params: ["lambda": l]).finals("final_true_return")
            if let (mp, sp) = Self.meanAndSE(pbrl), let (md, sd) = Self.meanAndSE(drlhf) {
                out["e3b.pbrl_minus_drlhf_plus_se.lambda=\(formatNumber(l))"] = mp - md + (sp * sp + sd * sd).squareRoot()
            }
        }
        let oracle = records.runs(DeepRLHFMethod.trueReward.rawValue)
        if !oracle.isEmpty {
            let gains = oracle.map { $0.finals["final_true_return"]! - $0.finals["initial_true_return"]! }
            out["e3b.oracle_gain"] = gains.reduce(0, +) / Double(gains.count)
        }
        return out
    }
}

/// `10` for integral values, else the shortest decimal form (`0.3`).
func formatNumber(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
}
