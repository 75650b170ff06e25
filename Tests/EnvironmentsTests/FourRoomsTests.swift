import XCTest
import BilevelCore
@testable import Environments

/// Four Rooms facts checkable by hand (docs/four-rooms.md), and the incentive gradients against
/// central finite differences.
final class FourRoomsTests: XCTestCase {
    let rooms = FourRooms()
    let slip = 0.44 / 3

    func testStateCountAndNumbering() {
        XCTAssertEqual(rooms.stateCount, 104)
        XCTAssertEqual(rooms.state(row: 1, column: 1), 0)
        XCTAssertEqual(rooms.state(row: 4, column: 1), 31)
        XCTAssertEqual(rooms.state(row: 1, column: 9), 7)
        XCTAssertEqual(rooms.state(row: 8, column: 4), 66)
        XCTAssertEqual(rooms.state(row: 11, column: 11), 103)
        XCTAssertNil(rooms.state(row: 0, column: 0))
        XCTAssertNil(rooms.state(row: 6, column: 1))   // wall next to the doorway (6,2)
        XCTAssertEqual(rooms.state(row: 6, column: 2), 51)  // first free cell of row 6
        for (s, c) in rooms.cells.enumerated() { XCTAssertEqual(rooms.state(c), s) }
        XCTAssertEqual(FourRooms.intendedProbability, 0.56, accuracy: 1e-15)
    }

    func testRowsSumToOneAndGoalAbsorbs() throws {
        for goal in FourRooms.goals.map({ rooms.state($0)! }) {
            let p = rooms.transitions(goal: goal)
            let n = 104
            for sa in 0..<(n * 4) {
                let sum = p[(sa * n)..<((sa + 1) * n)].reduce(0, +)
                XCTAssertEqual(sum, 1, accuracy: 1e-12, "row \(sa)")
                // At most 5 successors (4 moves + staying).
                XCTAssertLessThanOrEqual(p[(sa * n)..<((sa + 1) * n)].filter { $0 != 0 }.count, 5)
            }
            for a in 0..<4 { XCTAssertEqual(p[(goal * 4 + a) * n + goal], 1) }
        }
    }

    func testCornerAndDoorwayProbabilities() {
        let p = rooms.transitions(goal: 7)
        let n = 104
        func P(_ s: Int, _ a: Int, _ t: Int) -> Double { p[(s * 4 + a) * n + t] }
        let corner = 0, right = rooms.state(row: 1, column: 2)!, below = rooms.state(row: 2, column: 1)!
        // Up at (1,1): intended up and slip left both bump into walls.
        XCTAssertEqual(P(corner, 0, corner), 0.56 + slip, accuracy: 1e-15)
        XCTAssertEqual(P(corner, 0, right), slip, accuracy: 1e-15)
        XCTAssertEqual(P(corner, 0, below), slip, accuracy: 1e-15)
        // Right at (1,1): slips up and left stay put.
        XCTAssertEqual(P(corner, 1, corner), 2 * slip, accuracy: 1e-15)
        XCTAssertEqual(P(corner, 1, right), 0.56, accuracy: 1e-15)
        // Doorway (6,2): walls left and right.
        let door = rooms.state(row: 6, column: 2)!
        XCTAssertEqual(P(door, 2, rooms.state(row: 7, column: 2)!), 0.56, accuracy: 1e-15)
        XCTAssertEqual(P(door, 2, rooms.state(row: 5, column: 2)!), slip, accuracy: 1e-15)
        XCTAssertEqual(P(door, 2, door), 2 * slip, accuracy: 1e-15)
    }

