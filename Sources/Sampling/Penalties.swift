import BilevelCore
import Foundation

/// How an x-gradient of a value at a fixed policy is estimated from a batch.
public enum XGradientKind: Sendable {
    /// Only the reward depends on x (`RewardFeatureGradient`): Four Rooms, Garnets with reward features.
    case rewardFeatures(any ParametricMDP)
    /// A Stackelberg game: x are the leader's logits, the score of the sampled leader action
    /// (`LeaderScoreGradient`) covers both the reward and the transitions.
    case leaderScore(leaderActionCount: Int)

    /// `dV^pi_x(rho)/dx` estimated from `batch` (episodes of `policy`), the value's reward being
    /// the joint table `reward` with temperature `tau`.
    public func estimate(_ batch: TrajectoryBatch, x: [Double], policy: Policy, reward: [Double], tau: Double) -> [Double] {
        switch self {
        case .rewardFeatures(let dynamics):
            return RewardFeatureGradient(dynamics: dynamics).estimate(batch, x: x)
        case .leaderScore(let mL):
            let leader = Policy.softmax(logits: x, stateCount: batch.stateCount, actionCount: mL)
            return LeaderScoreGradient(reward: reward, tau: tau).estimate(batch, leaderPolicy: leader, followerPolicy: policy)
        }
    }
}

/// A sampled penalty value with its gradients in x and in the follower's logits y.
public struct SampledPenalty: Sendable {
    public let value: Double
    public let gradX: [Double]
    public let gradY: [Double]
    public init(value: Double, gradX: [Double], gradY: [Double]) { self.value = value; self.gradX = gradX; self.gradY = gradY }
}

/// The value penalty from two batches (math.md section 8): one of the inner oracle's policy
/// `pi_hat`, one of the follower's `pi_y`, both from `rho`:
///
///     p     = mean soft return under pi_hat - mean soft return under pi_y,
///     dp/dx = xgrad(pi_hat batch) - xgrad(pi_y batch),     dp/dy = - softPG(pi_y batch).
///
/// **Mean:** `BilevelProblem.valuePenalty(x:follower:best:)` with `best` the evaluation of
/// `pi_hat` (with the exact `pi*`, the value penalty of math.md section 3 and its gradients).
/// `reward` is the follower's joint reward table at x (`M_tau(x).rewards`, or `r_F` of a game).
public struct SampledValuePenalty: Sendable {
    public let reward: [Double]
    public let tau: Double
    public let xGradient: XGradientKind
    public init(reward: [Double], tau: Double, xGradient: XGradientKind) {
        self.reward = reward; self.tau = tau; self.xGradient = xGradient
    }

    public func estimate(x: [Double], follower: TrajectoryBatch, followerPolicy: Policy,
                         best: TrajectoryBatch, bestPolicy: Policy) -> SampledPenalty {
        let pg = SoftPolicyGradient(reward: reward, tau: tau)
        let f = pg.estimate(follower, policy: followerPolicy)
        let vBest = SoftPolicyGradient.meanReturn(best, reward: reward, tau: tau, policy: bestPolicy)
        let gBest = xGradient.estimate(best, x: x, policy: bestPolicy, reward: reward, tau: tau)
        let gPi = xGradient.estimate(follower, x: x, policy: followerPolicy, reward: reward, tau: tau)
        return SampledPenalty(value: vBest - f.value, gradX: zip(gBest, gPi).map { $0 - $1 }, gradY: f.gradient.map { -$0 })
    }
}

/// The Bellman penalty with a critic (math.md section 8). With `sigma = softmax(Qhat/tau)` from a
/// critic `Qhat` of `Q^{pi_y}` (e.g. `TDCritic`), two batches of `pi_y`: `plain` from `rho`, and
/// `leadIn` whose step 0 is `s_0 ~ rho, a_0 ~ sigma` (`Simulator.batch(firstAction:)`):
///
///     g     = mean over leadIn of (R(s0,a0) - tau log sigma(a0|s0) + d G_1) - mean return of plain,
///     dg/dy = softPG(leadIn, skipping step 0) - softPG(plain),
///     dg/dx = xgrad(leadIn, step 0 included) - xgrad(plain).
///
/// **Mean:** the Bellman penalty of math.md section 3 and its gradients (section 4) with `sigma`
/// in place of `softmax(Q^{pi_y}/tau)`: exact for an exact critic; with a learned critic biased
/// by its error (first order in the y-gradient; the value is `g` minus `tau E_rho KL(sigma || softmax(Q/tau))`,
/// so it underestimates `g`).
public struct SampledBellmanPenalty: Sendable {
    public let reward: [Double]
    public let tau: Double
    public let xGradient: XGradientKind
    public init(reward: [Double], tau: Double, xGradient: XGradientKind) {
        self.reward = reward; self.tau = tau; self.xGradient = xGradient
    }

