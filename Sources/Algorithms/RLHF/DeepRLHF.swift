import Environments
import Foundation
import Neural

/// Deep RLHF in MinAtar Breakout (experiments.md E3b, math.md section 9, docs/deep-rlhf.md):
/// A2C on the true reward (the oracle reference), DRLHF (Christiano et al. 2017) and PBRL with
/// the value penalty, all on the same data schedule.
public enum DeepRLHFMethod: String, Sendable, CaseIterable {
    /// A2C on the game's reward: no preferences, the reference.
    case trueReward = "a2c-true-reward"
    /// Fit r_theta to the labels, A2C on r_theta, alternate.
    case drlhf
    /// PBRL (value penalty): the reward step adds lambda grad p; the policy step is lambda A2C on
    /// r_theta plus the score-function gradient of the new pairs' NLL.
    case pbrl
}

/// Every knob of a deep-RLHF run. Counts follow the paper's schedule ("576 pairs ... warm up
/// the reward predictor for 500 epochs ... 16 new pairs per reward learning epoch ... the last
/// 3000 pairs"), each a setting so a profile can scale it.
public struct DeepRLHFSettings: Sendable, Hashable {
    public var a2c = A2CSettings()
    /// Environment frames of the policy learner (A2C rollouts), the x axis of the figures.
    public var frames = 100_000
    public var stickyProbability = 0.1
    public var maxEpisodeSteps = 2_000
    // Preferences.
    public var segmentLength = 20
    public var initialPairs = 576
    /// Reward-model gradient steps (minibatches) of the warm-up.
    public var warmupSteps = 500
    public var pairsPerEpoch = 16
    public var bufferCapacity = 3_000
    /// A2C updates between two reward epochs.
    public var updatesPerRewardEpoch = 10
    /// Reward-model gradient steps per reward epoch (the same for DRLHF and PBRL).
    public var rewardStepsPerEpoch = 4
    public var rewardBatchPairs = 32
    public var rewardLearningRate = 3e-4
    public var rewardHidden = [64]
    public var labelNoise = 0.0
    /// Standard deviation of the normalized reward the policy learner sees.
    public var rewardScale = 0.1
    // PBRL.
    public var lambda = 1.0
    /// A2C updates on r_theta that turn the copy of the policy into the inner oracle pi_hat.
    public var innerSteps = 5
    // Evaluation.
    public var evaluateEvery = 20_000
    public var evaluationEpisodes = 8
    public var recordedEpisodes = 3

    public init() {}
}

/// What one run produces (the run record's numbers).
public struct DeepRLHFCurve: Sendable {
    public var frames: [Double] = []
    public var trueReturn: [Double] = []
    public var heldOutAccuracy: [Double] = []
    public var correlation: [Double] = []
    public var trainingEpisodeReturn: [Double] = []
    public var valuePenalty: [Double] = []
    public var totalFrames = 0
    public var rewardSteps = 0
    public var labelledPairs = 0
    public var finalEpisodes: [RecordedEpisode] = []
}

public struct DeepRLHF: Sendable {
    public let method: DeepRLHFMethod
    public let settings: DeepRLHFSettings
    public let heldOut: HeldOutSegments
    public let seed: UInt64

    public init(method: DeepRLHFMethod, settings: DeepRLHFSettings, heldOut: HeldOutSegments, seed: UInt64) {
        self.method = method
        self.settings = settings
        self.heldOut = heldOut
        self.seed = seed
    }

    /// A seed derived from stream `k` of the run's seed.
    func derivedSeed(_ k: UInt64) -> UInt64 {
        var g = SeededGenerator(seed: seed, stream: k)
        return g.next()
    }

