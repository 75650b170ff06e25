import Environments
import Foundation
import Neural

/// Synchronous advantage actor-critic (Mnih et al. 2016, A2C), read top to bottom like
/// CleanRL's `a2c`: hyperparameters, the rollout of `environments x steps` frames, the n-step
/// returns and advantages, the loss gradients, one clipped RMSProp step.
///
/// Defaults are stable-baselines3's A2C (`n_steps 5, gamma 0.99, gae_lambda 1, vf_coef 0.5,
/// max_grad_norm 0.5`, RMSprop `lr 7e-4, alpha 0.99, eps 1e-5`, advantages not normalized) except
/// `entropyCoefficient` 0.01 (SB3: 0.0; its Atari zoo setting is 0.01) and 16 environments.
/// An episode cut by a step cap is treated as terminal (SB3 bootstraps through time-outs).
public struct A2CSettings: Sendable, Hashable {
    public var environments = 16
    public var steps = 5
    public var gamma = 0.99
    public var gaeLambda = 1.0
    public var entropyCoefficient = 0.01
    public var valueCoefficient = 0.5
    public var maxGradientNorm = 0.5
    public var learningRate = 7e-4
    public var rmsAlpha = 0.99
    public var rmsEpsilon = 1e-5
    public var hidden = [128]
    public var activation = Activation.relu

    public init() {}
}

/// One rollout: `steps` consecutive steps of every environment, time-major (`t * N + i`).
public struct Rollout: Sendable {
    public let steps: Int, environments: Int, observationCount: Int
    /// `(steps * N) x observationCount`: the observation each action was chosen on.
    public var observations: [Double] = []
    /// The actions the policy chose (before sticky actions).
    public var actions: [Int] = []
    /// The environment's (true) rewards.
    public var rewards: [Double] = []
    /// The episode ended at this step (the environment was reset after it).
    public var dones: [Bool] = []
    public var sticky: [Bool] = []
    /// V(o_t) under the value network when the rollout was collected.
    public var values: [Double] = []
    /// V of the observations after the last step (the bootstrap).
    public var lastValues: [Double] = []
    /// Returns of episodes that ended during the rollout.
    public var finishedReturns: [Double] = []

    public var count: Int { steps * environments }
}

/// The loss gradients of one A2C update, before clipping.
public struct A2CGradients: Sendable {
    public var policy: [Double]
    public var value: [Double]
    public var entropy: Double
    public var valueLoss: Double
}

public struct A2C<Environment: VectorEnvironment>: Sendable {
    public let settings: A2CSettings
    public var model: ActorCritic
    public var environment: Environment
    var policyOptimizer: RMSProp
    var valueOptimizer: RMSProp
    /// The environments' current observations.
    var observation: [Double]
    /// Frames (environment steps, over all copies) taken so far.
    public private(set) var frames = 0

    public init<G: RandomNumberGenerator>(settings: A2CSettings, environment: Environment, rng: inout G) {
        precondition(environment.count == settings.environments, "A2C: \(environment.count) environments, settings say \(settings.environments)")
        self.settings = settings
        self.environment = environment
        model = ActorCritic(observationCount: environment.observationCount, actionCount: environment.actionCount,
                            hidden: settings.hidden, activation: settings.activation, rng: &rng)
        policyOptimizer = RMSProp(parameterCount: model.policy.parameterCount, learningRate: settings.learningRate,
                                  alpha: settings.rmsAlpha, epsilon: settings.rmsEpsilon)
        valueOptimizer = RMSProp(parameterCount: model.value.parameterCount, learningRate: settings.learningRate,
                                 alpha: settings.rmsAlpha, epsilon: settings.rmsEpsilon)
        observation = environment.observations
    }

    // MARK: 1. Rollout