    public func estimate(x: [Double], plain: TrajectoryBatch, leadIn: TrajectoryBatch, policy: Policy, sigma: Policy) -> SampledPenalty {
        precondition(leadIn.leadIn && !plain.leadIn, "SampledBellmanPenalty needs a plain batch and a lead-in batch")
        let pg = SoftPolicyGradient(reward: reward, tau: tau)
        let p = pg.estimate(plain, policy: policy)
        let l = pg.estimate(leadIn, policy: policy)  // skips step 0; its value is the mean of d G_1
        let m = leadIn.actionCount
        var first = 0.0
        for e in 0..<leadIn.episodeCount {
            let i = leadIn.episodeStart[e]
            let s = Int(leadIn.states[i]), a = Int(leadIn.actions[i])
            first += reward[Int(leadIn.joint[i])] - tau * sigma.logProbabilities[s * m + a]
        }
        first /= Double(leadIn.episodeCount)
        let gl = xGradient.estimate(leadIn, x: x, policy: policy, reward: reward, tau: tau)
        let gp = xGradient.estimate(plain, x: x, policy: policy, reward: reward, tau: tau)
        return SampledPenalty(value: first + l.value - p.value, gradX: zip(gl, gp).map { $0 - $1 },
                              gradY: zip(l.gradient, p.gradient).map { $0 - $1 })
    }
}

extension SoftPolicyGradient {
    /// The mean (soft) return of a batch's episodes (mean: `V^pi(rho)`; truncation bias as stated).
    public static func meanReturn(_ batch: TrajectoryBatch, reward: [Double], tau: Double, policy: Policy) -> Double {
        let r = batch.stepRewards(reward, tau: tau, policy: policy)
        let d = batch.stepDiscount
        var total = 0.0
        for e in 0..<batch.episodeCount {
            var f = 1.0
            for i in batch.episodeStart[e]..<batch.episodeStart[e + 1] { total += f * r[i]; f *= d }
        }
        return total / Double(batch.episodeCount)
    }
}

/// The upper objective `f(x, pi_y) = -V_U^{pi_y}(rho_U) + (regularization/2)|x|^2` from a batch
/// of `pi_y` started at `rho_U` (math.md section 8: the same estimators with `r_U`, `tau = 0`):
/// `value = -mean return`, `gradY = -softPG(r_U, tau 0)`, `gradX = -xgrad` (the upper reward's
/// pullback of the occupancy for an x-dependent `r_U(x)` on x-independent dynamics; the leader
/// score with `r_L` in a game) `+ regularization x`.
/// **Mean:** `NegativeUpperValue.evaluate` (`gradY` = its `gradPolicy` through the softmax).
public struct SampledUpperObjective: Sendable {
    public enum XPart: Sendable {
        /// `r_U(x)` on dynamics that do not depend on x.
        case reward(any ParametricReward)
        /// A game's leader value: x are the leader logits (`LeaderScoreGradient` with `r_L`).
        case leaderScore(leaderActionCount: Int)
    }
    /// `r_U` at x as a joint table.
    public let reward: [Double]
    public let xPart: XPart
    public let regularization: Double
    public init(reward: [Double], xPart: XPart, regularization: Double = 0) {
        self.reward = reward; self.xPart = xPart; self.regularization = regularization
    }

    public func estimate(_ batch: TrajectoryBatch, x: [Double], policy: Policy) -> SampledPenalty {
        let pg = SoftPolicyGradient(reward: reward, tau: 0).estimate(batch, policy: policy)
        var gx: [Double]
        switch xPart {
        case .reward(let r): gx = RewardFeatureGradient.estimate(batch, reward: r, x: x)
        case .leaderScore(let mL):
            let leader = Policy.softmax(logits: x, stateCount: batch.stateCount, actionCount: mL)
            gx = LeaderScoreGradient(reward: reward, tau: 0).estimate(batch, leaderPolicy: leader, followerPolicy: policy)
        }
        for k in 0..<gx.count { gx[k] = -gx[k] + regularization * x[k] }
        let norm = x.reduce(0) { $0 + $1 * $1 }
        return SampledPenalty(value: -pg.value + 0.5 * regularization * norm, gradX: gx, gradY: pg.gradient.map { -$0 })
    }
}

