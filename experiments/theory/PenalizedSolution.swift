import Foundation
import BilevelCore
import Lab

/// The penalized lower-level solution `y_lambda(x) = argmin_y F_lambda(x, y)`,
/// `F_lambda(x, y) = f(x, pi_y) + lambda p(x, y)` (value penalty), at a fixed x, solved by
/// damped Newton to the precision the lambda-scaling slopes need.
///
/// Softmax logits are defined up to a constant per state, so Newton works in reduced
/// coordinates `z` (the last logit of each state pinned to 0). The Hessian is the central
/// finite difference of the exact gradient (step 1e-5), symmetrized; a backtracking line
/// search on `F_lambda` guards the step, and a gradient step replaces a non-descent Newton
/// direction. Starts at `log pi*_x` (the lambda -> infinity limit).
struct PenalizedSolution {
    let problem: BilevelProblem
    let x: [Double]
    let lambda: Double
    let mdp: TabularMDP
    let best: PolicyEvaluation

    init(problem: BilevelProblem, x: [Double], lambda: Double) throws {
        self.problem = problem; self.x = x; self.lambda = lambda
        mdp = try problem.lower.mdp(at: x)
        let opt = mdp.softOptimum(solver: .policyIteration, tolerance: 1e-14)
        best = PolicyEvaluation(mdp: mdp, policy: opt.policy)
    }

    var n: Int { mdp.stateCount }
    var m: Int { mdp.actionCount }

    func expand(_ z: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: n * m)
        for s in 0..<n { for a in 0..<(m - 1) { y[s * m + a] = z[s * (m - 1) + a] } }
        return y
    }

    func reduce(_ y: [Double]) -> [Double] {
        var z = [Double](repeating: 0, count: n * (m - 1))
        for s in 0..<n { for a in 0..<(m - 1) { z[s * (m - 1) + a] = y[s * m + a] - y[s * m + m - 1] } }
        return z
    }

    func policy(_ z: [Double]) -> Policy { Policy.softmax(logits: expand(z), stateCount: n, actionCount: m) }

    /// `F_lambda(x, y)` and the value penalty `p(x, y)` itself.
    func objective(_ z: [Double]) -> (F: Double, p: Double) {
        let pi = policy(z)
        let ev = PolicyEvaluation(mdp: mdp, policy: pi)
        let f = problem.upper.value(x: x, policy: pi, lower: mdp)
        let p = best.initialValue - ev.initialValue
        return (f + lambda * p, p)
    }

    /// Gradient of `F_lambda(x, .)` in the reduced logits.
    func gradient(_ z: [Double]) -> [Double] {
        let pi = policy(z)
        let ev = PolicyEvaluation(mdp: mdp, policy: pi)
        let up = problem.upper.evaluate(x: x, policy: pi, lower: mdp)
        let fy = pi.logitGradient(fromPolicyGradient: up.gradPolicy)
        let py = ev.logitGradient()
        let gy = zip(fy, py).map { $0 - lambda * $1 }
        var g = [Double](repeating: 0, count: n * (m - 1))
        for s in 0..<n { for a in 0..<(m - 1) { g[s * (m - 1) + a] = gy[s * m + a] } }
        return g
    }

    /// Damped Newton until the gradient's sup-norm is at most `tolerance * max(1, lambda)`
    /// (the gradient scales with lambda); returns the reduced minimizer and that sup-norm.
    func solve(tolerance: Double, maxIterations: Int = 100) throws -> (z: [Double], residual: Double, iterations: Int) {
        var z = reduce(best.policy.logProbabilities)
        let k = z.count
        var g = gradient(z)
        var residual = g.map(abs).max() ?? 0
        var it = 0
        let target = tolerance * max(1, lambda)
        while residual > target && it < maxIterations {
            it += 1
            let h = 1e-5
            var H = [Double](repeating: 0, count: k * k)
            for j in 0..<k {
                var zp = z, zm = z
                zp[j] += h; zm[j] -= h
                let gp = gradient(zp), gm = gradient(zm)
                for i in 0..<k { H[i * k + j] = (gp[i] - gm[i]) / (2 * h) }
            }
            for i in 0..<k { for j in (i + 1)..<k { let v = 0.5 * (H[i * k + j] + H[j * k + i]); H[i * k + j] = v; H[j * k + i] = v } }
            // Newton direction; if H is not positive definite along it, shift H by mu * I
            // (Levenberg) until the direction descends.
            let scale = max(1e-12, (0..<k).map { abs(H[$0 * k + $0]) }.max() ?? 1)
            var d = g.map { -$0 / scale }
            var slope = zip(g, d).reduce(0) { $0 + $1.0 * $1.1 }
            for mu in [0, 1e-8, 1e-6, 1e-4, 1e-2, 1e-1, 1, 10] {
                var Hs = H
                for i in 0..<k { Hs[i * k + i] += mu * scale }
                guard let lu = try? LUFactorization(Hs, n: k) else { continue }
                let trial = lu.solve(g.map { -$0 })
                let s = zip(g, trial).reduce(0) { $0 + $1.0 * $1.1 }
                if s < 0, trial.allSatisfy({ $0.isFinite }) { d = trial; slope = s; break }
            }
            let f0 = objective(z).F
            var t = 1.0
            var accepted = false
            while t > 1e-12 {
                let trial = zip(z, d).map { $0 + t * $1 }
                let f1 = objective(trial).F
                // Armijo, with a round-off allowance once the decrease is at machine precision.
                if f1 <= f0 + 1e-4 * t * slope || abs(f1 - f0) <= 1e-13 * max(1, abs(f0)) {
                    z = trial; accepted = true; break
                }
                t *= 0.5
            }
            g = gradient(z)
            residual = g.map(abs).max() ?? 0
            if !accepted { break }
        }
        guard residual.isFinite else { throw LabError("Newton on F_lambda diverged at lambda = \(lambda)") }
        return (z, residual, it)
    }
}

