import XCTest
import BilevelCore

/// Every kind of invalid input is rejected with a typed error naming the offending entry.
final class ValidationTests: XCTestCase {
    let P: [Double] = [1, 0, 0, 1, 0, 1, 1, 0]   // n = 2, m = 2
    let r: [Double] = [0, 1, 1, 0]

    func make(n: Int = 2, m: Int = 2, P: [Double]? = nil, r: [Double]? = nil, gamma: Double = 0.9, tau: Double = 0.1,
              rho: [Double] = [0.5, 0.5], terminal: [Bool]? = nil) throws -> TabularMDP {
        try TabularMDP(stateCount: n, actionCount: m, transitions: P ?? self.P, rewards: r ?? self.r,
                       gamma: gamma, tau: tau, initialDistribution: rho, terminal: terminal)
    }

    func expect(_ expected: MDPError, contains text: String, _ build: () throws -> TabularMDP, line: UInt = #line) {
        XCTAssertThrowsError(try build(), line: line) { error in
            XCTAssertEqual(error as? MDPError, expected, line: line)
            XCTAssertTrue("\(error)".contains(text), "message '\(error)' lacks '\(text)'", line: line)
            XCTAssertFalse("\(error)".contains("\n"), "message must be one line", line: line)
        }
    }

    func testValidMDPIsAccepted() throws {
        let mdp = try make()
        XCTAssertEqual(mdp.continuation, [0.9, 0.9])
        XCTAssertEqual(mdp.successors[0], [0])
    }

    func testShapes() {
        expect(.shape("transitions has 7 entries, expected n*m*n = 8"), contains: "transitions") { try make(P: [1, 0, 0, 1, 0, 1, 1]) }
        expect(.shape("rewards has 3 entries, expected n*m = 4"), contains: "rewards") { try make(r: [0, 1, 1]) }
        expect(.shape("initial distribution has 3 entries, expected n = 2"), contains: "initial distribution") { try make(rho: [0.5, 0.5, 0]) }
        expect(.shape("terminal has 1 entries, expected n = 2"), contains: "terminal") { try make(terminal: [true]) }
        expect(.shape("stateCount must be >= 1, got 0"), contains: "stateCount") { try make(n: 0, P: [], r: [], rho: []) }
    }

    func testGammaAndTau() {
        expect(.gamma(1), contains: "gamma") { try make(gamma: 1) }
        expect(.gamma(-0.1), contains: "[0, 1)") { try make(gamma: -0.1) }
        expect(.tau(0), contains: "tau") { try make(tau: 0) }
        expect(.tau(-1), contains: "> 0") { try make(tau: -1) }
        XCTAssertThrowsError(try make(tau: .nan))
        XCTAssertThrowsError(try make(gamma: .infinity))
    }

    func testTransitions() {
        var bad = P; bad[2] = -0.5; bad[3] = 1.5
        expect(.transitionEntry(state: 0, action: 1, next: 0, value: -0.5), contains: "P[s=0, a=1, s'=0]") { try make(P: bad) }
        bad = P; bad[5] = 0.5
        expect(.transitionRowSum(state: 1, action: 0, sum: 0.5), contains: "P[s=1, a=0, :] sums to 0.5") { try make(P: bad) }
        bad = P; bad[6] = .nan
        XCTAssertThrowsError(try make(P: bad)) { XCTAssertTrue("\($0)".contains("s=1, a=1, s'=0")) }
        // Within 1e-9 is accepted; beyond is not.
        bad = P; bad[0] = 1 - 5e-10; bad[1] = 0
        XCTAssertNoThrow(try make(P: bad))
        bad[0] = 1 - 2e-9
        XCTAssertThrowsError(try make(P: bad))
    }

    func testRewardsAndRho() {
        expect(.reward(state: 1, action: 0, value: .infinity), contains: "r[s=1, a=0]") { try make(r: [0, 1, .infinity, 0]) }
        expect(.initialDistributionEntry(state: 1, value: -0.5), contains: "rho[1]") { try make(rho: [0.5, -0.5]) }
        expect(.initialDistributionSum(0.75), contains: "sums to 0.75") { try make(rho: [0.5, 0.25]) }
    }

    func testPolicyTable() {
        XCTAssertThrowsError(try Policy(stateCount: 1, actionCount: 2, probabilities: [0.7, 0.7])) {
            XCTAssertTrue("\($0)".contains("pi[s=0, :] sums to 1.4"))
        }
        XCTAssertThrowsError(try Policy(stateCount: 1, actionCount: 2, probabilities: [1.2, -0.2]))
        XCTAssertThrowsError(try Policy(stateCount: 1, actionCount: 2, probabilities: [1]))
        XCTAssertNoThrow(try Policy(stateCount: 1, actionCount: 2, probabilities: [0.25, 0.75]))
    }

    func testStackelbergGameShapes() {
        XCTAssertThrowsError(try StackelbergGame(stateCount: 1, leaderActionCount: 2, followerActionCount: 2,
                                                 transitions: [1, 1, 1], leaderReward: [0, 0, 0, 0], followerReward: [0, 0, 0, 0],
                                                 gamma: 0.9, tau: 0.1, initialDistribution: [1])) {
            XCTAssertTrue("\($0)".contains("n*mL*mF*n"))
        }
    }
}