/// HPGD's hypergradient estimate as the published code computes it (Thoma et al. 2024,
/// `train_stochastic_bilevel_opt.py`; math.md section 8), from fixed-length rollouts of the
/// follower's best response `pi*` (`Simulator.rollouts`): with returns-to-go restarting at episode
/// ends, per-(s,a) and per-state averages `Qhat`, `Vhat` (`MonteCarloCritic`) of the return-to-go
/// of `dr_LL/dx` and of `r_U`, `A_LL' = Qhat(dr_LL/dx) - Vhat(dr_LL/dx)`, `A_U = Qhat(r_U) - Vhat(r_U)`,
///
///     br = sum over all steps of gamma^t A_LL'(s_t,a_t) A_U(s_t,a_t) / tau  / (finished episodes),
///     ul = mean over the episodes' first steps of Vhat(dr_U/dx)(s_0),      estimate = ul + br,
///
/// the ascent direction of the designer's `J(x) = V_U^{pi*_x}(start)`. Computed without forming
/// the `dim(x)` return-to-go vectors: every term is linear in the reward Jacobian rows, so it is
/// one pullback of a state-action weight table (accumulated forward within each episode).
/// **Mean:** approximately `dJ/dx = -dF/dx` (`BilevelProblem.hypergradient`, negated): exact if
/// `Qhat`, `Vhat` were the true tables; the per-(s,a) ratio averages, the truncation of returns
/// at episode and budget ends and the normalization by finished episodes bias it (measured in
/// `SamplingTests.testHPGDMatchesTheExactHypergradient`; docs/sampling.md).
public struct HPGDEstimator: Sendable {
    /// The follower's parameterization (`dr_LL/dx` through its pullback; transitions fixed).
    public let lower: any ParametricMDP
    /// The designer's reward `r_U(x)` and its pullback.
    public let upper: any ParametricReward
    public let tau: Double
    public init(lower: any ParametricMDP, upper: any ParametricReward, tau: Double) {
        self.lower = lower; self.upper = upper; self.tau = tau
    }

    public func estimate(_ batch: TrajectoryBatch, x: [Double]) -> [Double] {
        let n = batch.stateCount, m = batch.actionCount
        precondition(batch.leaderActionCount == 1, "HPGD is for MDP batches")
        let rU = upper.reward(at: x)
        let GU = batch.returnsToGo(batch.stepRewards(rU))
        let critic = MonteCarloCritic(batch, returns: GU)
        let w = batch.weights()
        let finished = max(1, batch.endings.filter { $0 != .budget }.count)
        // c(s,a) = sum_{t at (s,a)} gamma^t A_U(s,a) / (tau * finished)
        var c = [Double](repeating: 0, count: n * m)
        for i in 0..<batch.stepCount {
            let s = Int(batch.states[i]), sa = s * m + Int(batch.actions[i])
            c[sa] += w[i] * (critic.actionValues[sa] - critic.values[s])
        }
        let scale = 1 / (tau * Double(finished))
        var cState = [Double](repeating: 0, count: n)
        for s in 0..<n { for a in 0..<m { c[s * m + a] *= scale; cState[s] += c[s * m + a] } }
        var startCount = [Double](repeating: 0, count: n)
        for e in 0..<batch.episodeCount { startCount[Int(batch.states[batch.episodeStart[e]])] += 1 }
        let episodes = Double(batch.episodeCount)
        // alpha_t (br) and beta_t (ul) multiply RTG_t; forward-accumulate them into weights.
        var wLL = [Double](repeating: 0, count: n * m), wU = [Double](repeating: 0, count: n * m)
        let d = batch.stepDiscount
        for e in 0..<batch.episodeCount {
            var A = 0.0, B = 0.0
            for i in batch.episodeStart[e]..<batch.episodeStart[e + 1] {
                let s = Int(batch.states[i]), sa = s * m + Int(batch.actions[i])
                let alpha = c[sa] / Double(critic.actionVisits[sa]) - cState[s] / Double(critic.stateVisits[s])
                let beta = startCount[s] / (episodes * Double(critic.stateVisits[s]))
                A = alpha + d * A
                B = beta + d * B
                wLL[sa] += A
                wU[sa] += B
            }
        }
        let zeros = [Double](repeating: 0, count: n * m)
        let br = lower.pullback(at: x, rewardWeights: wLL, transitionWeights: zeros, values: [Double](repeating: 0, count: n))
        let ul = upper.pullback(at: x, weights: wU)
        return zip(ul, br).map { $0 + $1 }
    }
}

/// The zero-order estimate from sampled returns: `(Jhat(x + u z) - Jhat(x)) z / u`, with `Jhat`
/// the mean return of a batch under the best response at each point.
/// **Mean:** `(J(x + u z) - J(x)) z / u` for the given direction `z` (over `z ~ N(0, I)`, the
/// gradient of the Gaussian smoothing of J, as the exact zero-order baseline).
public struct SampledZeroOrder: Sendable {
    public static func estimate(perturbed: Double, base: Double, direction z: [Double], smoothing u: Double) -> [Double] {
        let f = (perturbed - base) / u
        return z.map { $0 * f }
    }
}
