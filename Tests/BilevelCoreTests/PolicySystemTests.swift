import XCTest
import BilevelCore
import Environments

/// `PolicySystem`: evaluations refined from the factorization of a nearby policy (or nearby
/// dynamics) agree with direct LU evaluations to rounding, and refinement gives up (falling back
/// to an LU of the matrix itself) when the preconditioner is poor.
final class PolicySystemTests: XCTestCase {
    let n = 120, m = 4

    func garnet(seed: UInt64 = 3, gamma: Double = 0.9) throws -> TabularMDP {
        try Garnet.mdp(states: n, actions: m, branching: 5, gamma: gamma, tau: 0.1, seed: seed)
    }

    func policy(_ y: [Double]) -> Policy { Policy.softmax(logits: y, stateCount: n, actionCount: m) }

    /// `|b - A v|_inf` for `A = I - C P_pi`, computed independently of `PolicySystem`.
    func residual(_ ev: PolicyEvaluation) -> Double {
        let mdp = ev.mdp
        let pv = mdp.expectation(of: ev.values)
        var worst = 0.0
        for s in 0..<n {
            var rhs = 0.0, pvs = 0.0
            for a in 0..<m {
                let p = ev.policy[s, a]
                rhs += p * (mdp.r(s, a) - ev.tau * log(p))
                pvs += p * pv[s * m + a]
            }
            worst = max(worst, abs(rhs - (ev.values[s] - mdp.continuation[s] * pvs)))
        }
        return worst
    }

    func testRefinedEvaluationOfANearbyPolicyMatchesTheDirectOne() throws {
        let mdp = try garnet()
        var rng = SeededGenerator(seed: 11)
        let y = randomVector(n * m, &rng)
        let yNear = y.map { $0 + 1e-4 * rng.normal() }
        let base = PolicyEvaluation(mdp: mdp, policy: policy(y))
        XCTAssertTrue(base.system.isExact)
        // solves: 1 -> a budget of ~9 steps at n = 120 (4 solves would leave 2 each).
        let refined = PolicyEvaluation(mdp: mdp, policy: policy(yNear), preconditioner: base.system, guess: base.values, solves: 1)
        let direct = PolicyEvaluation(mdp: mdp, policy: policy(yNear))
        XCTAssertFalse(refined.system.isExact, "a policy 1e-4 away must be evaluated by refinement")
        XCTAssertGreaterThan(refined.system.refinementSteps, 0)
        assertClose(refined.values, direct.values, tol: 1e-13, "V")
        assertClose(refined.qValues, direct.qValues, tol: 1e-13, "Q")
        assertClose(refined.occupancy, direct.occupancy, tol: 1e-13, "occupancy")
        let w = randomVector(n, &rng)
        assertClose(refined.occupancy(from: w), direct.occupancy(from: w), tol: 1e-12, "A^-T w")
        // Backward error at the level of a direct solve (|A| <= 2, |V| ~ 10).
        XCTAssertLessThanOrEqual(residual(refined), 1e-13)
        XCTAssertLessThanOrEqual(residual(direct), 1e-13)
    }

    func testRefinementAcrossNearbyDynamics() throws {
        // x enters the transitions (Stackelberg): the preconditioner is a factorization for
        // another P. P' = (1 - eps) P + eps P2 with eps = 1e-3.
        let mdp = try garnet(seed: 3)
        let other = try garnet(seed: 4)
        let eps = 1e-3
        let mixed = try TabularMDP(stateCount: n, actionCount: m,
                                   transitions: zip(mdp.transitions, other.transitions).map { (1 - eps) * $0 + eps * $1 },
                                   rewards: mdp.rewards, gamma: mdp.gamma, tau: mdp.tau,
                                   initialDistribution: mdp.initialDistribution)
        var rng = SeededGenerator(seed: 12)
        let pi = policy(randomVector(n * m, &rng))
        let base = PolicyEvaluation(mdp: mdp, policy: pi)
        let refined = PolicyEvaluation(mdp: mixed, policy: pi, preconditioner: base.system, solves: 1)
        let direct = PolicyEvaluation(mdp: mixed, policy: pi)
        XCTAssertFalse(refined.system.isExact)
        assertClose(refined.values, direct.values, tol: 1e-13, "V")
        assertClose(refined.occupancy, direct.occupancy, tol: 1e-13, "occupancy")
    }

