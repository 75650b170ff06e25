import Foundation

/// The soft-optimal solution of `M_tau` (docs/math.md section 1):
/// `V* = tau log sum_a exp(Q*/tau)`, `Q* = r + C P V*`, `pi* = softmax(Q*/tau)`.
public struct SoftOptimum: Sendable {
    public let values: [Double]
    public let qValues: [Double]
    public let policy: Policy
    /// The accuracy reached: the sup-norm of the last change `|V_k - V_{k-1}|_inf`, or for
    /// policy iteration stopped by its Bellman residual, the bound `|T V_k - V_k|_inf / (1 - gamma)`
    /// on the error of `V_k`.
    public let residual: Double
    /// Iterations used by the solver (sweeps or policy-iteration steps).
    public let iterations: Int
    /// Policy iteration: the linear system of the last evaluated policy, a preconditioner for
    /// the evaluation of `policy` (`PolicyEvaluation(mdp:optimum:)`) and for warm starts.
    public let system: PolicySystem?
}

/// How the soft optimum is computed.
public enum SoftSolver: Sendable, Equatable {
    /// Soft policy iteration: exact evaluation of `pi_k`, then `pi_{k+1} = softmax(Q^{pi_k}/tau)`.
    /// Monotone and locally quadratic; the default (few LU solves even for tau = 1e-3).
    case policyIteration
    /// Soft value iteration `V <- tau LSE(r + C P V)/tau`, a gamma-contraction.
    case valueIteration
}

extension TabularMDP {
    /// Solves for the soft optimum to sup-norm tolerance `tolerance` on successive values.
    ///
    /// - Parameters:
    ///   - warmStart: initial values `V_0` (value iteration) or, for policy iteration, a policy
    ///     to start from (`warmPolicy`); both default to zero / uniform.
    ///   - maxIterations: iteration cap; if reached the result carries its residual.
    ///   - warmSystem: policy iteration: the system of a nearby policy (e.g. the previous outer
    ///     iterate's `SoftOptimum.system`) whose factorization preconditions the evaluations.
    ///     Every evaluation after the first is preconditioned by the previous one's system.
    /// Contract: for policy iteration the returned `values` satisfy the soft Bellman equation to
    /// about `tolerance`; for value iteration the error is at most `gamma/(1-gamma) * residual`.
    public func softOptimum(
        solver: SoftSolver = .policyIteration,
        tolerance: Double = 1e-12,
        maxIterations: Int = 100_000,
        warmStart: [Double]? = nil,
        warmPolicy: Policy? = nil,
        warmSystem: PolicySystem? = nil
    ) -> SoftOptimum {
        switch solver {
        case .valueIteration:
            var v = warmStart ?? [Double](repeating: 0, count: stateCount)
            var next = [Double](repeating: 0, count: stateCount)
            var q = [Double](repeating: 0, count: stateCount * actionCount)
            var residual = Double.infinity
            var k = 0
            while k < maxIterations {
                qValues(from: v, into: &q)
                softMaximumRows(q, into: &next)
                residual = 0
                for s in 0..<stateCount { residual = max(residual, abs(next[s] - v[s])) }
                swap(&v, &next)
                k += 1
                if residual <= tolerance { break }
            }
            return finish(values: v, residual: residual, iterations: k, system: nil)
        case .policyIteration:
            var pi = warmPolicy ?? (warmStart.map { softGreedy(qValues(from: $0)) } ?? .uniform(stateCount: stateCount, actionCount: actionCount))
            var v = [Double](repeating: -Double.infinity, count: stateCount)
            var residual = Double.infinity
            var k = 0
            var system = warmSystem
            // Stop when successive values agree to `tolerance`, or earlier when the Bellman
            // residual |T V^pi - V^pi| <= (1 - gamma) tolerance already bounds the error of
            // V^pi by `tolerance` (saves the last, confirming evaluation).
            let bellmanTolerance = (1 - gamma) * tolerance
            while k < maxIterations {
                let ev = PolicyEvaluation(mdp: self, policy: pi, preconditioner: system, guess: k == 0 ? warmStart : v, solves: 1)
                system = ev.system
                // One pass of exponentials: the next policy softmax(Q/tau) and T V = tau LSE(Q/tau).
                let (next, tv) = Policy.softmaxAndSoftMaximum(logits: ev.qValues, stateCount: stateCount,
                                                              actionCount: actionCount, temperature: tau)
                var change = 0.0, bellman = 0.0
                for s in 0..<stateCount {
                    change = max(change, abs(ev.values[s] - v[s]))
                    bellman = max(bellman, abs(tv[s] - ev.values[s]))
                }
                v = ev.values
                k += 1
                // One soft Bellman application: V* = T V^pi = tau LSE(Q/tau) is consistent with pi*.
                if change <= tolerance { return finish(softValues: tv, residual: change, iterations: k, system: system) }
                if bellman <= bellmanTolerance {
                    return finish(softValues: tv, residual: bellman / (1 - gamma), iterations: k, system: system)
                }
                residual = change
                if k == maxIterations { return finish(softValues: tv, residual: residual, iterations: k, system: system) }
                pi = next
            }
            return finish(values: v, residual: residual, iterations: k, system: system)
        }
    }

