import XCTest
import Algorithms
import BilevelCore
import Environments
import Lab
@testable import scaling

/// E6 and the performance paths of the core it measures: the LAPACK backend and the memo of
/// factorizations must give the numbers of the plain path (exactness), and the quick profile's
/// computation must produce deterministic records with positive timings.
final class ScalingTests: XCTestCase {
    /// The quick profile's settings (experiments/scaling/configs/quick.yaml).
    let quick = ScalingConfig(sizes: [8, 16, 32, 48], actions: 4, branching: 5, gamma: 0.9, tau: 0.1, lambda: 10,
                              tolerance: 1e-10, warmupSteps: 1, timedSteps: 3, fitFrom: 16)

    func testQuickJobIsDeterministicApartFromTimings() throws {
        let job = Job(method: "pbrl-value", seed: 0)
        let a = try runScalingJob(job, config: quick), b = try runScalingJob(job, config: quick)
        XCTAssertTrue(a.labels.isEmpty, "timings are measurements, not labels: \(a.labels)")
        XCTAssertEqual(a.series["n"], [8, 16, 32, 48])
        for key in ["grad_norm_x", "grad_norm_y", "x_norm"] {
            let s = try XCTUnwrap(a.series[key])
            XCTAssertEqual(s.count, 4)
            XCTAssertEqual(s.map(\.bitPattern), b.series[key]!.map(\.bitPattern), "\(key) must not depend on timing")
            XCTAssertTrue(s.allSatisfy { $0.isFinite && $0 > 0 }, key)
        }
        for n in quick.sizes {
            for key in [Measured.perIteration(n), Measured.evaluation(n)] {
                let t = try XCTUnwrap(a.measurements[key]?.first, key)
                XCTAssertTrue(t > 0 && t < 10, "\(key) = \(t) s")
            }
            XCTAssertEqual(a.measurements[Measured.steps(n)]?.count, quick.timedSteps)
        }
    }

    func testFittedExponentRecoversAPowerLaw() {
        let n = [100.0, 300, 1000]
        XCTAssertEqual(fittedExponent(x: n, y: n.map { 3e-9 * pow($0, 2.5) }), 2.5, accuracy: 1e-12)
        XCTAssertEqual(fittedExponent(x: n, y: n.map { 7 * pow($0, -1) }), -1, accuracy: 1e-12)
    }

    /// LAPACK (OpenBLAS) and the hand-written loops solve `A x = b` and `A^T x = b` for the
    /// matrices of policy evaluation to the same accuracy (residuals ~ 1e-15).
    func testLapackAndNativeBackendsAgree() throws {
        for n in [5, 40, 120] {
            let g = try GarnetBilevel(states: n, seed: 3)
            let pi = Policy.softmax(logits: g.y0, stateCount: n, actionCount: 4)
            var a = [Double](repeating: 0, count: n * n)
            for s in 0..<n {
                a[s * n + s] = 1
                for act in 0..<4 { for t in g.mdp.successors[s * 4 + act] { a[s * n + t] -= 0.9 * pi[s, act] * g.mdp.p(s, act, t) } }
            }
            var rng = SeededGenerator(seed: 9)
            let b = (0..<n).map { _ in rng.normal() }
            let native = try LUFactorization(a, n: n, backend: .native)
            let lapack = try LUFactorization(a, n: n, backend: .lapack)
            XCTAssertEqual(lapack.backend, .lapack)
            for transposed in [false, true] {
                let xs = [native, lapack].map { transposed ? $0.solveTransposed(b) : $0.solve(b) }
                for x in xs {
                    var residual = 0.0
                    for i in 0..<n {
                        var acc = -b[i]
                        for j in 0..<n { acc += (transposed ? a[j * n + i] : a[i * n + j]) * x[j] }
                        residual = max(residual, abs(acc))
                    }
                    XCTAssertLessThan(residual, 1e-13, "n = \(n), transposed = \(transposed)")
                }
                for i in 0..<n { XCTAssertEqual(xs[0][i], xs[1][i], accuracy: 1e-13) }
            }
        }
        XCTAssertThrowsError(try LUFactorization([1, 2, 2, 4], n: 2, backend: .lapack))
    }