    func testPoorPreconditionerFallsBackToAnExactFactorization() throws {
        let mdp = try garnet()
        var rng = SeededGenerator(seed: 13)
        let uniform = PolicyEvaluation(mdp: mdp, policy: .uniform(stateCount: n, actionCount: m))
        // A far, nearly deterministic policy: refinement from the uniform policy's LU would
        // contract slowly, so the evaluation factorizes its own matrix.
        let peaked = policy(randomVector(n * m, &rng, scale: 8))
        let ev = PolicyEvaluation(mdp: mdp, policy: peaked, preconditioner: uniform.system, solves: 1)
        XCTAssertTrue(ev.system.isExact)
        let direct = PolicyEvaluation(mdp: mdp, policy: peaked)
        XCTAssertEqual(ev.values, direct.values, "the fallback is the direct evaluation, bit for bit")
    }

    func testSmallSystemsAreNeverRefined() throws {
        // At n = 6 a factorization costs less than two refinement steps.
        let small = try Garnet.mdp(states: 6, actions: 3, branching: 3, gamma: 0.9, tau: 0.1, seed: 1)
        let pi = Policy.uniform(stateCount: 6, actionCount: 3)
        let base = PolicyEvaluation(mdp: small, policy: pi)
        let again = PolicyEvaluation(mdp: small, policy: pi, preconditioner: base.system)
        XCTAssertTrue(again.system.isExact)
    }

    func testRefinedEvaluationsAreDeterministic() throws {
        let mdp = try garnet()
        var rng = SeededGenerator(seed: 14)
        let y = randomVector(n * m, &rng)
        let yNear = y.map { $0 + 1e-3 * rng.normal() }
        let base = PolicyEvaluation(mdp: mdp, policy: policy(y))
        let a = PolicyEvaluation(mdp: mdp, policy: policy(yNear), preconditioner: base.system, solves: 1)
        XCTAssertFalse(a.system.isExact)
        mdp.sparseTransitions.removeCachedFactorizations()
        let b = PolicyEvaluation(mdp: mdp, policy: policy(yNear), preconditioner: base.system, solves: 1)
        XCTAssertEqual(a.values, b.values)
        XCTAssertEqual(a.occupancy, b.occupancy)
    }

    func testWarmStartedSoftOptimumAndItsEvaluation() throws {
        let mdp = try garnet()
        var rng = SeededGenerator(seed: 15)
        let cold = mdp.softOptimum(tolerance: 1e-11)
        // The same MDP with slightly different rewards (one outer step of a reward designer).
        let shifted = try mdp.with(rewards: mdp.rewards.map { $0 + 1e-3 * rng.normal() })
        let reference = shifted.softOptimum(tolerance: 1e-11)
        let warm = shifted.softOptimum(tolerance: 1e-11, warmPolicy: cold.policy,
                                       warmSystem: PolicyEvaluation(mdp: mdp, optimum: cold).system)
        assertClose(warm.values, reference.values, tol: 1e-10, "V* warm vs cold")
        // pi* evaluated from the last soft-PI factorization equals its direct evaluation.
        let best = PolicyEvaluation(mdp: shifted, optimum: warm)
        let direct = PolicyEvaluation(mdp: shifted, policy: warm.policy)
        assertClose(best.values, direct.values, tol: 1e-13, "V^pi*")
        assertClose(best.occupancy, direct.occupancy, tol: 1e-13, "d^pi*")
        // V^pi* = V* up to the solve tolerance (soft Bellman consistency).
        assertClose(best.values, warm.values, tol: 1e-9, "V^pi* vs V*")
    }

