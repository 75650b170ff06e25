import BilevelCore
import SeededRandom

/// The sampled inner oracle of PBRL's value penalty (math.md section 8): `steps` warm-started
/// soft policy-gradient ascent steps on the follower's logits, each from a fresh batch of
/// `episodes` episodes, `y <- y + stepSize * softPG`. Its policy `pi_hat` approaches `pi*_x`
/// only as the steps accumulate over outer iterations (warm start), so `V*(rho) - V^{pi_hat}(rho)`
/// is a bias of the value penalty that enters multiplied by lambda; nothing here is exact.
public struct SampledSoftPGOracle: Sendable {
    public var steps: Int
    public var episodes: Int
    public var stepSize: Double
    public var termination: Termination
    public init(steps: Int, episodes: Int, stepSize: Double, termination: Termination = .geometric) {
        self.steps = steps; self.episodes = episodes; self.stepSize = stepSize; self.termination = termination
    }

    /// Improves `logits` in place on `mdp` (simulated by `simulator`); batch `k` of this call
    /// uses seed `SeededGenerator(seed: seed, stream: k).next()`.
    public func improve(_ logits: inout [Double], mdp: TabularMDP, simulator: Simulator, seed: UInt64, threads: Int = 1) {
        let n = mdp.stateCount, m = mdp.actionCount
        for k in 0..<steps {
            let pi = Policy.softmax(logits: logits, stateCount: n, actionCount: m)
            var g = SeededGenerator(seed: seed, stream: UInt64(k))
            let b = simulator.batch(policy: PolicySampler(pi), episodes: episodes, termination: termination, seed: g.next(), threads: threads)
            let grad = SoftPolicyGradient(reward: mdp.rewards, tau: mdp.tau).estimate(b, policy: pi).gradient
            for i in 0..<logits.count { logits[i] += stepSize * grad[i] }
        }
    }
}
