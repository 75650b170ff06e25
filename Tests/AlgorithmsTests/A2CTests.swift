import XCTest
import Environments
import Neural
@testable import Algorithms

/// A contextual bandit as a vector environment: state s ~ rho shown one-hot, one action, reward
/// r(s, a), and every episode ends after its one step (a one-step tabular MDP).
struct BanditVector: VectorEnvironment {
    let rho: [Double]
    let reward: [[Double]]
    var states: [Int]
    var rng: SeededGenerator
    var count: Int { states.count }
    var observationCount: Int { rho.count }
    var actionCount: Int { reward[0].count }

    init(count: Int, rho: [Double], reward: [[Double]], seed: UInt64) {
        self.rho = rho
        self.reward = reward
        rng = SeededGenerator(seed: seed)
        states = []
        for _ in 0..<count { states.append(drawState()) }
    }

    mutating func drawState() -> Int {
        let u = rng.uniform()
        var c = 0.0
        for (s, p) in rho.enumerated() { c += p; if u < c { return s } }
        return rho.count - 1
    }

    func writeObservations(into out: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<count { for s in 0..<rho.count { out[i * rho.count + s] = s == states[i] ? 1 : 0 } }
    }

    mutating func step(_ actions: [Int]) -> VectorStep {
        let r = (0..<count).map { reward[states[$0]][actions[$0]] }
        for i in 0..<count { states[i] = drawState() }
        return VectorStep(rewards: r, done: [Bool](repeating: true, count: count), truncated: [Bool](repeating: false, count: count),
                          sticky: [Bool](repeating: false, count: count), finishedReturns: r)
    }
}

final class A2CTests: XCTestCase {
    let rho = [0.5, 0.3, 0.2]
    let reward: [[Double]] = [[1, 0, -0.5], [0, 2, 0.3], [-1, 0.5, 0.2]]

    func bandit(seed: UInt64, settings: A2CSettings) -> A2C<BanditVector> {
        var rng = SeededGenerator(seed: seed)
        var a2c = A2C(settings: settings, environment: BanditVector(count: settings.environments, rho: rho, reward: reward, seed: seed), rng: &rng)
        // A non-uniform policy: logits W e_s + b with W, b of order 1.
        for i in 0..<a2c.model.policy.parameterCount { a2c.model.policy.parameters[i] = rng.uniform(-1, 1) }
        return a2c
    }

    /// Exact gradient of J = sum_s rho(s) [sum_a pi(a|s) r(s,a) + c H(pi(.|s))] for the tabular
    /// softmax policy z_s = W e_s + b: dJ/dz_sj = rho(s) pi_j [(r_j - pi.r) - c (log pi_j + H)],
    /// dJ/dW[j][s] = dJ/dz_sj, dJ/db_j = sum_s dJ/dz_sj.
    func exactGradient(_ net: MLP, c: Double) -> [Double] {
        let n = rho.count, m = reward[0].count
        var g = [Double](repeating: 0, count: net.parameterCount)
        for s in 0..<n {
            var e = [Double](repeating: 0, count: n); e[s] = 1
            let lp = Softmax.logSoftmax(net(e, batch: 1), columns: m)
            let p = lp.map { exp($0) }
            let pr = zip(p, reward[s]).map(*).reduce(0, +)
            let h = -zip(p, lp).map(*).reduce(0, +)
            for j in 0..<m {
                let dz = rho[s] * p[j] * ((reward[s][j] - pr) - c * (lp[j] + h))
                g[j * n + s] += dz
                g[n * m + j] += dz
            }
        }
        return g
    }

    /// A2C's policy-gradient estimate (minus the policy-loss gradient) averaged over 400 rollouts
    /// of 16 x 5 one-step episodes equals the exact gradient within 4.5 standard errors per
    /// component (the value network is an arbitrary baseline: it changes the variance, not the mean).
    func testPolicyGradientMeanEqualsExactGradientOnOneStepMDP() {
        var s = A2CSettings()
        s.hidden = []
        s.entropyCoefficient = 0.3
        var a2c = bandit(seed: 4, settings: s)
        var rng = SeededGenerator(seed: 9)
        let exact = exactGradient(a2c.model.policy, c: s.entropyCoefficient)
        let reps = 400, d = exact.count
        var sum = [Double](repeating: 0, count: d), sumSq = sum
        for _ in 0..<reps {
            let r = a2c.collect(rng: &rng)
            let g = a2c.gradients(r, rewards: r.rewards).policy.map { -$0 }
            for i in 0..<d { sum[i] += g[i]; sumSq[i] += g[i] * g[i] }
        }
        for i in 0..<d {
            let mean = sum[i] / Double(reps)
            let se = ((sumSq[i] / Double(reps) - mean * mean) / Double(reps)).squareRoot()
            XCTAssertLessThan(abs(mean - exact[i]), 4.5 * se + 1e-12, "component \(i): A2C mean \(mean), exact \(exact[i]), se \(se)")
        }
        // The check has power: the exact gradient is far from zero in units of the standard error.
        XCTAssertGreaterThan(exact.map(abs).max()!, 0.1)
    }

