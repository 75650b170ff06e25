import Lab

/// Per method: the per-iteration time at each size over seeds (median, min, max), the time
/// of one exact policy evaluation, and the exponent fitted on the median curve (n >= fitFrom).
struct MethodScaling {
    var method: String
    var seeds: Int
    var median: [Double], lower: [Double], upper: [Double]
    var evaluation: [Double]
    var exponent: Double
    /// Per-iteration time in units of one exact policy evaluation (median over seeds).
    var evaluationsPerIteration: [Double]
}

let scalingMethods = ["pbrl-value", "pbrl-bellman", "hypergradient"]

func analyze(_ records: [RunRecord], config: ScalingConfig) -> [MethodScaling] {
    let sizes = config.sizes
    return scalingMethods.compactMap { method in
        let rows = records.runs(method).compactMap { measured($0, Measured.perIteration, sizes: sizes) }
        let evals = records.runs(method).compactMap { measured($0, Measured.evaluation, sizes: sizes) }
        guard !rows.isEmpty, evals.count == rows.count else { return nil }
        let med = sizes.indices.map { i in median(rows.map { $0[i] }) }
        let ev = sizes.indices.map { i in median(evals.map { $0[i] }) }
        let fit = sizes.indices.filter { sizes[$0] >= config.fitFrom }
        let exponent = fittedExponent(x: fit.map { Double(sizes[$0]) }, y: fit.map { med[$0] })
        let ratio = sizes.indices.map { i in median(zip(rows, evals).map { $0.0[i] / $0.1[i] }) }
        return MethodScaling(method: method, seeds: rows.count, median: med,
                             lower: sizes.indices.map { i in rows.map { $0[i] }.min()! },
                             upper: sizes.indices.map { i in rows.map { $0[i] }.max()! },
                             evaluation: ev, exponent: exponent, evaluationsPerIteration: ratio)
    }
}

func scalingSummary(_ results: [MethodScaling], config: ScalingConfig) -> [String: Double] {
    var m: [String: Double] = [:]
    for r in results {
        m["e6.exponent.\(r.method)"] = r.exponent
        for (i, n) in config.sizes.enumerated() {
            m["e6.seconds_per_iteration.\(r.method).n=\(n)"] = r.median[i]
            m["e6.evaluations_per_iteration.\(r.method).n=\(n)"] = r.evaluationsPerIteration[i]
        }
    }
    if let first = results.first {
        let fit = config.sizes.indices.filter { config.sizes[$0] >= config.fitFrom }
        m["e6.exponent.policy-evaluation"] = fittedExponent(x: fit.map { Double(config.sizes[$0]) },
                                                            y: fit.map { first.evaluation[$0] })
        for (i, n) in config.sizes.enumerated() { m["e6.seconds_per_evaluation.n=\(n)"] = first.evaluation[i] }
    }
    return m
}
