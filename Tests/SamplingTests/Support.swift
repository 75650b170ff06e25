import XCTest
import BilevelCore
import Environments
import Sampling

/// Mean and standard error per coordinate of `M` independent estimates.
func meanAndStandardError(_ samples: [[Double]]) -> (mean: [Double], se: [Double]) {
    let M = Double(samples.count), k = samples[0].count
    var mean = [Double](repeating: 0, count: k), se = [Double](repeating: 0, count: k)
    for s in samples { for i in 0..<k { mean[i] += s[i] / M } }
    for s in samples { for i in 0..<k { se[i] += (s[i] - mean[i]) * (s[i] - mean[i]) } }
    for i in 0..<k { se[i] = (se[i] / (M - 1) / M).squareRoot() }
    return (mean, se)
}

/// The unbiasedness check of the developers' guide: every coordinate of the mean of M batches
/// within `z` standard errors (plus a stated deterministic bias `bias`) of the exact value.
func assertUnbiased(_ samples: [[Double]], exact: [Double], z: Double = 4, bias: Double = 0, _ what: String,
                    file: StaticString = #filePath, line: UInt = #line) {
    let (mean, se) = meanAndStandardError(samples)
    XCTAssertEqual(mean.count, exact.count, what, file: file, line: line)
    var worst = 0.0, at = 0
    for i in 0..<exact.count {
        let allowed = z * se[i] + bias + 1e-12
        let r = abs(mean[i] - exact[i]) / allowed
        if r > worst { worst = r; at = i }
    }
    XCTAssertLessThanOrEqual(worst, 1, "\(what): coordinate \(at): mean \(mean[at]) vs exact \(exact[at]), se \(se[at]), bias allowance \(bias)",
                             file: file, line: line)
    // The check must be able to fail: the standard errors are small against the signal.
    let signal = exact.map(abs).max() ?? 0
    if signal > 0 { XCTAssertLessThan(se.max()!, signal / 3, "\(what): too few samples for a meaningful test", file: file, line: line) }
}

/// The E5-like Garnet with reward features: `r_x = r0 + Phi x` (3 features), 5 states, 3 actions.
func featureGarnet(seed: UInt64 = 3, gamma: Double = 0.8, tau: Double = 0.5) throws -> (LinearRewardMDP, x: [Double], upper: [Double]) {
    var rng = SeededGenerator(seed: seed, stream: 77)
    let n = 5, m = 3, d = 3
    let base = try Garnet.mdp(states: n, actions: m, branching: 3, gamma: gamma, tau: tau, seed: seed)
    let phi = (0..<(n * m * d)).map { _ in rng.normal() }
    let lower = LinearRewardMDP(base: base, features: phi, featureCount: d, offset: (0..<(n * m)).map { _ in 0.3 * rng.normal() })
    let x = (0..<d).map { _ in rng.normal() }
    let rU = (0..<(n * m)).map { _ in rng.uniform() }
    return (lower, x, rU)
}

func randomPolicy(_ n: Int, _ m: Int, seed: UInt64, scale: Double = 1) -> Policy {
    var rng = SeededGenerator(seed: seed, stream: 5)
    return Policy.softmax(logits: (0..<(n * m)).map { _ in scale * rng.normal() }, stateCount: n, actionCount: m)
}