    /// `out[s] = tau log sum_a exp(q[s,a] / tau)` (row maximum subtracted), without allocating;
    /// the same arithmetic as `softMaximum(_:stateCount:actionCount:tau:)`.
    func softMaximumRows(_ q: [Double], into out: inout [Double]) {
        let m = actionCount, t = tau
        q.withUnsafeBufferPointer { q in
            out.withUnsafeMutableBufferPointer { out in
                for s in 0..<stateCount {
                    let row = s * m
                    var mx = -Double.infinity
                    for a in 0..<m { mx = max(mx, q[row + a]) }
                    var z = 0.0
                    for a in 0..<m { z += Foundation.exp((q[row + a] - mx) / t) }
                    out[s] = mx + t * Foundation.log(z)
                }
            }
        }
    }

    /// `T V = tau LSE((r + C P V)/tau)` (the soft Bellman optimality operator).
    public func softBellman(_ v: [Double]) -> [Double] {
        softMaximum(qValues(from: v), stateCount: stateCount, actionCount: actionCount, tau: tau)
    }

    /// `softmax(Q / tau)` row-wise.
    public func softGreedy(_ q: [Double]) -> Policy {
        Policy.softmax(logits: q, stateCount: stateCount, actionCount: actionCount, temperature: tau)
    }

    /// `T` warm-started soft value-iteration sweeps from `v` (the inexact inner oracle of PBRL).
    public func softValueIteration(from v: [Double], sweeps: Int) -> [Double] {
        var v = v
        var q = [Double](repeating: 0, count: stateCount * actionCount)
        for _ in 0..<sweeps {
            qValues(from: v, into: &q)
            softMaximumRows(q, into: &v)
        }
        return v
    }

    /// The result from the last values `v`: `V* = T v`, `Q* = r + C P V*`, `pi* = softmax(Q*/tau)`.
    private func finish(values v: [Double], residual: Double, iterations: Int, system: PolicySystem?) -> SoftOptimum {
        finish(softValues: softMaximum(qValues(from: v), stateCount: stateCount, actionCount: actionCount, tau: tau),
               residual: residual, iterations: iterations, system: system)
    }

    /// The result from `V* = T v` already computed.
    private func finish(softValues vStar: [Double], residual: Double, iterations: Int, system: PolicySystem?) -> SoftOptimum {
        let qStar = qValues(from: vStar)
        return SoftOptimum(values: vStar, qValues: qStar, policy: softGreedy(qStar), residual: residual, iterations: iterations, system: system)
    }
}