    /// A non-finite number: the run diverged (the message names the quantity).
    public struct NonFinite: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "non-finite value in \(name)" }
    }

    @discardableResult
    static func finite(_ x: Double, _ name: String) throws -> Double {
        guard x.isFinite else { throw NonFinite(name: name) }
        return x
    }

    @discardableResult
    static func finite(_ x: [Double], _ name: String) throws -> [Double] {
        guard x.allSatisfy(\.isFinite) else { throw NonFinite(name: name) }
        return x
    }

    /// The run. Streams of `seed`: 0 the environments, 1 initialization, 2 actions, 3 labels and
    /// pair draws, 4 the inner oracle's environments, 5 evaluation.
    public func run(progress: ((Double) -> Void)? = nil) throws -> DeepRLHFCurve {
        let s = settings
        var initRNG = SeededGenerator(seed: seed, stream: 1)
        var actionRNG = SeededGenerator(seed: seed, stream: 2)
        var labelRNG = SeededGenerator(seed: seed, stream: 3)
        let env = BreakoutVector(count: s.a2c.environments, seed: derivedSeed(0),
                                 stickyProbability: s.stickyProbability, maxEpisodeSteps: s.maxEpisodeSteps)
        var a2c = A2C(settings: s.a2c, environment: env, rng: &initRNG)
        var model = RewardModel(observationCount: Breakout.observationCount, actionCount: Breakout.actionCount,
                                hidden: s.rewardHidden, rng: &initRNG)
        var adam = Adam(parameterCount: model.network.parameterCount, learningRate: s.rewardLearningRate)
        var recorder = SegmentRecorder(environments: s.a2c.environments, length: s.segmentLength, observationCount: Breakout.observationCount)
        var buffer = PreferenceBuffer(capacity: s.bufferCapacity)
        let evaluation = BreakoutEvaluation(episodes: s.evaluationEpisodes, maxSteps: s.maxEpisodeSteps,
                                            stickyProbability: s.stickyProbability, seed: derivedSeed(5))
        var curve = DeepRLHFCurve()
        var oracleFrames = 0
        var recentReturns = [Double]()
        let usesPreferences = method != .trueReward

        /// `count` new labelled pairs from the newest unused segments of the pool.
        func drawPairs(_ count: Int) -> [SegmentPreference] {
            let take = min(2 * count, recorder.pool.count) / 2 * 2
            let segments = Array(recorder.pool.suffix(take))
            recorder.pool.removeAll()
            return stride(from: 0, to: take, by: 2).map {
                SegmentPreference.labelled(segments[$0], segments[$0 + 1], noise: s.labelNoise, rng: &labelRNG)
            }
        }
        /// A minibatch of the buffer (uniform with replacement).
        func minibatch() -> [SegmentPreference] {
            (0..<min(s.rewardBatchPairs, buffer.count)).map { _ in buffer.pairs[labelRNG.index(buffer.count)] }
        }
        func normalizeReward() {
            let recent = buffer.pairs.suffix(64).flatMap { [$0.first, $0.second] }
            model.normalize(observations: recent.flatMap(\.observations), actions: recent.flatMap(\.actions))
        }
        func evaluate() throws {
            let episodes = evaluation.run(policy: a2c.model.policy, actionSeed: derivedSeed(6) &+ UInt64(curve.frames.count))
            curve.frames.append(Double(a2c.frames))
            curve.trueReturn.append(try DeepRLHF.finite(episodes.map(\.trueReturn).reduce(0, +) / Double(episodes.count), "true_return"))
            curve.heldOutAccuracy.append(usesPreferences ? heldOut.accuracy(model) : .nan)
            curve.correlation.append(usesPreferences ? heldOut.correlation(model) : .nan)
            curve.trainingEpisodeReturn.append(recentReturns.isEmpty ? .nan : recentReturns.reduce(0, +) / Double(recentReturns.count))
            recentReturns.removeAll()
            curve.finalEpisodes = Array(episodes.prefix(s.recordedEpisodes))
        }

        // 1. The initial pairs from the initial policy, and the reward warm-up.
        if usesPreferences {
            while recorder.pool.count < 2 * s.initialPairs {
                let r = a2c.collect(rng: &actionRNG)
                recorder.record(r)
            }
            buffer.append(drawPairs(s.initialPairs))
            for _ in 0..<s.warmupSteps {
                adam.step(&model.network.parameters, gradient: model.preferenceLoss(minibatch()).gradient)
                curve.rewardSteps += 1
            }
            normalizeReward()
        }
        let startFrames = a2c.frames
        try evaluate()
        var nextEvaluation = startFrames + s.evaluateEvery
        var update = 0
        var penalty = 0.0

        // 2. Training: A2C updates, a reward epoch every `updatesPerRewardEpoch` updates.
        while a2c.frames - startFrames < s.frames {
            let r = a2c.collect(rng: &actionRNG)
            recentReturns += r.finishedReturns
            if !usesPreferences {
                a2c.apply(a2c.gradients(r, rewards: r.rewards))
            } else {
                recorder.record(r)
                let rhat = model.normalizedRewards(r.observations, actions: r.actions, scale: s.rewardScale)
                var g = a2c.gradients(r, rewards: rhat, policyScale: method == .pbrl ? s.lambda : 1)
                update += 1
                if update % s.updatesPerRewardEpoch == 0 {
                    let new = drawPairs(s.pairsPerEpoch)
                    buffer.append(new)
                    var penaltyGradient: [Double]? = nil
                    if method == .pbrl && !new.isEmpty {
                        // Inner oracle pi_hat: a copy of the policy improved by K A2C steps on r_theta.
                        var oracle = a2c
                        var oracleRNG = SeededGenerator(seed: seed, stream: 4 + 16 * UInt64(update))
                        var last = r
                        for _ in 0..<s.innerSteps {
                            last = oracle.collect(rng: &oracleRNG)
                            oracle.apply(oracle.gradients(last, rewards: model.normalizedRewards(last.observations, actions: last.actions, scale: s.rewardScale)))
                        }
                        oracleFrames += s.innerSteps * r.count
                        // grad_theta p = E_{pi_hat}[grad r_theta] - E_{pi_phi}[grad r_theta] (per-step means).
                        let obs = last.observations + r.observations, acts = last.actions + r.actions
                        let w = [Double](repeating: 1 / Double(last.count), count: last.count) + [Double](repeating: -1 / Double(r.count), count: r.count)
                        penaltyGradient = model.weightedRewardGradient(obs, actions: acts, weights: w)
                        penalty = zip(model.rewards(obs, actions: acts), w).map(*).reduce(0, +)
                        // Score-function gradient of the new pairs' NLL w.r.t. the policy (baseline: their mean NLL).
                        let nll = model.preferenceLoss(new).perPair
                        let baseline = nll.reduce(0, +) / Double(nll.count)
                        var scoreObs = [Double](), scoreActions = [Int](), scoreWeights = [Double]()
                        for (j, pair) in new.enumerated() {
                            for seg in [pair.first, pair.second] {
                                scoreObs += seg.observations
                                scoreActions += seg.actions
                                scoreWeights += [Double](repeating: -(nll[j] - baseline) / Double(new.count), count: seg.length)
                            }
                        }
                        let pf = a2c.model.policy.forward(scoreObs, batch: scoreActions.count)
                        let lp = Softmax.logSoftmax(pf.output, columns: Breakout.actionCount)
                        let gz = Softmax.weightedNLLGradient(logProbabilities: lp, columns: Breakout.actionCount, labels: scoreActions, weights: scoreWeights)
                        let score = a2c.model.policy.backward(pf, outputGradient: gz).parameters
                        for i in 0..<g.policy.count { g.policy[i] += score[i] }
                    }
                    for _ in 0..<s.rewardStepsPerEpoch {
                        var gr = model.preferenceLoss(minibatch()).gradient
                        if let pg = penaltyGradient { for i in 0..<gr.count { gr[i] += s.lambda * pg[i] } }
                        adam.step(&model.network.parameters, gradient: try DeepRLHF.finite(gr, "reward gradient"))
                        curve.rewardSteps += 1
                    }
                    normalizeReward()
                }
                a2c.apply(g)
            }
            if a2c.frames >= nextEvaluation {
                try DeepRLHF.finite(a2c.model.policy.parameters, "policy parameters")
                try evaluate()
                curve.valuePenalty.append(penalty)
                nextEvaluation += s.evaluateEvery
                progress?(Double(a2c.frames - startFrames) / Double(s.frames))
            }
        }
        if curve.frames.last != Double(a2c.frames) { try evaluate(); curve.valuePenalty.append(penalty) }
        curve.totalFrames = a2c.frames + oracleFrames
        curve.labelledPairs = buffer.added
        return curve
    }
}

