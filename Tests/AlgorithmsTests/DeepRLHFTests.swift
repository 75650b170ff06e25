import XCTest
import Environments
import Neural
@testable import Algorithms

/// Preferences, the reward model's gradients and the deep-RLHF loop's determinism.
final class DeepRLHFTests: XCTestCase {
    func segment(_ rewards: [Double], tag: Double = 0, observationCount d: Int = 2) -> ObservationSegment {
        ObservationSegment(observations: (0..<(rewards.count * d)).map { Double($0) * 0.1 + tag }, actions: rewards.map { _ in 0 }, rewards: rewards)
    }

    func testPreferenceBufferIsFirstInFirstOut() {
        var b = PreferenceBuffer(capacity: 5)
        let pairs = (0..<8).map { SegmentPreference(first: segment([Double($0)]), second: segment([0]), label: 1) }
        b.append(Array(pairs[0..<3]))
        XCTAssertEqual(b.count, 3)
        b.append(Array(pairs[3..<8]))
        XCTAssertEqual(b.count, 5)
        XCTAssertEqual(b.added, 8)
        // The oldest three are gone, the rest kept in arrival order.
        XCTAssertEqual(b.pairs.map(\.first.trueReturn), [3, 4, 5, 6, 7])
        b.append([pairs[0]])
        XCTAssertEqual(b.pairs.map(\.first.trueReturn), [4, 5, 6, 7, 0])
    }

    func testSegmentRecorderCutsConsecutiveStepsPerEnvironment() {
        var rec = SegmentRecorder(environments: 2, length: 3, observationCount: 1)
        var r = Rollout(steps: 4, environments: 2, observationCount: 1)
        r.observations = (0..<8).map(Double.init)  // t * 2 + i
        r.actions = (0..<8).map { $0 % 3 }
        r.rewards = (0..<8).map { Double($0) }
        rec.record(r)
        XCTAssertEqual(rec.pool.count, 2)
        XCTAssertEqual(rec.pool[0].observations, [0, 2, 4])  // environment 0, steps 0..2
        XCTAssertEqual(rec.pool[1].observations, [1, 3, 5])
        XCTAssertEqual(rec.pool[0].trueReturn, 6)
        rec.record(r)  // environment 0 continues with step 3 (obs 6), then steps 0, 1 of the new rollout
        XCTAssertEqual(rec.pool.count, 4)
        XCTAssertEqual(rec.pool[2].observations, [6, 0, 2])
    }

    /// Bradley-Terry labels: first preferred with frequency sigmoid(R1 - R2) (20,000 draws, 5
    /// standard errors); noise 0.5 makes them fair coins whatever the returns.
    func testBradleyTerryLabelFrequencies() {
        var rng = SeededGenerator(seed: 4)
        let a = segment([1, 1, 0]), b = segment([0, 1, 0])
        let n = 20_000
        for (noise, p) in [(0.0, Loss.sigmoid(1)), (0.2, 0.8 * Loss.sigmoid(1) + 0.2 * (1 - Loss.sigmoid(1))), (0.5, 0.5)] {
            var ones = 0.0
            for _ in 0..<n { ones += SegmentPreference.labelled(a, b, noise: noise, rng: &rng).label }
            XCTAssertEqual(ones / Double(n), p, accuracy: 5 * (p * (1 - p) / Double(n)).squareRoot(), "noise \(noise)")
        }
    }

    /// The preference NLL's and the reward-sum's parameter gradients against central finite differences.
    func testRewardModelGradients() {
        var rng = SeededGenerator(seed: 2)
        let d = 5, length = 3
        var model = RewardModel(observationCount: d, actionCount: 3, hidden: [4], rng: &rng)
        for i in 0..<model.network.parameterCount { model.network.parameters[i] += rng.uniform(-0.2, 0.2) }
        func seg() -> ObservationSegment {
            ObservationSegment(observations: (0..<(length * d)).map { _ in rng.uniform(-1, 1) },
                               actions: (0..<length).map { _ in rng.index(3) }, rewards: [0, 0, 0])
        }
        let pairs = [SegmentPreference(first: seg(), second: seg(), label: 1), SegmentPreference(first: seg(), second: seg(), label: 0),
                     SegmentPreference(first: seg(), second: seg(), label: 1)]
        let (loss, grad, perPair) = model.preferenceLoss(pairs)
        XCTAssertEqual(loss, perPair.reduce(0, +) / 3, accuracy: 1e-14)
        let obs = (0..<(4 * d)).map { _ in rng.uniform(-1, 1) }, acts = [0, 2, 1, 2], w = [0.5, -1, 0.25, 2]
        let gw = model.weightedRewardGradient(obs, actions: acts, weights: w)
        let fs: [(([Double]) -> Double, [Double])] = [
            ({ p in var m = model; m.network.parameters = p; return m.preferenceLoss(pairs).loss }, grad),
            ({ p in var m = model; m.network.parameters = p; return zip(m.rewards(obs, actions: acts), w).map(*).reduce(0, +) }, gw),
        ]
        for (f, g) in fs {
            let x = model.network.parameters
            for i in 0..<x.count {
                var xp = x, xm = x
                xp[i] += 1e-5; xm[i] -= 1e-5
                let fd = (f(xp) - f(xm)) / 2e-5
                XCTAssertEqual(g[i], fd, accuracy: 1e-8 + 1e-6 * abs(fd), "component \(i)")
            }
        }
        // Segment sums: r_theta(sigma) is the sum of the per-step rewards.
        let s = pairs[0].first
        XCTAssertEqual(model.segmentReturns([s])[0], model.rewards(s.observations, actions: s.actions).reduce(0, +), accuracy: 1e-12)
    }