    /// A memoized factorization gives bit-identical numbers to a fresh one: the leader's
    /// evaluation on a derived MDP (shared dynamics, cache hit) equals the evaluation on an
    /// independently built MDP with the same numbers (its own, empty memo).
    func testFactorizationMemoIsTransparent() throws {
        let n = 50
        let g = try GarnetBilevel(states: n, seed: 4)
        let pi = Policy.softmax(logits: g.y0, stateCount: n, actionCount: 4)
        _ = PolicyEvaluation(mdp: g.mdp, policy: pi)                     // fills the memo
        let derived = try g.mdp.with(rewards: g.upperReward)            // shares it
        let fresh = try TabularMDP(stateCount: n, actionCount: 4, transitions: g.mdp.transitions, rewards: g.upperReward,
                                   gamma: 0.9, tau: 0.1, initialDistribution: g.mdp.initialDistribution)
        XCTAssertTrue(derived.sparseTransitions === g.mdp.sparseTransitions)
        XCTAssertFalse(fresh.sparseTransitions === g.mdp.sparseTransitions)
        for tau in [0.0, 0.1] {
            let hit = PolicyEvaluation(mdp: derived, policy: pi, tau: tau)
            let miss = PolicyEvaluation(mdp: fresh, policy: pi, tau: tau)
            XCTAssertEqual(hit.values.map(\.bitPattern), miss.values.map(\.bitPattern))
            XCTAssertEqual(hit.occupancy.map(\.bitPattern), miss.occupancy.map(\.bitPattern))
        }
    }

    /// The exact hypergradient of the benchmark problem against central finite differences of
    /// F(x) at n = 40 (LAPACK path, tabular reward): h = 1e-5, tolerance 1e-6 relative.
    func testHypergradientAtLapackSizeMatchesFiniteDifferences() throws {
        let g = try GarnetBilevel(states: 40, seed: 5)
        let problem = g.problem
        let x = g.x0
        let best = PolicyEvaluation(mdp: try problem.lower.mdp(at: x),
                                    policy: try problem.lower.mdp(at: x).softOptimum(tolerance: 1e-13).policy)
        let grad = problem.hypergradient(x: x, best: best).gradient
        let scale = max(1, grad.map(abs).max()!)
        for i in [0, 17, 81, 159] {
            var xp = x, xm = x
            xp[i] += 1e-5; xm[i] -= 1e-5
            let fd = (try problem.hyperObjective(x: xp, tolerance: 1e-13) - problem.hyperObjective(x: xm, tolerance: 1e-13)) / 2e-5
            XCTAssertEqual(grad[i], fd, accuracy: 1e-6 * scale, "dF/dx[\(i)]")
        }
    }

    /// Grid worlds are factorized as band matrices (LAPACK dgbtrf): on the Four Rooms MDP of E2
    /// the values and occupancy agree with the dense LU to 1e-12, and Garnet MDPs stay dense.
    func testBandedFactorizationOnFourRooms() throws {
        let env = try FourRoomsIncentive(tau: 0.005)
        let mdp = try env.mdp(at: [Double](repeating: 0, count: env.parameterCount))
        let n = mdp.stateCount, m = mdp.actionCount
        XCTAssertTrue(mdp.sparseTransitions.prefersBanded)
        XCTAssertFalse(try GarnetBilevel(states: 100, seed: 1).mdp.sparseTransitions.prefersBanded)
        var rng = SeededGenerator(seed: 11)
        let pi = Policy.softmax(logits: (0..<(n * m)).map { _ in 3 * rng.normal() }, stateCount: n, actionCount: m)
        let ev = PolicyEvaluation(mdp: mdp, policy: pi)
        XCTAssertEqual(ev.system.factorization.backend, .banded)
        var a = [Double](repeating: 0, count: n * n), b = [Double](repeating: 0, count: n)
        for s in 0..<n {
            a[s * n + s] = 1
            for act in 0..<m {
                let p = pi[s, act]
                b[s] += p * (mdp.r(s, act) - mdp.tau * log(p))
                for t in mdp.successors[s * m + act] { a[s * n + t] -= mdp.continuation[s] * p * mdp.p(s, act, t) }
            }
        }
        let dense = try LUFactorization(a, n: n, backend: .lapack)
        let banded = try LUFactorization(a, n: n, backend: .banded)
        XCTAssertEqual(banded.backend, .banded)
        let v = dense.solve(b), d = dense.solveTransposed(mdp.initialDistribution)
        let scale = max(1, v.map(abs).max()!), dScale = max(1, d.map(abs).max()!)
        for i in 0..<n {
            XCTAssertEqual(ev.values[i], v[i], accuracy: 1e-12 * scale)
            XCTAssertEqual(ev.occupancy[i], d[i], accuracy: 1e-12 * dScale)
            XCTAssertEqual(banded.solve(b)[i], v[i], accuracy: 1e-12 * scale)
        }
    }
}
