import XCTest
import Foundation
import BilevelCore

/// Small MDPs whose soft-optimal values are derived by hand.
final class HandCaseTests: XCTestCase {
    /// One state, two self-loop actions with rewards (1, 0): `V = gamma V + tau log(e^{1/tau} + 1)`,
    /// so `V* = tau log(e^{1/tau} + 1) / (1 - gamma)` and `pi* = (e, 1) / (e + 1)` for `tau = 1`.
    func testOneStateBandit() throws {
        let mdp = try TabularMDP(stateCount: 1, actionCount: 2, transitions: [1, 1], rewards: [1, 0],
                                 gamma: 0.5, tau: 1, initialDistribution: [1])
        let opt = mdp.softOptimum()
        XCTAssertEqual(opt.values[0], log(M_E + 1) / 0.5, accuracy: 1e-12)   // 2.6265233750364456
        XCTAssertEqual(opt.policy[0, 0], M_E / (M_E + 1), accuracy: 1e-14)
        XCTAssertEqual(opt.policy[0, 1], 1 / (M_E + 1), accuracy: 1e-14)
        // Uniform policy: V = (0.5 + log 2) / (1 - 0.5).
        let ev = PolicyEvaluation(mdp: mdp, policy: .uniform(stateCount: 1, actionCount: 2))
        XCTAssertEqual(ev.values[0], (0.5 + log(2)) / 0.5, accuracy: 1e-12)
    }

    /// Two states: from state 0 both actions lead to the terminal state 1, action 1 paying 1;
    /// at terminal state 1 both actions pay 1 and the continuation is zero.
    /// `V*(1) = tau log(2 e^{1/tau}) = 1 + tau log 2`,
    /// `V*(0) = gamma V*(1) + tau log(1 + e^{1/tau})`, `pi*(.|0) = (1, e^{1/tau}) / (1 + e^{1/tau})`,
    /// occupancy from state 0: `d = (1, gamma)`.
    func testTwoStateTerminal() throws {
        let tau = 0.5, gamma = 0.9
        let mdp = try TabularMDP(stateCount: 2, actionCount: 2,
                                 transitions: [0, 1, 0, 1, 0, 1, 0, 1], rewards: [0, 1, 1, 1],
                                 gamma: gamma, tau: tau, initialDistribution: [1, 0], terminal: [false, true])
        for solver in [SoftSolver.policyIteration, .valueIteration] {
            let opt = mdp.softOptimum(solver: solver, tolerance: 1e-13)
            let v1 = 1 + tau * log(2)
            XCTAssertEqual(opt.values[1], v1, accuracy: 1e-12)
            XCTAssertEqual(opt.values[0], gamma * v1 + tau * log(1 + exp(1 / tau)), accuracy: 1e-12)
            XCTAssertEqual(opt.policy[0, 1], exp(2) / (1 + exp(2)), accuracy: 1e-13)
            XCTAssertEqual(opt.policy[1, 0], 0.5, accuracy: 1e-14)
            let ev = PolicyEvaluation(mdp: mdp, policy: opt.policy)
            XCTAssertEqual(ev.occupancy[0], 1, accuracy: 1e-14)
            XCTAssertEqual(ev.occupancy[1], gamma, accuracy: 1e-14)
        }
    }

    func testLUSolvesAndTransposedSolves() throws {
        // A = [[0, 2, 1], [1, 1, 0], [3, 0, 1]] needs pivoting (zero leading entry).
        let a: [Double] = [0, 2, 1, 1, 1, 0, 3, 0, 1]
        let lu = try LUFactorization(a, n: 3)
        let x = lu.solve([5, 3, 4])          // A (1, 2, 1) = (5, 3, 4) by hand
        assertClose(x, [1, 2, 1], tol: 1e-14, "A x = b")
        // A^T = [[0, 1, 3], [2, 1, 0], [1, 0, 1]]: A^T (1, 1, 1) = (4, 3, 2), A^T (1, 2, 1) = (5, 4, 2).
        assertClose(lu.solveTransposed([4, 3, 2]), [1, 1, 1], tol: 1e-14, "A^T x = b")
        assertClose(lu.solveTransposed([5, 4, 2]), [1, 2, 1], tol: 1e-14, "A^T x = b")
        XCTAssertThrowsError(try LUFactorization([1, 2, 2, 4], n: 2)) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .singular(column: 1))
        }
    }
}
