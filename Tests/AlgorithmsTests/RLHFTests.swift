import XCTest
import BilevelCore
import Environments
@testable import Algorithms

/// The RLHF upper objective: the score-function (REINFORCE) gradient of the expected preference
/// NLL against finite differences of the exact, enumerated expectation; the x-gradients; the
/// unbiasedness of the sampled estimate PBRL uses.
final class RLHFTests: XCTestCase {
    /// Tiny instance: 3 states (state 2 terminal), 2 actions, segments of length 3, so every
    /// segment pair can be enumerated (<= 56 segments).
    private struct Tiny {
        let mdp: TabularMDP
        let model: LinearRewardMDP
        let objective: ExpectedPreferenceNLL
        let oracle: PreferenceOracle
    }

    private func tiny(seed: UInt64 = 4) throws -> Tiny {
        var rng = SeededGenerator(seed: seed)
        let n = 3, m = 2
        var p = [Double]()
        for _ in 0..<(n * m) {
            let row = (0..<n).map { _ in 0.2 + rng.uniform() }
            let z = row.reduce(0, +)
            p += row.map { $0 / z }
        }
        let trueReward = (0..<(n * m)).map { _ in rng.uniform(-1.5, 1.5) }
        let mdp = try TabularMDP(stateCount: n, actionCount: m, transitions: p, rewards: trueReward,
                                 gamma: 0.9, tau: 0.1, initialDistribution: [0.5, 0.5, 0],
                                 terminal: [false, false, true])
        let model = LinearRewardMDP(base: mdp)
        let oracle = PreferenceOracle(trueReward: trueReward, actionCount: m)
        return Tiny(mdp: mdp, model: model,
                    objective: ExpectedPreferenceNLL(rewardModel: model, oracle: oracle, segmentLength: 3),
                    oracle: oracle)
    }

    private func fd(_ f: ([Double]) -> Double, at v: [Double], h: Double = 1e-5) -> [Double] {
        (0..<v.count).map { i in
            var a = v, b = v
            a[i] += h; b[i] -= h
            return (f(a) - f(b)) / (2 * h)
        }
    }

