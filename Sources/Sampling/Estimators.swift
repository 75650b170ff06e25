import BilevelCore
import Foundation

/// A state baseline for REINFORCE. Any function of the state leaves the policy gradient
/// unbiased as long as it does not depend on the batch it is used with (fit it on another one).
public enum Baseline: Sendable {
    case none
    /// `b(s)` per state, e.g. `MonteCarloCritic(...).values` fitted on an earlier batch.
    case stateValues([Double])

    @inlinable func value(_ s: Int) -> Double {
        switch self {
        case .none: return 0
        case .stateValues(let v): return v[s]
        }
    }
}

/// The soft policy gradient in the tabular softmax logits `y` (REINFORCE, math.md section 8):
///
///     estimate = (1/E) sum_episodes sum_t d^t (e_{a_t} - pi(.|s_t)) (G_t - b(s_t))  at row s_t,
///
/// `G_t = sum_{k>=t} d^{k-t} (R[j_k] - tau log pi(a_k|s_k))` (includes step t's entropy term).
/// **Mean:** `dV^{pi_y}(rho)/dy = d(s) pi[s,a] (Q[s,a] - tau log pi[s,a] - V[s])`
/// (`PolicyEvaluation.logitGradient()`) for the MDP whose reward is `R` (for a game, the follower's
/// MDP `M_tau(x)` with `R = r_F[s, aL, a]`), exactly under geometric termination and within
/// `batch.biasBound` per unit of `|grad log pi| <= sqrt 2` under truncation; for any fixed baseline.
/// With a lead-in batch the start is `mu` (the lead-in step is skipped and weights keep `d^t`):
/// the mean is then the gradient of `mu^T V` with `mu(s') = sum rho(s) c(s) sigma P(s'|s,a)`.
public struct SoftPolicyGradient: Sendable {
    /// The reward table indexed by the joint step index (`n * m` for an MDP).
    public let reward: [Double]
    public let tau: Double
    public var baseline: Baseline

    public init(reward: [Double], tau: Double, baseline: Baseline = .none) {
        self.reward = reward; self.tau = tau; self.baseline = baseline
    }

    /// The gradient estimate (`n * m`) and the mean return of the episodes (mean: `V^pi(rho)`,
    /// excluding a lead-in step).
    public func estimate(_ batch: TrajectoryBatch, policy: Policy) -> (gradient: [Double], value: Double) {
        let m = batch.actionCount
        let r = batch.stepRewards(reward, tau: tau, policy: policy)
        let G = batch.returnsToGo(r)
        let w = batch.weights()
        var grad = [Double](repeating: 0, count: batch.stateCount * m)
        var value = 0.0
        let pi = policy.probabilities
        for e in 0..<batch.episodeCount {
            var i = batch.episodeStart[e]
            if batch.leadIn {
                i += 1
                if i < batch.episodeStart[e + 1] { value += w[i] * G[i] }
            } else { value += G[i] }
            while i < batch.episodeStart[e + 1] {
                let s = Int(batch.states[i]), a = Int(batch.actions[i])
                let coef = w[i] * (G[i] - baseline.value(s))
                if coef != 0 {
                    for b in 0..<m { grad[s * m + b] -= coef * pi[s * m + b] }
                    grad[s * m + a] += coef
                }
                i += 1
            }
        }
        let inv = 1 / Double(batch.episodeCount)
        return (grad.map { $0 * inv }, value * inv)
    }
}

/// A Monte-Carlo critic: every-visit averages of the returns-to-go `G_t` per state and per
/// (state, action) over a batch (0 where never visited). **Mean:** approximately `V^pi` and
/// `Q^pi - tau log pi` (each visit's `G_t` has mean `Q^pi(s_t,a_t) - tau log pi(a_t|s_t)`; the
/// averages are ratio estimators, biased at O(1/visits)). Used as a REINFORCE baseline (fit it on
/// another batch) and as HPGD's `Qhat`, `Vhat`.
public struct MonteCarloCritic: Sendable {
    public let values: [Double]
    public let actionValues: [Double]
    public let stateVisits: [Int]
    public let actionVisits: [Int]

    public init(_ batch: TrajectoryBatch, reward: [Double], tau: Double, policy: Policy?) {
        let G = batch.returnsToGo(batch.stepRewards(reward, tau: tau, policy: policy))
        self.init(batch, returns: G)
    }

    /// From precomputed returns-to-go, one per step.
    public init(_ batch: TrajectoryBatch, returns G: [Double]) {
        let n = batch.stateCount, m = batch.actionCount
        var v = [Double](repeating: 0, count: n), q = [Double](repeating: 0, count: n * m)
        var nv = [Int](repeating: 0, count: n), nq = [Int](repeating: 0, count: n * m)
        for i in 0..<batch.stepCount {
            let s = Int(batch.states[i]), sa = s * m + Int(batch.actions[i])
            v[s] += G[i]; nv[s] += 1; q[sa] += G[i]; nq[sa] += 1
        }
        for s in 0..<n where nv[s] > 0 { v[s] /= Double(nv[s]) }
        for sa in 0..<(n * m) where nq[sa] > 0 { q[sa] /= Double(nq[sa]) }
        self.values = v; self.actionValues = q; self.stateVisits = nv; self.actionVisits = nq
    }
}

