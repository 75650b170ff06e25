import Foundation

extension BilevelProblem {
    /// The value penalty `p(x, y) = V*_x(rho) - V^{pi_y}_x(rho) >= 0` (docs/math.md section 3) and its
    /// gradients (section 4, Danskin):
    /// `dp/dx = dV^pi_x(rho)/dx |_{pi*} - dV^pi_x(rho)/dx |_{pi_y}`, `dp/dy = -dV^{pi_y}(rho)/dy`.
    ///
    /// - Parameters:
    ///   - follower: the evaluation of `pi_y` in `M_tau(x)`.
    ///   - best: the evaluation of the (possibly approximate) soft-optimal policy in `M_tau(x)`;
    ///     with the exact `pi*` its values are `V*`. With an inexact oracle `pi_hat` the result is
    ///     the penalty PBRL actually uses, `V^{pi_hat}(rho) - V^{pi_y}(rho)` (may be < 0).
    public func valuePenalty(x: [Double], follower: PolicyEvaluation, best: PolicyEvaluation) -> PenaltyEvaluation {
        let value = best.initialValue - follower.initialValue
        let gBest = valueGradientX(x: x, evaluation: best)
        let gPi = valueGradientX(x: x, evaluation: follower)
        let gy = follower.logitGradient().map { -$0 }
        return PenaltyEvaluation(value: value, gradX: zip(gBest, gPi).map { $0 - $1 }, gradY: gy)
    }

    /// The Bellman penalty (docs/math.md section 3, reconstructed form)
    /// `g(x, y) = sum_s rho(s) [tau LSE(Q^{pi_y}(s,.)/tau) - V^{pi_y}(s)]
    ///          = tau sum_s rho(s) KL(pi_y(.|s) || softmax(Q^{pi_y}(s,.)/tau))`,
    /// `0 <= g <= p`, with gradients (section 4), `sigma = softmax(Q^{pi_y}/tau)`,
    /// `mu(s') = sum_s rho(s) c(s) sum_a sigma[s,a] P[s,a,s']`:
    /// `dg/dy` = policy gradient of `w^T V^{pi_y}` with `w = mu - rho`;
    /// `dg/dx = sum_{s,a} W[s,a] (dr/dx + c(s) dP/dx V^pi)` with
    /// `W = rho(s) sigma[s,a] + z(s) pi[s,a]`, `(I - C P_pi)^T z = mu - rho`.
    /// Needs no lower-level solve.
    public func bellmanPenalty(x: [Double], follower ev: PolicyEvaluation) -> PenaltyEvaluation {
        let mdp = ev.mdp
        let n = mdp.stateCount, m = mdp.actionCount
        let rho = mdp.initialDistribution
        let (sigma, softV) = Policy.softmaxAndSoftMaximum(logits: ev.qValues, stateCount: n, actionCount: m, temperature: mdp.tau)
        var value = 0.0
        for s in 0..<n { value += rho[s] * (softV[s] - ev.values[s]) }
        let rhoSigma = stateWeightedPolicy(rho, sigma)
        let mu = mdp.pushForward(rhoSigma)
        let w = zip(mu, rho).map { $0 - $1 }
        let z = ev.occupancy(from: w)
        let gy = ev.logitGradient(occupancy: z)
        var weights = stateWeightedPolicy(z, ev.policy)
        for i in 0..<weights.count { weights[i] += rhoSigma[i] }
        let gx = pullback(x: x, mdp: mdp, weights: weights, values: ev.values)
        return PenaltyEvaluation(value: value, gradX: gx, gradY: gy)
    }
}