extension HeldOutSegments {
    /// Held-out pairs for E3b: segments of `length` steps from games played by policies that
    /// track the ball with probability q in {0, 0.25, 0.5, 0.75, 0.95} per step (otherwise a
    /// uniform action), so the set spans random play to near-perfect returns; consecutive
    /// segments of different environments are paired, pairs with equal true returns dropped.
    public static func breakout(pairs count: Int, length: Int, stickyProbability: Double, seed: UInt64) -> HeldOutSegments {
        let qs = [0.0, 0.25, 0.5, 0.75, 0.95]
        var env = BreakoutVector(count: qs.count * 2, seed: seed, stickyProbability: stickyProbability)
        var rng = SeededGenerator(seed: seed, stream: 99)
        var recorder = SegmentRecorder(environments: env.count, length: length, observationCount: Breakout.observationCount)
        var pairs = [(ObservationSegment, ObservationSegment)]()
        var steps = 0
        while pairs.count < count && steps < 200 * count * length {
            var r = Rollout(steps: 1, environments: env.count, observationCount: Breakout.observationCount)
            r.observations = env.observations
            r.actions = (0..<env.count).map { i in
                let g = env.games[i].game
                if rng.uniform() < qs[i % qs.count] { return g.ballX < g.paddle ? 1 : (g.ballX > g.paddle ? 2 : 0) }
                return rng.index(3)
            }
            let step = env.step(r.actions)
            r.rewards = step.rewards
            steps += 1
            recorder.record(r)
            while recorder.pool.count >= 2 {
                let a = recorder.pool.removeFirst(), b = recorder.pool.removeFirst()
                if a.trueReturn != b.trueReturn { pairs.append((a, b)) }
            }
        }
        return HeldOutSegments(pairs: Array(pairs.prefix(count)))
    }
}
