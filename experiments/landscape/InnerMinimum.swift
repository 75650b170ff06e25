import Algorithms
import BilevelCore

/// `min_y F_lambda(x, y)` at a fixed `x`, over the follower's full logit table (docs/math.md
/// section 3, with the value penalty).
///
/// BFGS on the logits with an Armijo backtracking line search, started from the logits of
/// `pi*_x` (where `p = 0`, so the start value is `F(x)` and the result is never above it) and
/// each step at most `maxStep` per logit (softmax saturates: a long step lands on a flat
/// plateau whose vanishing gradient looks like a minimum), and stopped when the sup-norm of `df/dy + lambda dp/dy` is below `gradientTolerance * max(1, lambda)` (about the double-precision floor of the line search).
/// Contract: the returned value is a local minimum of `F_lambda(x, .)` reached by descent
/// from `y*(x)`, accurate to about `|grad|^2 / (2 mu)` (mu the local curvature); `converged`
/// says whether the gradient test was met within `maxIterations`.
public struct InnerMinimum: Sendable {
    public var value: Double
    public var logits: [Double]
    public var gradientNorm: Double
    public var iterations: Int
    public var converged: Bool
}

extension LandscapeEvaluator {
    public func minimizePenalized(x: [Double], lambda: Double, start: [Double]? = nil,
                                  gradientTolerance: Double = 1e-8, maxIterations: Int = 300,
                                  maxStep: Double = 1) throws -> InnerMinimum {
        let best = try bestResponse(x: x)
        var y = start ?? best.policy.logits
        let dim = y.count
        var (fv, g) = penalizedAndLogitGradient(x: x, logits: y, lambda: lambda, best: best)
        // Inverse Hessian approximation, row-major dim x dim, initialised to a scaled identity.
        var H = [Double](repeating: 0, count: dim * dim)
        let scale0 = 1.0 / max(1.0, lambda)
        for i in 0..<dim { H[i * dim + i] = scale0 }
        var k = 0
        var justReset = false
        func supNorm(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }
        let tol = gradientTolerance * max(1, lambda)
        while k < maxIterations, supNorm(g) > tol {
            var d = [Double](repeating: 0, count: dim)
            for i in 0..<dim { var s = 0.0; for j in 0..<dim { s -= H[i * dim + j] * g[j] }; d[i] = s }
            var slope = zip(d, g).reduce(0) { $0 + $1.0 * $1.1 }
            if slope >= 0 {                       // not a descent direction: reset to steepest descent
                for i in 0..<dim { for j in 0..<dim { H[i * dim + j] = i == j ? scale0 : 0 } }
                d = g.map { -scale0 * $0 }
                slope = zip(d, g).reduce(0) { $0 + $1.0 * $1.1 }
            }
            // Trust region: at most `maxStep` per logit per iteration, so that a long
            // quasi-Newton step cannot jump onto softmax's flat saturated plateau.
            let dMax = supNorm(d)
            var t = dMax > maxStep ? maxStep / dMax : 1.0
            var accepted: (y: [Double], f: Double, g: [Double])? = nil
            for _ in 0..<60 {
                let yt = zip(y, d).map { $0 + t * $1 }
                let (ft, gt) = penalizedAndLogitGradient(x: x, logits: yt, lambda: lambda, best: best)
                if ft.isFinite, ft <= fv + 1e-4 * t * slope { accepted = (yt, ft, gt); break }
                t *= 0.5
            }
            guard let next = accepted else {
                // The quasi-Newton direction failed: retry once from steepest descent before
                // concluding that no decrease is possible at double precision.
                if justReset { break }
                for i in 0..<dim { for j in 0..<dim { H[i * dim + j] = i == j ? scale0 : 0 } }
                justReset = true
                continue
            }
            justReset = false
            let s = zip(next.y, y).map { $0 - $1 }
            let q = zip(next.g, g).map { $0 - $1 }
            let sq = zip(s, q).reduce(0) { $0 + $1.0 * $1.1 }
            if sq > 1e-300 {
                // H <- (I - rho s q^T) H (I - rho q s^T) + rho s s^T
                let rho = 1 / sq
                var Hq = [Double](repeating: 0, count: dim)
                for i in 0..<dim { var a = 0.0; for j in 0..<dim { a += H[i * dim + j] * q[j] }; Hq[i] = a }
                let qHq = zip(q, Hq).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<dim {
                    for j in 0..<dim {
                        H[i * dim + j] += -rho * (Hq[i] * s[j] + s[i] * Hq[j]) + (rho * rho * qHq + rho) * s[i] * s[j]
                    }
                }
            }
            y = next.y; fv = next.f; g = next.g
            k += 1
        }
        guard fv.isFinite else { throw LandscapeError("min_y F_lambda diverged at x = \(x.prefix(4))") }
        let gn = supNorm(g)
        return InnerMinimum(value: fv, logits: y, gradientNorm: gn, iterations: k, converged: gn <= tol)
    }
}