    func testUnionMDPGoalIsTerminalAndRewardCollectedOnce() throws {
        let env = try FourRoomsIncentive(tau: 0.005)
        let mdp = try env.mdp(at: [Double](repeating: 0, count: 105))
        XCTAssertEqual(mdp.stateCount, 208)
        XCTAssertEqual(mdp.initialDistribution[31], 0.5)
        XCTAssertEqual(mdp.initialDistribution[104 + 31], 0.5)
        for k in 0..<2 {
            let g = env.unionState(context: k, state: env.goalStates[k])
            XCTAssertTrue(mdp.terminal[g])
            XCTAssertEqual(mdp.continuation[g], 0)
            // No transition leaves the context's block.
            for s in 0..<104 {
                for a in 0..<4 {
                    for t in mdp.successors[(env.unionState(context: k, state: s)) * 4 + a] {
                        XCTAssertEqual(t / 104, k)
                    }
                }
            }
        }
        let opt = mdp.softOptimum(tolerance: 1e-12)
        // At the goal: V* = tau log sum_a exp(1/tau) = 1 + tau log 4 (incentive(goal) = 0).
        XCTAssertEqual(opt.values[7], 1 + 0.005 * log(4.0), accuracy: 1e-12)
        XCTAssertEqual(opt.values[104 + 103], 1 + 0.005 * log(4.0), accuracy: 1e-12)
    }

    func testIncentiveSignSumAndGoalEntry() throws {
        let env = try FourRoomsIncentive(tau: 0.003)
        var rng = SeededGenerator(seed: 3)
        let w = (0..<105).map { _ in 2 * rng.normal() }
        let sigma = FourRoomsIncentive.softmax(w)
        let all = env.incentive(at: w)
        XCTAssertEqual(all.count, 104)
        XCTAssertTrue(all.allSatisfy { $0 <= 0 && $0 >= -0.2 })
        XCTAssertEqual(all.reduce(0, +), -0.2 * (1 - sigma[104]), accuracy: 1e-14)
        for k in 0..<2 {
            let inc = env.incentive(at: w, context: k)
            let g = env.goalStates[k]
            XCTAssertEqual(inc[g], 0)
            let sum = inc.reduce(0, +)
            XCTAssertLessThanOrEqual(sum, 0)
            XCTAssertGreaterThanOrEqual(sum, -0.2)
            XCTAssertEqual(env.incentiveCost(at: w, context: k), 0.2 * (1 - sigma[g] - sigma[104]), accuracy: 1e-14)
        }
        // Designer reward: 1 at the target in both contexts, -c * cost at each goal.
        let r = env.designerReward(cost: 3).reward(at: w)
        XCTAssertEqual(r[66 * 4 + 2], 1)
        XCTAssertEqual(r[(104 + 66) * 4], 1)
        XCTAssertEqual(r[7 * 4 + 1], -3 * env.incentiveCost(at: w, context: 0), accuracy: 1e-15)
        XCTAssertEqual(r[(104 + 103) * 4 + 3], -3 * env.incentiveCost(at: w, context: 1), accuracy: 1e-15)
    }

    /// Both pullbacks are vector-Jacobian products: compare with central differences of
    /// `W . r(w)` along every coordinate.
    func testRewardPullbacksMatchFiniteDifferences() throws {
        let env = try FourRoomsIncentive(tau: 0.003)
        var rng = SeededGenerator(seed: 5)
        let w = (0..<105).map { _ in rng.normal() }
        let weights = (0..<(208 * 4)).map { _ in rng.normal() }
        let designer = env.designerReward(cost: 5)
        let gFollower = env.pullback(at: w, rewardWeights: weights, transitionWeights: weights, values: [Double](repeating: 0, count: 208))
        let gDesigner = designer.pullback(at: w, weights: weights)
        let h = 1e-6
        func dotW(_ r: [Double]) -> Double { zip(r, weights).reduce(0) { $0 + $1.0 * $1.1 } }
        for j in [0, 7, 31, 66, 103, 104] {
            var wp = w, wm = w
            wp[j] += h; wm[j] -= h
            let fdF = (dotW(env.followerReward(at: wp)) - dotW(env.followerReward(at: wm))) / (2 * h)
            let fdD = (dotW(designer.reward(at: wp)) - dotW(designer.reward(at: wm))) / (2 * h)
            XCTAssertEqual(gFollower[j], fdF, accuracy: 1e-8, "follower coordinate \(j)")
            XCTAssertEqual(gDesigner[j], fdD, accuracy: 1e-8, "designer coordinate \(j)")
        }
    }