    /// On the bandit A2C learns the best arm of every state (greedy return 0.5*1 + 0.3*2 + 0.2*0.5 = 1.2).
    func testA2CLearnsTheBandit() {
        var s = A2CSettings()
        s.hidden = [8]
        s.entropyCoefficient = 0.0
        s.learningRate = 0.01
        var a2c = bandit(seed: 1, settings: s)
        var rng = SeededGenerator(seed: 2)
        for _ in 0..<400 { a2c.iterate(rng: &rng) }
        for state in 0..<3 {
            var e = [0.0, 0, 0]; e[state] = 1
            let p = a2c.model.logProbabilities(e, batch: 1).map { exp($0) }
            let best = reward[state].indices.max { reward[state][$0] < reward[state][$1] }!
            XCTAssertGreaterThan(p[best], 0.9, "state \(state): \(p)")
        }
    }

    /// The gradients A2C computes are those of its loss at fixed advantages and returns
    /// (central finite differences, on a Breakout rollout with a small network).
    func testLossGradientsMatchFiniteDifferences() {
        var s = A2CSettings()
        s.environments = 3; s.steps = 4; s.hidden = [6]; s.activation = .tanh
        var rng = SeededGenerator(seed: 3)
        var a2c = A2C(settings: s, environment: BreakoutVector(count: 3, seed: 1), rng: &rng)
        for i in 0..<a2c.model.policy.parameterCount { a2c.model.policy.parameters[i] += rng.uniform(-0.3, 0.3) }
        let r = a2c.collect(rng: &rng)
        let rewards = (0..<r.count).map { _ in rng.uniform(-1, 1) }
        let (adv, returns) = a2c.advantages(r, rewards: rewards)
        let g = a2c.gradients(r, rewards: rewards, policyScale: 0.7)
        let b = Double(r.count)
        func policyLoss(_ p: [Double]) -> Double {
            var net = a2c.model.policy; net.parameters = p
            let lp = Softmax.logSoftmax(net(r.observations, batch: r.count), columns: 3)
            let h = Softmax.entropy(logProbabilities: lp, columns: 3)
            var total = 0.0
            for t in 0..<r.count {
                let nll: Double = -adv[t] * lp[t * 3 + r.actions[t]] / b
                total += nll - s.entropyCoefficient * h[t] / b
            }
            return 0.7 * total
        }
        func valueLoss(_ p: [Double]) -> Double {
            var net = a2c.model.value; net.parameters = p
            let v = net(r.observations, batch: r.count)
            var total = 0.0
            for t in 0..<r.count { total += (v[t] - returns[t]) * (v[t] - returns[t]) }
            return s.valueCoefficient * total / b
        }
        let cases: [(([Double]) -> Double, [Double], [Double])] = [(policyLoss, a2c.model.policy.parameters, g.policy),
                                                                   (valueLoss, a2c.model.value.parameters, g.value)]
        for (f, x, analytic) in cases {
            let h = 1e-5
            for i in stride(from: 0, to: x.count, by: 37) {
                var xp = x, xm = x
                xp[i] += h; xm[i] -= h
                let fd = (f(xp) - f(xm)) / (2 * h)
                XCTAssertEqual(analytic[i], fd, accuracy: 1e-8 + 1e-6 * abs(fd), "component \(i)")
            }
        }
    }

    /// Hand-worked returns: gamma 0.5, two steps, one environment, episode ends after step 0.
    func testAdvantagesByHand() {
        var s = A2CSettings()
        s.environments = 1; s.steps = 2; s.gamma = 0.5; s.hidden = []
        var rng = SeededGenerator(seed: 1)
        let a2c = A2C(settings: s, environment: BanditVector(count: 1, rho: rho, reward: reward, seed: 1), rng: &rng)
        var r = Rollout(steps: 2, environments: 1, observationCount: 3)
        r.values = [0.2, 0.4]; r.lastValues = [1.0]; r.dones = [true, false]
        let (adv, ret) = a2c.advantages(r, rewards: [1, 2])
        // Step 1: R = 2 + 0.5 * 1 = 2.5; step 0: done, R = 1.
        XCTAssertEqual(ret, [1, 2.5])
        XCTAssertEqual(adv[0], 0.8, accuracy: 1e-15)
        XCTAssertEqual(adv[1], 2.1, accuracy: 1e-15)
    }
}
