import Algorithms
import Lab

/// Every knob of E3b (experiments.md), read strictly from `configs/<profile>.yaml`; the names
/// of `DeepRLHFSettings` in snake case. The paper's schedule: `initial_pairs: 576`,
/// `warmup_steps: 500` (the paper says 500 epochs), `pairs_per_epoch: 16`, `buffer_capacity: 3000`.
struct DeepRLHFConfig: Sendable, Hashable {
    var settings = DeepRLHFSettings()
    var lambdas: [Double] = [1, 10, 100]
    var heldOutPairs = 300
    var heldOutSeed: UInt64 = 12_345

    init(reading c: ConfigReader) throws {
        var s = DeepRLHFSettings()
        s.a2c.environments = try c.int("environments", default: s.a2c.environments, min: 1)
        s.a2c.steps = try c.int("n_steps", default: s.a2c.steps, min: 1)
        s.a2c.gamma = try c.double("gamma", default: s.a2c.gamma, in: 0..<1)
        s.a2c.gaeLambda = try c.double("gae_lambda", default: s.a2c.gaeLambda, in: 0...1)
        s.a2c.entropyCoefficient = try c.double("ent_coef", default: s.a2c.entropyCoefficient, in: .nonNegative)
        s.a2c.valueCoefficient = try c.double("vf_coef", default: s.a2c.valueCoefficient, in: .nonNegative)
        s.a2c.maxGradientNorm = try c.double("max_grad_norm", default: s.a2c.maxGradientNorm, in: .positive)
        s.a2c.learningRate = try c.double("learning_rate", default: s.a2c.learningRate, in: .positive)
        s.a2c.rmsAlpha = try c.double("rms_alpha", default: s.a2c.rmsAlpha, in: 0..<1)
        s.a2c.rmsEpsilon = try c.double("rms_eps", default: s.a2c.rmsEpsilon, in: .positive)
        s.a2c.hidden = try c.ints("policy_hidden", default: s.a2c.hidden, min: 1)
        s.frames = try c.int("frames", default: s.frames, min: 1)
        s.stickyProbability = try c.double("sticky_probability", default: s.stickyProbability, in: 0...1)
        s.maxEpisodeSteps = try c.int("max_episode_steps", default: s.maxEpisodeSteps, min: 1)
        s.segmentLength = try c.int("segment_length", default: s.segmentLength, min: 1)
        s.initialPairs = try c.int("initial_pairs", default: s.initialPairs, min: 1)
        s.warmupSteps = try c.int("warmup_steps", default: s.warmupSteps, min: 0)
        s.pairsPerEpoch = try c.int("pairs_per_epoch", default: s.pairsPerEpoch, min: 1)
        s.bufferCapacity = try c.int("buffer_capacity", default: s.bufferCapacity, min: 1)
        s.updatesPerRewardEpoch = try c.int("updates_per_reward_epoch", default: s.updatesPerRewardEpoch, min: 1)
        s.rewardStepsPerEpoch = try c.int("reward_steps_per_epoch", default: s.rewardStepsPerEpoch, min: 1)
        s.rewardBatchPairs = try c.int("reward_batch_pairs", default: s.rewardBatchPairs, min: 1)
        s.rewardLearningRate = try c.double("reward_learning_rate", default: s.rewardLearningRate, in: .positive)
        s.rewardHidden = try c.ints("reward_hidden", default: s.rewardHidden, min: 1)
        s.labelNoise = try c.double("label_noise", default: s.labelNoise, in: 0...0.5)
        s.rewardScale = try c.double("reward_scale", default: s.rewardScale, in: .positive)
        s.innerSteps = try c.int("pbrl_inner_steps", default: s.innerSteps, min: 1)
        s.evaluateEvery = try c.int("evaluate_every", default: s.evaluateEvery, min: 1)
        s.evaluationEpisodes = try c.int("evaluation_episodes", default: s.evaluationEpisodes, min: 1)
        s.recordedEpisodes = try c.int("recorded_episodes", default: s.recordedEpisodes, min: 0)
        settings = s
        lambdas = try c.doubles("lambdas", default: lambdas, in: .positive)
        heldOutPairs = try c.int("held_out_pairs", default: heldOutPairs, min: 1)
        heldOutSeed = UInt64(try c.int("held_out_seed", default: Int(heldOutSeed), min: 0))
        guard s.recordedEpisodes <= s.evaluationEpisodes else {
            throw LabError("recorded_episodes (\(s.recordedEpisodes)) must not exceed evaluation_episodes (\(s.evaluationEpisodes))")
        }
    }
}