    /// The exact hypergradient of `f = -J` against central finite differences of `J(w)` on this
    /// environment (a few coordinates: the start, a goal, the target, a doorway, the unspent entry).
    func testHypergradientMatchesFiniteDifferencesOfJ() throws {
        let env = try FourRoomsIncentive(tau: 0.005)
        let problem = env.bilevelProblem(cost: 3)
        var rng = SeededGenerator(seed: 11)
        let w = (0..<105).map { _ in rng.normal() }
        let mdp = try env.mdp(at: w)
        let opt = mdp.softOptimum(tolerance: 1e-13)
        let best = PolicyEvaluation(mdp: mdp, policy: opt.policy)
        let (f, grad) = problem.hypergradient(x: w, best: best)
        XCTAssertEqual(-f, try env.designerObjective(at: w, cost: 3), accuracy: 1e-10)
        let h = 1e-5
        for j in [31, 7, 66, 51, 104] {
            var wp = w, wm = w
            wp[j] += h; wm[j] -= h
            let fd = -(try env.designerObjective(at: wp, cost: 3, tolerance: 1e-13)
                       - env.designerObjective(at: wm, cost: 3, tolerance: 1e-13)) / (2 * h)
            XCTAssertEqual(grad[j], fd, accuracy: 1e-6 * max(1, abs(fd)), "coordinate \(j)")
        }
        XCTAssertGreaterThan(grad.map(abs).max()!, 1e-4, "gradient should not vanish at a random w")
    }

    /// The designer's objective starts at (4,1) whatever the follower MDP's coverage; the
    /// coverage only changes rho (the penalties' weighting), never pi*.
    func testCoverageChangesRhoButNotJ() throws {
        let a = try FourRoomsIncentive(tau: 0.003, coverage: 0)
        let b = try FourRoomsIncentive(tau: 0.003, coverage: 0.5)
        var rng = SeededGenerator(seed: 2)
        let w = (0..<105).map { _ in rng.normal() }
        XCTAssertEqual(try a.designerObjective(at: w, cost: 3), try b.designerObjective(at: w, cost: 3), accuracy: 1e-10)
        let rho = try b.mdp(at: w).initialDistribution
        XCTAssertEqual(rho[31], 0.25 + 0.5 / 208, accuracy: 1e-15)
        XCTAssertEqual(rho[0], 0.5 / 208, accuracy: 1e-15)
        XCTAssertThrowsError(try FourRoomsIncentive(tau: 0.003, coverage: 1.5))
    }

    /// Soft policy iteration, the exact inner solver, at the smallest temperature tau = 0.001:
    /// converges from the uniform policy in a few dozen steps and, warm-started at the optimum
    /// of a nearby w (one designer step), in a handful; the result satisfies the soft Bellman
    /// equation.
    func testSoftPolicyIterationConvergesAtSmallestTemperature() throws {
        let env = try FourRoomsIncentive(tau: 0.001)
        var rng = SeededGenerator(seed: 9)
        let w = (0..<105).map { _ in rng.normal() }
        let mdp = try env.mdp(at: w)
        let cold = mdp.softOptimum(tolerance: 1e-10)
        XCTAssertLessThanOrEqual(cold.residual, 1e-10)
        XCTAssertLessThan(cold.iterations, 60, "cold start iterations")
        let bellman = mdp.softBellman(cold.values)
        XCTAssertLessThan(zip(bellman, cold.values).map { abs($0 - $1) }.max()!, 1e-9)
        var w2 = w
        for i in 0..<w2.count { w2[i] += 0.05 * rng.normal() }
        let warm = try env.mdp(at: w2).softOptimum(tolerance: 1e-10, warmPolicy: cold.policy)
        XCTAssertLessThanOrEqual(warm.residual, 1e-10)
        XCTAssertLessThan(warm.iterations, cold.iterations)
        print("soft policy iteration at tau = 0.001: \(cold.iterations) steps cold, \(warm.iterations) warm")
    }
}