/// A TD critic of the soft `Q^pi` (expected SARSA): `passes` sweeps over the batch's recorded
/// transitions with step size `alpha`,
/// `Q(s,a) += alpha (R(s,a) + c(s) sum_b pi(b|s') (Q(s',b) - tau log pi(b|s')) - Q(s,a))`
/// (`c(s) = 0` at terminal states; `gamma` explicit whatever the batch's termination).
/// **Mean:** converges toward the fixed point of the batch's empirical model, i.e. `Q^pi` up
/// to the sampling error of the empirical transitions (plus the stopping error); biased.
public struct TDCritic: Sendable {
    public let actionValues: [Double]

    public init(_ batch: TrajectoryBatch, mdp: TabularMDP, policy: Policy, alpha: Double = 0.1, passes: Int = 20,
                initial: [Double]? = nil) {
        precondition(batch.leaderActionCount == 1, "TDCritic is for MDP batches")
        let n = mdp.stateCount, m = mdp.actionCount, tau = mdp.tau
        var q = initial ?? [Double](repeating: 0, count: n * m)
        let pi = policy.probabilities, logPi = policy.logProbabilities
        for _ in 0..<passes {
            for e in 0..<batch.episodeCount {
                let lo = batch.episodeStart[e], hi = batch.episodeStart[e + 1]
                for i in lo..<hi {
                    let s = Int(batch.states[i]), sa = s * m + Int(batch.actions[i])
                    var target = mdp.rewards[sa]
                    if mdp.terminal[s] {
                        // no continuation
                    } else if i + 1 < hi {
                        let t = Int(batch.states[i + 1])
                        var v = 0.0
                        for b in 0..<m { v += pi[t * m + b] * (q[t * m + b] - tau * logPi[t * m + b]) }
                        target += mdp.gamma * v
                    } else { continue }  // successor not recorded (cut episode)
                    q[sa] += alpha * (target - q[sa])
                }
            }
        }
        self.actionValues = q
    }
}

/// The x-gradient of a value at a fixed policy when only the reward depends on x (reward
/// features; math.md section 8): `(1/E) sum_episodes sum_t d^t dr_x(s_t,a_t)/dx`, computed as the
/// parameterization's pullback of the empirical discounted occupancy `batch.occupancy()`.
/// **Mean:** `dV^pi_x(rho)/dx` (`BilevelProblem.valueGradientX`) for `x`-independent transitions
/// (exact under geometric termination; truncation bias `batch.biasBound(max|dr/dx|)`).
/// With a lead-in batch the lead-in step counts too (the Bellman penalty uses that).
public struct RewardFeatureGradient: Sendable {
    public let dynamics: any ParametricMDP
    public init(dynamics: any ParametricMDP) { self.dynamics = dynamics }

    public func estimate(_ batch: TrajectoryBatch, x: [Double]) -> [Double] {
        let w = batch.occupancy()
        return dynamics.pullback(at: x, rewardWeights: w, transitionWeights: [Double](repeating: 0, count: w.count),
                                 values: [Double](repeating: 0, count: batch.stateCount))
    }

    /// The same for a `ParametricReward` (an upper reward `r_U(x)`).
    public static func estimate(_ batch: TrajectoryBatch, reward: any ParametricReward, x: [Double]) -> [Double] {
        reward.pullback(at: x, weights: batch.occupancy())
    }
}

/// The x-gradient of the follower's value in a Stackelberg game at a fixed follower policy, by
/// the leader's score (math.md section 8): x are the leader's logits, both `r_x` and `P_x` mix
/// over `pi_L = softmax(x)`, so
///
///     estimate = (1/E) sum_episodes sum_t d^t (e_{aL_t} - pi_L(.|s_t)) (G_t - b(s_t))  at row s_t,
///
/// `G_t` the follower's soft return-to-go from step t (`R = r_F[s,aL,a]`, entropy of the follower).
/// **Mean:** `dV^{pi_F}_x(rho)/dx` (`BilevelProblem.valueGradientX` on `StackelbergFollowerMDP`);
/// with `R = r_L` and `tau = 0`, the leader-value part of `df/dx`.
public struct LeaderScoreGradient: Sendable {
    public let reward: [Double]
    public let tau: Double
    public var baseline: Baseline
    public init(reward: [Double], tau: Double, baseline: Baseline = .none) {
        self.reward = reward; self.tau = tau; self.baseline = baseline
    }

    public func estimate(_ batch: TrajectoryBatch, leaderPolicy: Policy, followerPolicy: Policy) -> [Double] {
        precondition(batch.leaderActionCount > 1 && !batch.leaderActions.isEmpty, "LeaderScoreGradient needs a game batch")
        let mL = batch.leaderActionCount
        let G = batch.returnsToGo(batch.stepRewards(reward, tau: tau, policy: followerPolicy))
        let w = batch.weights()
        var grad = [Double](repeating: 0, count: batch.stateCount * mL)
        let pL = leaderPolicy.probabilities
        for i in 0..<batch.stepCount {
            let s = Int(batch.states[i]), a = Int(batch.leaderActions[i])
            let coef = w[i] * (G[i] - baseline.value(s))
            for b in 0..<mL { grad[s * mL + b] -= coef * pL[s * mL + b] }
            grad[s * mL + a] += coef
        }
        let inv = 1 / Double(batch.episodeCount)
        return grad.map { $0 * inv }
    }
}
