import XCTest
import Foundation
import BilevelCore
import Environments

/// The identities of docs/math.md sections 1 and 3.
final class IdentityTests: XCTestCase {
    func testSoftBellmanFixedPointAndSolversAgree() throws {
        for tau in [1.0, 0.1, 1e-3] {
            let mdp = try Garnet.mdp(states: 8, actions: 4, branching: 3, gamma: 0.95, tau: tau, seed: 3)
            let pi = mdp.softOptimum(solver: .policyIteration, tolerance: 1e-12)
            let vi = mdp.softOptimum(solver: .valueIteration, tolerance: 1e-12)
            let tv = mdp.softBellman(pi.values)
            assertClose(tv, pi.values, tol: 1e-10, "T V* = V* (tau \(tau))")
            assertClose(vi.values, pi.values, tol: 1e-9, "VI and PI agree (tau \(tau))")
            // V* is the value of pi*: the regularized evaluation of the soft-greedy policy.
            assertClose(PolicyEvaluation(mdp: mdp, policy: pi.policy).values, pi.values, tol: 1e-10, "V^{pi*} = V*")
            XCTAssertLessThan(pi.iterations, 60, "policy iteration should converge in few steps")
        }
    }

    func testWarmStartReducesIterations() throws {
        let mdp = try Garnet.mdp(states: 10, actions: 3, branching: 3, gamma: 0.9, tau: 0.2, seed: 4)
        let cold = mdp.softOptimum(solver: .valueIteration, tolerance: 1e-10)
        let warm = mdp.softOptimum(solver: .valueIteration, tolerance: 1e-10, warmStart: cold.values)
        XCTAssertLessThanOrEqual(warm.iterations, 2)
        XCTAssertGreaterThan(cold.iterations, 50)
    }

    func testOccupancySumsToHorizon() throws {
        let mdp = try Garnet.mdp(states: 7, actions: 3, branching: 3, gamma: 0.9, tau: 0.5, seed: 5)
        let ev = PolicyEvaluation(mdp: mdp, policy: .uniform(stateCount: 7, actionCount: 3))
        XCTAssertEqual(ev.occupancy.reduce(0, +), 10, accuracy: 1e-10)
        XCTAssertTrue(ev.occupancy.allSatisfy { $0 >= 0 })
    }

    /// `p = tau sum_s d^pi(s) KL(pi || pi*)`, `g = tau sum_s rho KL(pi || softmax(Q^pi/tau))`,
    /// `0 <= g <= p <= max_s(d*/rho) g`, on random policies of random MDPs.
    func testPenaltyIdentitiesAndBounds() throws {
        for seed in UInt64(0)..<5 {
            let (problem, lower) = try linearRewardProblem(n: 6, m: 3, seed: 100 + seed)
            var rng = SeededGenerator(seed: seed)
            let x = randomVector(3, &rng)
            let mdp = try lower.mdp(at: x)
            let opt = mdp.softOptimum()
            let best = PolicyEvaluation(mdp: mdp, policy: opt.policy)
            let dStar = best.occupancy
            let C = (0..<6).map { dStar[$0] / mdp.initialDistribution[$0] }.max()!
            for _ in 0..<10 {
                let pi = Policy.softmax(logits: randomVector(18, &rng, scale: 2), stateCount: 6, actionCount: 3)
                let ev = PolicyEvaluation(mdp: mdp, policy: pi)
                let p = problem.valuePenalty(x: x, follower: ev, best: best).value
                let g = problem.bellmanPenalty(x: x, follower: ev).value
                let klForm = mdp.tau * zip(ev.occupancy, pi.klDivergence(to: opt.policy)).reduce(0) { $0 + $1.0 * $1.1 }
                XCTAssertEqual(p, klForm, accuracy: 1e-10, "soft performance difference")
                let sigma = mdp.softGreedy(ev.qValues)
                let gKL = mdp.tau * zip(mdp.initialDistribution, pi.klDivergence(to: sigma)).reduce(0) { $0 + $1.0 * $1.1 }
                XCTAssertEqual(g, gKL, accuracy: 1e-10, "KL form of the Bellman penalty")
                XCTAssertGreaterThanOrEqual(g, -1e-12)
                XCTAssertLessThanOrEqual(g, p + 1e-12, "g <= p")
                XCTAssertLessThanOrEqual(p, C * g + 1e-10, "p <= C g")
            }
            // Both penalties vanish at the soft-optimal policy.
            XCTAssertEqual(problem.valuePenalty(x: x, follower: best, best: best).value, 0, accuracy: 1e-12)
            XCTAssertEqual(problem.bellmanPenalty(x: x, follower: best).value, 0, accuracy: 1e-10)
        }
    }
}
