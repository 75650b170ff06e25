import XCTest
import BilevelCore
import Environments

/// Every gradient of docs/math.md section 4 against central finite differences (h = 1e-5; the
/// truncation error is O(h^2) ~ 1e-10 and roundoff ~ 1e-11 / h ~ 1e-6 relative at worst, so
/// the tolerance is 1e-6 relative to max(1, |g|)).
final class GradientTests: XCTestCase {
    let tol = 1e-6

    func testPolicyGradientInLogits() throws {
        let mdp = try Garnet.mdp(states: 6, actions: 3, branching: 3, gamma: 0.9, tau: 0.3, seed: 11)
        var rng = SeededGenerator(seed: 5)
        let y = randomVector(18, &rng)
        let w = randomVector(6, &rng)
        func value(_ y: [Double], _ w: [Double]) -> Double {
            let ev = PolicyEvaluation(mdp: mdp, policy: .softmax(logits: y, stateCount: 6, actionCount: 3))
            return zip(w, ev.values).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let ev = PolicyEvaluation(mdp: mdp, policy: .softmax(logits: y, stateCount: 6, actionCount: 3))
        assertClose(ev.logitGradient(), finiteDifference({ value($0, mdp.initialDistribution) }, at: y), tol: tol, "dV(rho)/dy")
        assertClose(ev.logitGradient(weights: w), finiteDifference({ value($0, w) }, at: y), tol: tol, "d(w^T V)/dy, signed w")
    }

    func testValueGradientInXRewardDependent() throws {
        let (problem, lower) = try linearRewardProblem()
        var rng = SeededGenerator(seed: 3)
        let x = randomVector(3, &rng), y = randomVector(18, &rng)
        let pi = Policy.softmax(logits: y, stateCount: 6, actionCount: 3)
        let ev = PolicyEvaluation(mdp: try lower.mdp(at: x), policy: pi)
        let fd = try finiteDifference({ PolicyEvaluation(mdp: try lower.mdp(at: $0), policy: pi).initialValue }, at: x)
        assertClose(problem.valueGradientX(x: x, evaluation: ev), fd, tol: tol, "dV/dx (reward)")
    }

    /// The tabular reward model (`Phi = I`, applied without materializing the identity).
    func testTabularRewardModelGradients() throws {
        let base = try Garnet.mdp(states: 5, actions: 3, branching: 3, gamma: 0.9, tau: 0.2, seed: 13)
        let lower = LinearRewardMDP(base: base)
        XCTAssertEqual(lower.parameterCount, 15)
        var rng = SeededGenerator(seed: 14)
        let x = randomVector(15, &rng)
        XCTAssertEqual(lower.reward(at: x), x)
        XCTAssertEqual(lower.features.count, 225)
        let upper = NegativeUpperValue(reward: FixedReward((0..<15).map { _ in rng.uniform() }, parameterCount: 15), dynamics: lower)
        let problem = BilevelProblem(lower: lower, upper: upper)
        let mdp = try lower.mdp(at: x)
        let best = PolicyEvaluation(mdp: mdp, policy: mdp.softOptimum(tolerance: 1e-14).policy)
        let fd = try finiteDifference({ try problem.hyperObjective(x: $0, tolerance: 1e-14) }, at: x)
        assertClose(problem.hypergradient(x: x, best: best).gradient, fd, tol: 1e-6, "tabular dF/dx")
    }

    func testValueGradientInXTransitionDependent() throws {
        let game = try randomGame()
        let problem = game.bilevelProblem
        var rng = SeededGenerator(seed: 4)
        let x = randomVector(15, &rng), y = randomVector(15, &rng)
        let pi = Policy.softmax(logits: y, stateCount: 5, actionCount: 3)
        let ev = PolicyEvaluation(mdp: try game.followerMDP.mdp(at: x), policy: pi)
        let fd = try finiteDifference({ PolicyEvaluation(mdp: try game.followerMDP.mdp(at: $0), policy: pi).initialValue }, at: x)
        assertClose(problem.valueGradientX(x: x, evaluation: ev), fd, tol: tol, "dV/dx (reward and transitions)")
    }

    func testUpperObjectiveGradients() throws {
        let game = try randomGame(seed: 9)
        let problem = game.bilevelProblem
        var rng = SeededGenerator(seed: 6)
        let x = randomVector(15, &rng), y = randomVector(15, &rng)
        let pi = Policy.softmax(logits: y, stateCount: 5, actionCount: 3)
        let mdp = try game.followerMDP.mdp(at: x)
        let up = problem.upper.evaluate(x: x, policy: pi, lower: mdp)
        let fdx = try finiteDifference({ problem.upper.value(x: $0, policy: pi, lower: try game.followerMDP.mdp(at: $0)) }, at: x)
        assertClose(up.gradX, fdx, tol: tol, "df/dx at fixed pi")
        let fdy = finiteDifference({ problem.upper.value(x: x, policy: .softmax(logits: $0, stateCount: 5, actionCount: 3), lower: mdp) }, at: y)
        assertClose(pi.logitGradient(fromPolicyGradient: up.gradPolicy), fdy, tol: tol, "df/dy through softmax")
        XCTAssertEqual(up.value, problem.upper.value(x: x, policy: pi, lower: mdp), accuracy: 1e-14)
    }

    /// Value and Bellman penalties in x and y, for both kinds of x-dependence.
    func testPenaltyGradients() throws {
        let game = try randomGame(seed: 21)
        let (linear, _) = try linearRewardProblem(seed: 22)
        for (name, problem, n, m) in [("stackelberg", game.bilevelProblem, 5, 3), ("linear reward", linear, 6, 3)] {
            var rng = SeededGenerator(seed: 7)
            let x = randomVector(problem.parameterCount, &rng), y = randomVector(n * m, &rng)
            func parts(_ x: [Double], _ y: [Double]) throws -> (PolicyEvaluation, PolicyEvaluation) {
                let mdp = try problem.lower.mdp(at: x)
                let best = PolicyEvaluation(mdp: mdp, policy: mdp.softOptimum(tolerance: 1e-14).policy)
                return (PolicyEvaluation(mdp: mdp, policy: .softmax(logits: y, stateCount: n, actionCount: m)), best)
            }
            let (ev, best) = try parts(x, y)
            let p = problem.valuePenalty(x: x, follower: ev, best: best)
            let g = problem.bellmanPenalty(x: x, follower: ev)
            let pOf: ([Double], [Double]) throws -> Double = { let (e, b) = try parts($0, $1); return problem.valuePenalty(x: $0, follower: e, best: b).value }
            let gOf: ([Double], [Double]) throws -> Double = { let (e, _) = try parts($0, $1); return problem.bellmanPenalty(x: $0, follower: e).value }
            assertClose(p.gradX, try finiteDifference({ try pOf($0, y) }, at: x), tol: tol, "\(name): dp/dx")
            assertClose(p.gradY, try finiteDifference({ try pOf(x, $0) }, at: y), tol: tol, "\(name): dp/dy")
            assertClose(g.gradX, try finiteDifference({ try gOf($0, y) }, at: x), tol: tol, "\(name): dg/dx")
            assertClose(g.gradY, try finiteDifference({ try gOf(x, $0) }, at: y), tol: tol, "\(name): dg/dy")
        }
    }

    func testHypergradient() throws {
        let game = try randomGame(seed: 31)
        let (linear, _) = try linearRewardProblem(seed: 32)
        for (name, problem) in [("stackelberg", game.bilevelProblem), ("linear reward", linear)] {
            var rng = SeededGenerator(seed: 8)
            let x = randomVector(problem.parameterCount, &rng)
            let mdp = try problem.lower.mdp(at: x)
            let best = PolicyEvaluation(mdp: mdp, policy: mdp.softOptimum(tolerance: 1e-14).policy)
            let (F, grad) = problem.hypergradient(x: x, best: best)
            XCTAssertEqual(F, try problem.hyperObjective(x: x), accuracy: 1e-11)
            let fd = try finiteDifference({ try problem.hyperObjective(x: $0, tolerance: 1e-14) }, at: x)
            assertClose(grad, fd, tol: tol, "\(name): dF/dx")
            // The naive gradient is a different vector on these problems (a test that it is
            // missing the best-response term, not a copy of the hypergradient).
            let naive = problem.naiveGradient(x: x, best: best).gradient
            XCTAssertGreaterThan(zip(naive, grad).map { abs($0 - $1) }.max()!, 1e-3, "\(name): naive equals exact")
        }
    }

    /// The hypergradient with a small temperature (tau = 0.05, as in the commitment game), where
    /// the 1/tau factor makes a wrong sign or scale obvious.
    func testHypergradientSmallTemperature() throws {
        let game = try randomGame(n: 4, mL: 2, mF: 3, gamma: 0.9, tau: 0.05, seed: 41)
        let problem = game.bilevelProblem
        var rng = SeededGenerator(seed: 10)
        let x = randomVector(8, &rng)
        let mdp = try problem.lower.mdp(at: x)
        let best = PolicyEvaluation(mdp: mdp, policy: mdp.softOptimum(tolerance: 1e-14).policy)
        let fd = try finiteDifference({ try problem.hyperObjective(x: $0, tolerance: 1e-14) }, at: x, step: 1e-6)
        assertClose(problem.hypergradient(x: x, best: best).gradient, fd, tol: 1e-5, "dF/dx, tau = 0.05")
    }
}
