extension BilevelProblem {
    /// The hyper-objective `F(x) = f(x, pi*_x)` and its exact gradient (implicit
    /// differentiation, the "AMD" gradient; docs/math.md section 4, adjoint form):
    ///
    ///     G = df/dpi at pi*,  H[s,a] = pi*[s,a] (G[s,a] - sum_b pi*[s,b] G[s,b]) / tau,
    ///     h(s') = sum_{s,a} H[s,a] c(s) P[s,a,s'],  (I - C P_{pi*})^T z = h,
    ///     W[s,a] = H[s,a] + z(s) pi*[s,a],
    ///     dF/dx = df/dx + sum_{s,a} W[s,a] (dr/dx + c(s) dP/dx V*).
    ///
    /// One transposed solve with the factorization of `best` (the evaluation of `pi*` in
    /// `M_tau(x)`), whatever `dim(x)`.
    public func hypergradient(x: [Double], best: PolicyEvaluation) -> (value: Double, gradient: [Double]) {
        let mdp = best.mdp
        let up = upper.evaluate(x: x, policy: best.policy, lower: mdp, lowerEvaluation: best)
        let H = best.policy.logitGradient(fromPolicyGradient: up.gradPolicy).map { $0 / mdp.tau }
        let h = mdp.pushForward(H)
        let z = best.occupancy(from: h)
        var w = stateWeightedPolicy(z, best.policy)
        for i in 0..<w.count { w[i] += H[i] }
        let g = pullback(x: x, mdp: mdp, weights: w, values: best.values)
        return (up.value, zip(up.gradX, g).map { $0 + $1 })
    }

    /// The naive gradient that ignores the best-response term: `df/dx` at `pi*_x` only
    /// (docs/math.md section 5, baseline (c)).
    public func naiveGradient(x: [Double], best: PolicyEvaluation) -> (value: Double, gradient: [Double]) {
        let up = upper.evaluate(x: x, policy: best.policy, lower: best.mdp, lowerEvaluation: best)
        return (up.value, up.gradX)
    }

    /// `F(x)` with the exact best response (solved to `tolerance`).
    public func hyperObjective(x: [Double], tolerance: Double = 1e-12) throws -> Double {
        let mdp = try lower.mdp(at: x)
        let opt = mdp.softOptimum(tolerance: tolerance)
        return upper.value(x: x, policy: opt.policy, lower: mdp, lowerEvaluation: PolicyEvaluation(mdp: mdp, optimum: opt))
    }
}
