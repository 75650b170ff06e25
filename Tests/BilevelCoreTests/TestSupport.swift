import XCTest
import BilevelCore
import Environments

/// Central finite difference of a scalar function along each coordinate.
func finiteDifference(_ f: ([Double]) throws -> Double, at x: [Double], step h: Double = 1e-5) rethrows -> [Double] {
    var g = [Double](repeating: 0, count: x.count)
    for i in 0..<x.count {
        var xp = x, xm = x
        xp[i] += h; xm[i] -= h
        g[i] = (try f(xp) - f(xm)) / (2 * h)
    }
    return g
}

func assertClose(_ a: [Double], _ b: [Double], tol: Double, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "length mismatch \(message)", file: file, line: line)
    var worst = 0.0, at = -1
    for i in 0..<min(a.count, b.count) {
        let e = abs(a[i] - b[i]) / max(1, abs(b[i]))
        if e > worst { worst = e; at = i }
    }
    XCTAssertLessThanOrEqual(worst, tol, "\(message): worst error \(worst) at index \(at): \(at >= 0 ? a[at] : .nan) vs \(at >= 0 ? b[at] : .nan)", file: file, line: line)
}

func randomVector(_ k: Int, _ rng: inout SeededGenerator, scale: Double = 1) -> [Double] {
    (0..<k).map { _ in scale * rng.normal() }
}

/// A random Garnet-based problem with a linear reward model `r_x = r0 + Phi x` (3 features)
/// and upper objective `-V_U + 0.5 |x|^2` (the E5 setup, with n and m chosen by the test).
func linearRewardProblem(n: Int = 6, m: Int = 3, d: Int = 3, gamma: Double = 0.8, tau: Double = 0.5, seed: UInt64 = 1) throws -> (BilevelProblem, LinearRewardMDP) {
    var rng = SeededGenerator(seed: seed)
    let base = try Garnet.mdp(states: n, actions: m, branching: 3, gamma: gamma, tau: tau, seed: seed)
    let phi = randomVector(n * m * d, &rng)
    let lower = LinearRewardMDP(base: base, features: phi, featureCount: d, offset: randomVector(n * m, &rng, scale: 0.3))
    let upperReward = FixedReward((0..<(n * m)).map { _ in rng.uniform() }, parameterCount: d)
    let upper = NegativeUpperValue(reward: upperReward, dynamics: lower, regularization: 1.0)
    return (BilevelProblem(lower: lower, upper: upper), lower)
}

/// A random general-sum Stackelberg game: the follower's MDP depends on x through its reward
/// and its transitions.
func randomGame(n: Int = 5, mL: Int = 3, mF: Int = 3, gamma: Double = 0.85, tau: Double = 0.3, seed: UInt64 = 2) throws -> StackelbergGame {
    var rng = SeededGenerator(seed: seed)
    let P = Garnet.transitions(states: n, actions: mL * mF, branching: 3, rng: &rng)
    let rL = (0..<(n * mL * mF)).map { _ in rng.uniform() }
    let rF = (0..<(n * mL * mF)).map { _ in rng.uniform() }
    return try StackelbergGame(stateCount: n, leaderActionCount: mL, followerActionCount: mF, transitions: P,
                               leaderReward: rL, followerReward: rF, gamma: gamma, tau: tau,
                               initialDistribution: [Double](repeating: 1.0 / Double(n), count: n))
}
