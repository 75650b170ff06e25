import Foundation

/// The soft-optimal solution of `M_tau` (math.md section 1):
/// `V* = tau log sum_a exp(Q*/tau)`, `Q* = r + C P V*`, `pi* = softmax(Q*/tau)`.
public struct SoftOptimum: Sendable {
    public let values: [Double]
    public let qValues: [Double]
    public let policy: Policy
    /// Sup-norm of the last change `|V_k - V_{k-1}|_inf`, i.e. the accuracy reached.
    public let residual: Double
    /// Iterations used by the solver (sweeps or policy-iteration steps).
    public let iterations: Int
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
    /// Contract: for policy iteration the returned `values` satisfy the soft Bellman equation to
    /// about `tolerance`; for value iteration the error is at most `gamma/(1-gamma) * residual`.
    public func softOptimum(
        solver: SoftSolver = .policyIteration,
        tolerance: Double = 1e-12,
        maxIterations: Int = 100_000,
        warmStart: [Double]? = nil,
        warmPolicy: Policy? = nil
    ) -> SoftOptimum {
        switch solver {
        case .valueIteration:
            var v = warmStart ?? [Double](repeating: 0, count: stateCount)
            var residual = Double.infinity
            var k = 0
            while k < maxIterations {
                let next = softBellman(v)
                residual = zip(next, v).reduce(0) { max($0, abs($1.0 - $1.1)) }
                v = next
                k += 1
                if residual <= tolerance { break }
            }
            return finish(values: v, residual: residual, iterations: k)
        case .policyIteration:
            var pi = warmPolicy ?? (warmStart.map { softGreedy(qValues(from: $0)) } ?? .uniform(stateCount: stateCount, actionCount: actionCount))
            var v = [Double](repeating: -Double.infinity, count: stateCount)
            var residual = Double.infinity
            var k = 0
            while k < maxIterations {
                let ev = PolicyEvaluation(mdp: self, policy: pi)
                residual = zip(ev.values, v).reduce(0) { max($0, abs($1.0 - $1.1)) }
                v = ev.values
                k += 1
                pi = softGreedy(ev.qValues)
                if residual <= tolerance { break }
            }
            // One soft Bellman application: V* = tau LSE(Q/tau) is consistent with pi*.
            return finish(values: v, residual: residual, iterations: k)
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
        for _ in 0..<sweeps { v = softBellman(v) }
        return v
    }

    private func finish(values v: [Double], residual: Double, iterations: Int) -> SoftOptimum {
        let q = qValues(from: v)
        let vStar = softMaximum(q, stateCount: stateCount, actionCount: actionCount, tau: tau)
        let qStar = qValues(from: vStar)
        return SoftOptimum(values: vStar, qValues: qStar, policy: softGreedy(qStar), residual: residual, iterations: iterations)
    }
}