    /// `steps` steps of every environment with actions sampled from the current policy.
    public mutating func collect<G: RandomNumberGenerator>(rng: inout G) -> Rollout {
        let n = settings.environments, d = environment.observationCount
        var r = Rollout(steps: settings.steps, environments: n, observationCount: d)
        r.observations.reserveCapacity(r.count * d)
        for _ in 0..<settings.steps {
            let lp = model.logProbabilities(observation, batch: n)
            let actions = Softmax.sample(logProbabilities: lp, columns: model.actionCount, rng: &rng)
            r.values += model.value(observation, batch: n)
            r.observations += observation
            r.actions += actions
            let s = environment.step(actions)
            r.rewards += s.rewards
            r.dones += s.done
            r.sticky += s.sticky
            r.finishedReturns += s.finishedReturns
            observation = environment.observations
        }
        r.lastValues = model.value(observation, batch: n)
        frames += r.count
        return r
    }

    // MARK: 2. Returns and advantages

    /// Generalized advantage estimation over the rollout with `rewards` (the true ones, or a
    /// reward model's): `delta_t = r_t + gamma V_{t+1} (1 - done_t) - V_t`,
    /// `A_t = delta_t + gamma lambda (1 - done_t) A_{t+1}`; returns `A_t + V_t`. With lambda 1 these
    /// are the n-step returns bootstrapped from the value after the rollout.
    public func advantages(_ r: Rollout, rewards: [Double]) -> (advantages: [Double], returns: [Double]) {
        let n = r.environments
        var adv = [Double](repeating: 0, count: r.count)
        var next = [Double](repeating: 0, count: n)
        for t in stride(from: r.steps - 1, through: 0, by: -1) {
            for i in 0..<n {
                let k = t * n + i
                let notDone = r.dones[k] ? 0.0 : 1.0
                let nextValue = t == r.steps - 1 ? r.lastValues[i] : r.values[k + n]
                let delta = rewards[k] + settings.gamma * nextValue * notDone - r.values[k]
                next[i] = delta + settings.gamma * settings.gaeLambda * notDone * next[i]
                adv[k] = next[i]
            }
        }
        return (adv, zip(adv, r.values).map(+))
    }

    // MARK: 3. Loss gradients

    /// Gradients of `L = -mean(A_t log pi(a_t|o_t)) - c_ent mean(H(pi(.|o_t))) + c_vf mean((V(o_t) - R_t)^2)`
    /// (the policy's part scaled by `policyScale`, e.g. PBRL's lambda), before clipping.
    public func gradients(_ r: Rollout, rewards: [Double], policyScale: Double = 1) -> A2CGradients {
        let (adv, returns) = advantages(r, rewards: rewards)
        let b = Double(r.count), k = model.actionCount
        let pf = model.policy.forward(r.observations, batch: r.count)
        let lp = Softmax.logSoftmax(pf.output, columns: k)
        var g = Softmax.weightedNLLGradient(logProbabilities: lp, columns: k, labels: r.actions, weights: adv.map { policyScale * $0 / b })
        let ge = Softmax.entropyGradient(logProbabilities: lp, columns: k,
                                         weights: [Double](repeating: -policyScale * settings.entropyCoefficient / b, count: r.count))
        for i in 0..<g.count { g[i] += ge[i] }
        let vf = model.value.forward(r.observations, batch: r.count)
        let se = Loss.squaredError(vf.output, target: returns, weight: settings.valueCoefficient / b)
        let entropy = Softmax.entropy(logProbabilities: lp, columns: k).reduce(0, +) / b
        return A2CGradients(policy: model.policy.backward(pf, outputGradient: g).parameters,
                            value: model.value.backward(vf, outputGradient: se.gradient).parameters,
                            entropy: entropy, valueLoss: se.value / settings.valueCoefficient)
    }

    // MARK: 4. Update

    /// Clips the joint gradient norm to `maxGradientNorm` and takes one RMSProp step on both networks.
    public mutating func apply(_ g: A2CGradients) {
        var both = [g.policy, g.value]
        clipGradientNorm(&both, maxNorm: settings.maxGradientNorm)
        policyOptimizer.step(&model.policy.parameters, gradient: both[0])
        valueOptimizer.step(&model.value.parameters, gradient: both[1])
    }

    /// One full A2C iteration on the environment's own reward; returns the rollout.
    @discardableResult
    public mutating func iterate<G: RandomNumberGenerator>(rng: inout G) -> Rollout {
        let r = collect(rng: &rng)
        apply(gradients(r, rewards: r.rewards))
        return r
    }
}