    /// Held-out accuracy: a model equal to the true reward orders every pair right (1), its negative
    /// every pair wrong (0), a constant model ties everything (1/2).
    func testHeldOutAccuracyAndCorrelation() {
        var rng = SeededGenerator(seed: 1)
        var model = RewardModel(observationCount: 1, actionCount: 1, hidden: [1], rng: &rng)
        // r(o) = relu(1 * o) * 1: the observation itself for o >= 0.
        model.network.parameters = [1, 0, 1, 0]
        func seg(_ r: [Double]) -> ObservationSegment { ObservationSegment(observations: r, actions: r.map { _ in 0 }, rewards: r) }
        let h = HeldOutSegments(pairs: [(seg([1, 0]), seg([0, 0])), (seg([0, 2]), seg([1, 0])), (seg([1, 1]), seg([2, 0]))])
        XCTAssertEqual(h.pairs.count, 2)  // the tie (2 vs 2) is dropped
        XCTAssertEqual(h.accuracy(model), 1)
        XCTAssertEqual(h.correlation(model), 1, accuracy: 1e-12)
        model.network.parameters = [1, 0, -1, 0]
        XCTAssertEqual(h.accuracy(model), 0)
        XCTAssertEqual(h.correlation(model), -1, accuracy: 1e-12)
        model.network.parameters = [0, 1, 1, 0]
        XCTAssertEqual(h.accuracy(model), 0.5)
        XCTAssertEqual(h.correlation(model), 0)
    }

    func tinySettings() -> DeepRLHFSettings {
        var s = DeepRLHFSettings()
        s.a2c.environments = 3; s.a2c.hidden = [8]
        s.frames = 600; s.segmentLength = 5; s.initialPairs = 6; s.warmupSteps = 3; s.pairsPerEpoch = 2
        s.bufferCapacity = 10; s.updatesPerRewardEpoch = 2; s.rewardStepsPerEpoch = 2; s.rewardBatchPairs = 4
        s.rewardHidden = [4]; s.innerSteps = 2; s.evaluateEvery = 300; s.evaluationEpisodes = 2; s.recordedEpisodes = 2
        s.maxEpisodeSteps = 200
        return s
    }

    /// Same seed, identical numbers, whether runs go one after another or on concurrent threads;
    /// the schedule's counts come out as configured.
    func testDeterministicAcrossThreadsAndScheduleCounts() throws {
        let s = tinySettings()
        let held = HeldOutSegments.breakout(pairs: 10, length: 5, stickyProbability: 0.1, seed: 3)
        XCTAssertEqual(held.pairs.count, 10)
        let jobs: [DeepRLHFMethod] = [.pbrl, .drlhf, .trueReward, .pbrl]
        let serial = try jobs.map { try DeepRLHF(method: $0, settings: s, heldOut: held, seed: 7).run() }
        nonisolated(unsafe) var parallel = [DeepRLHFCurve?](repeating: nil, count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            parallel[i] = try? DeepRLHF(method: jobs[i], settings: s, heldOut: held, seed: 7).run()
        }
        for i in 0..<jobs.count {
            let p = try XCTUnwrap(parallel[i])
            XCTAssertEqual(serial[i].trueReturn, p.trueReturn)
            XCTAssertEqual(serial[i].frames, p.frames)
            XCTAssertEqual(serial[i].finalEpisodes, p.finalEpisodes)
            XCTAssertEqual(serial[i].heldOutAccuracy.map(\.bitPattern), p.heldOutAccuracy.map(\.bitPattern))
        }
        let pbrl = serial[0], drlhf = serial[1]
        // 600 frames of 3 x 5 = 40 updates, a reward epoch every 2: 20 epochs of 2 pairs on top of 6.
        XCTAssertEqual(drlhf.labelledPairs, 6 + 20 * 2)
        XCTAssertEqual(drlhf.rewardSteps, 3 + 20 * 2)
        XCTAssertEqual(pbrl.rewardSteps, drlhf.rewardSteps)
        XCTAssertEqual(pbrl.totalFrames, 600 + 4 * 15 /* initial-pair rollouts */ + 20 * 2 * 15)
        XCTAssertEqual(drlhf.frames, [0, 300, 600].map { Double($0 + 4 * 15) })
        // Recorded episodes replay: re-running each in a fresh game with its draws gives its rewards.
        for e in pbrl.finalEpisodes {
            var g = Breakout(start: e.start)
            var previous = 0
            var rewards = [Double]()
            for (a, sticky) in zip(e.actions, e.sticky) {
                let executed = sticky ? previous : a
                previous = executed
                rewards.append(g.step(executed))
            }
            XCTAssertEqual(rewards, e.rewards)
            XCTAssertTrue(g.terminal || e.actions.count == s.maxEpisodeSteps)
        }
    }
}