    private func maxRelativeError(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) / max(1e-3, abs($1)) }.max() ?? 0
    }

    func testScoreFunctionGradientMatchesFiniteDifferencesOfTheExactExpectedNLL() throws {
        let t = try tiny()
        var rng = SeededGenerator(seed: 8)
        let x = (0..<6).map { _ in rng.normal() }
        let y = (0..<6).map { _ in rng.normal() }
        func f(_ yy: [Double]) -> Double {
            t.objective.value(x: x, policy: .softmax(logits: yy, stateCount: 3, actionCount: 2), lower: t.mdp)
        }
        let numeric = fd(f, at: y)
        let policy = Policy.softmax(logits: y, stateCount: 3, actionCount: 2)
        let score = t.objective.scoreFunctionGradient(x: x, policy: policy, lower: t.mdp)
        XCTAssertGreaterThan(numeric.map(abs).max()!, 1e-3, "the test instance must have a non-trivial gradient")
        XCTAssertLessThan(maxRelativeError(score, numeric), 1e-7, "score function \(score) vs FD \(numeric)")
        // The same gradient through the policy table and the softmax chain rule.
        let viaTable = policy.logitGradient(fromPolicyGradient: t.objective.evaluate(x: x, policy: policy, lower: t.mdp).gradPolicy)
        XCTAssertLessThan(maxRelativeError(viaTable, numeric), 1e-7)
    }

    func testExpectedNLLGradientInX() throws {
        let t = try tiny(seed: 6)
        var rng = SeededGenerator(seed: 9)
        let x = (0..<6).map { _ in rng.normal() }
        let policy = Policy.softmax(logits: (0..<6).map { _ in rng.normal() }, stateCount: 3, actionCount: 2)
        let numeric = fd({ t.objective.value(x: $0, policy: policy, lower: t.mdp) }, at: x)
        let g = t.objective.evaluate(x: x, policy: policy, lower: t.mdp).gradX
        XCTAssertLessThan(maxRelativeError(g, numeric), 1e-7)
    }

    func testSampledLikelihoodGradientInX() throws {
        let g = RLHFGridworld()
        let mdp = try g.mdp()
        let lik = PreferenceLikelihood(rewardModel: try g.rewardModel(), actionCount: 4)
        var rng = SeededGenerator(seed: 2)
        let pairs = PreferenceOracle(trueReward: g.trueReward, actionCount: 4)
            .query(count: 15, mdp: mdp, policy: .uniform(stateCount: 25, actionCount: 4), length: 10, rng: &rng)
        let x = (0..<100).map { _ in 0.5 * rng.normal() }
        let numeric = fd({ lik.meanLoss(pairs, x: $0) }, at: x)
        XCTAssertLessThan(maxRelativeError(lik.gradientX(pairs, x: x), numeric), 1e-6)
    }

    /// PBRL's sampled y-gradient (leave-one-out baseline) is unbiased for the exact one: the mean
    /// of 400 independent batch estimates is within 5 standard errors per coordinate.
    func testSampledScoreFunctionEstimateIsUnbiased() throws {
        let t = try tiny(seed: 4)
        var rng = SeededGenerator(seed: 21, stream: 3)
        let x = (0..<6).map { _ in rng.normal() }
        let policy = Policy.softmax(logits: (0..<6).map { _ in rng.normal() }, stateCount: 3, actionCount: 2)
        let exact = t.objective.scoreFunctionGradient(x: x, policy: policy, lower: t.mdp)
        let lik = PreferenceLikelihood(rewardModel: t.model, actionCount: 2)
        let batches = 400
        var sum = [Double](repeating: 0, count: 6), sq = sum
        for _ in 0..<batches {
            let pairs = t.oracle.query(count: 16, mdp: t.mdp, policy: policy, length: 3, rng: &rng)
            let g = lik.scoreFunctionGradient(pairs, x: x, policy: policy)
            for i in 0..<6 { sum[i] += g[i]; sq[i] += g[i] * g[i] }
        }
        for i in 0..<6 {
            let mean = sum[i] / Double(batches)
            let se = ((sq[i] / Double(batches) - mean * mean) / Double(batches)).squareRoot()
            XCTAssertLessThanOrEqual(abs(mean - exact[i]), 5 * se + 1e-9, "coordinate \(i): \(mean) vs exact \(exact[i]) (se \(se))")
        }
        XCTAssertGreaterThan(exact.map(abs).max()!, 1e-2)
    }

    func testHeldOutAccuracyOfTheTrueRewardIsOneAndOfZeroIsOneHalf() throws {
        let g = RLHFGridworld()
        let mdp = try g.mdp()
        var rng = SeededGenerator(seed: 3)
        let pi = Policy.uniform(stateCount: 25, actionCount: 4)
        let pairs = (0..<200).map { _ in (mdp.sampleSegment(policy: pi, length: 10, rng: &rng),
                                           mdp.sampleSegment(policy: pi, length: 10, rng: &rng)) }
        let held = HeldOutPreferences(pairs: pairs, trueReward: g.trueReward, actionCount: 4)
        XCTAssertGreaterThan(held.pairs.count, 50)
        XCTAssertEqual(held.accuracy(reward: g.trueReward), 1)
        XCTAssertEqual(held.accuracy(reward: [Double](repeating: 0, count: 100)), 0.5)
        XCTAssertEqual(held.accuracy(reward: g.trueReward.map { -$0 }), 0)
    }
}

extension RLHFTests {
    func testDatasetGradientEqualsTheLikelihoodGradient() throws {
        let g = RLHFGridworld()
        let mdp = try g.mdp()
        let model = try g.rewardModel()
        let lik = PreferenceLikelihood(rewardModel: model, actionCount: 4)
        var rng = SeededGenerator(seed: 12)
        let pairs = PreferenceOracle(trueReward: g.trueReward, actionCount: 4)
            .query(count: 30, mdp: mdp, policy: .uniform(stateCount: 25, actionCount: 4), length: 10, rng: &rng)
        var data = PreferenceDataset(rewardModel: model, actionCount: 4)
        data.append(Array(pairs[0..<10])); data.append(Array(pairs[10...]))
        let x = (0..<100).map { _ in rng.normal() }
        let a = data.gradient(at: x)
        let b = lik.gradientX(pairs, x: x)
        for i in 0..<100 { XCTAssertEqual(a[i], b[i], accuracy: 1e-12) }
    }
}