    func testSoftOptimumOfANearbyMDPIsRefinedFromTheWarmFactorization() throws {
        // A reward step of 1e-7: every policy iterate and pi* are within ~1e-7 of the warm
        // policy, so refinement converges in a few steps and no factorization is needed.
        let mdp = try garnet()
        var rng = SeededGenerator(seed: 17)
        let cold = mdp.softOptimum(tolerance: 1e-11)
        // The factorization of pi* itself (the optimizer keeps the last best response's system;
        // a system refined from an older factorization would make refinement take longer).
        let warmSystem = PolicyEvaluation(mdp: mdp, policy: cold.policy).system
        let shifted = try mdp.with(rewards: mdp.rewards.map { $0 + 1e-7 * rng.normal() })
        let warm = shifted.softOptimum(tolerance: 1e-11, warmPolicy: cold.policy, warmSystem: warmSystem)
        XCTAssertEqual(warm.system?.isExact, false)
        let best = PolicyEvaluation(mdp: shifted, optimum: warm)
        XCTAssertFalse(best.system.isExact, "pi* is evaluated by refinement")
        let direct = PolicyEvaluation(mdp: shifted, policy: warm.policy)
        assertClose(best.values, direct.values, tol: 1e-13, "V^pi*")
        assertClose(best.occupancy, direct.occupancy, tol: 1e-13, "d^pi*")
        assertClose(warm.values, shifted.softOptimum(tolerance: 1e-11).values, tol: 1e-10, "V* warm vs cold")
    }

    /// Whatever the distance between the preconditioner's policy and the evaluated one (1e-9 to
    /// unrelated), and for gamma up to 0.99, small tau and terminal states, the evaluation
    /// (refined or fallen back) agrees with the direct one: values, Q, occupancy, A^-T w.
    func testRefinedOrNotEvaluationsAgreeWithDirectOnesAcrossDistances() throws {
        var rng = SeededGenerator(seed: 21)
        var refinedCount = 0, cases = 0
        for (size, gamma, tau) in [(40, 0.9, 0.1), (90, 0.99, 0.01), (120, 0.95, 0.5)] {
            let g = try Garnet.mdp(states: size, actions: 3, branching: 4, gamma: gamma, tau: tau, seed: UInt64(size))
            // Every fifth state terminal (zero continuation).
            let mdp = try TabularMDP(stateCount: size, actionCount: 3, transitions: g.transitions, rewards: g.rewards,
                                     gamma: gamma, tau: tau, initialDistribution: g.initialDistribution,
                                     terminal: (0..<size).map { $0 % 5 == 4 })
            let y = randomVector(size * 3, &rng, scale: 2)
            let base = PolicyEvaluation(mdp: mdp, policy: Policy.softmax(logits: y, stateCount: size, actionCount: 3))
            for distance in [1e-9, 1e-6, 1e-3, 1e-1, 3.0] {
                let near = Policy.softmax(logits: y.map { $0 + distance * rng.normal() }, stateCount: size, actionCount: 3)
                for solves in [1, 4] {
                    let ev = PolicyEvaluation(mdp: mdp, policy: near, preconditioner: base.system, solves: solves)
                    let direct = PolicyEvaluation(mdp: mdp, policy: near)
                    let label = "n = \(size), gamma = \(gamma), distance \(distance), solves \(solves)"
                    // Tolerances relative to max(1, |value|); values reach 1/(1 - gamma) = 100.
                    assertClose(ev.values, direct.values, tol: 1e-12, "V, " + label)
                    assertClose(ev.qValues, direct.qValues, tol: 1e-12, "Q, " + label)
                    assertClose(ev.occupancy, direct.occupancy, tol: 1e-12, "d, " + label)
                    let w = randomVector(size, &rng)
                    assertClose(ev.occupancy(from: w), direct.occupancy(from: w), tol: 1e-11, "A^-T w, " + label)
                    if !ev.system.isExact { refinedCount += 1 }
                    cases += 1
                }
            }
        }
        // The sweep exercises both paths: close policies are refined, far ones fall back.
        XCTAssertGreaterThan(refinedCount, 0)
        XCTAssertLessThan(refinedCount, cases)
    }

    func testReevaluationUnderAnotherRewardReusesTheSystem() throws {
        let mdp = try garnet()
        var rng = SeededGenerator(seed: 16)
        let y = randomVector(n * m, &rng)
        let base = PolicyEvaluation(mdp: mdp, policy: policy(y))
        let near = PolicyEvaluation(mdp: mdp, policy: policy(y.map { $0 + 1e-6 * rng.normal() }), preconditioner: base.system)
        XCTAssertFalse(near.system.isExact)
        let leader = try mdp.with(rewards: (0..<(n * m)).map { _ in rng.uniform() })
        let re = near.reevaluated(in: leader, tau: 0)
        let direct = PolicyEvaluation(mdp: leader, policy: near.policy, tau: 0)
        assertClose(re.values, direct.values, tol: 1e-13, "leader V")
        assertClose(re.occupancy, direct.occupancy, tol: 1e-13, "leader d")
    }
}
