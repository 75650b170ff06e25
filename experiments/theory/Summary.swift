import Foundation
import Lab

/// Headline numbers of E5: `e5.slope.penalty` / `e5.slope.bias` (mean over seeds of the
/// per-seed least-squares slopes; `.min`, `.max` too), `e5.p.lambda=L` and `e5.bias.lambda=L`
/// (geometric mean over seeds, at the grid points 1, 10, 100, 1000 when present),
/// `e5.g_minus_p.max`, `e5.p_minus_Cg.max`, `e5.C.max`, `e5.final_x_distance.lambda=L`
/// (mean over seeds of |x_K(PBRL) - x_K(hypergradient)|), `e5.stationarity.final.lambda=L`.
func theorySummary(_ records: [RunRecord], fits: ScalingFits?) -> [String: Double] {
    var m: [String: Double] = [:]
    func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(1, v.count)) }
    let scaling = records.runs("lambda-scaling")
    for key in ["penalty", "bias"] {
        let slopes = scaling.finals("slope.\(key)")
        guard !slopes.isEmpty else { continue }
        m["e5.slope.\(key)"] = mean(slopes)
        m["e5.slope.\(key).min"] = slopes.min()!
        m["e5.slope.\(key).max"] = slopes.max()!
    }
    if let fits {
        m["e5.slope.penalty.fit_of_mean"] = fits.penaltySlope
        m["e5.slope.bias.fit_of_mean"] = fits.biasSlope
    }
    if let lambdas = scaling.first?.series["lambda"] {
        for (i, l) in lambdas.enumerated() {
            let r = log10(l)
            guard abs(r - r.rounded()) < 1e-9 else { continue }
            for key in ["p", "bias"] {
                let v = scaling.compactMap { $0.series[key]?[i] }
                m["e5.\(key).lambda=\(formatLambda(l.rounded()))"] = pow(10, mean(v.map(log10)))
            }
        }
    }
    if !scaling.isEmpty { m["e5.newton_residual.max"] = scaling.finals("newton_residual.max").max()! }
    let bounds = records.runs("penalty-bounds")
    if !bounds.isEmpty {
        m["e5.g_minus_p.max"] = bounds.finals("g_minus_p.max").max()!
        m["e5.p_minus_Cg.max"] = bounds.finals("p_minus_Cg.max").max()!
        m["e5.C.max"] = bounds.finals("C").max()!
        m["e5.bounds.policies"] = bounds.finals("policies").reduce(0, +)
    }
    let hyper = Dictionary(uniqueKeysWithValues: records.runs("hypergradient").map { ($0.seed, $0.matrices["final_x"]?.first ?? []) })
    let lambdas = Set(records.runs("pbrl-value").compactMap { $0.params["lambda"] }).sorted()
    for l in lambdas {
        let rs = records.runs("pbrl-value", params: ["lambda": l])
        let d = rs.compactMap { r -> Double? in
            guard let x = r.matrices["final_x"]?.first, let h = hyper[r.seed], h.count == x.count else { return nil }
            return zip(x, h).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        }
        if !d.isEmpty { m["e5.final_x_distance.lambda=\(formatLambda(l))"] = mean(d) }
        m["e5.stationarity.final.lambda=\(formatLambda(l))"] = mean(rs.finals("stationarity"))
    }
    return m
}
