import XCTest
import BilevelCore

/// Issue 13, bad 4: a Stackelberg game's own transition tensor is validated (entries finite
/// and >= 0, every (s, a, b) row summing to 1 within n * 1e-12), before the follower's MDP
/// mixes rows (which divides by their sum and would hide the fault).
final class GameValidationTests: XCTestCase {
    /// n = 2, mL = 2, mF = 1, rows uniform; `edit` changes the tensor.
    func game(_ edit: (inout [Double]) -> Void, leader: [Double]? = nil) throws -> StackelbergGame {
        var p = [Double](repeating: 0.5, count: 2 * 2 * 1 * 2)
        edit(&p)
        return try StackelbergGame(stateCount: 2, leaderActionCount: 2, followerActionCount: 1, transitions: p,
                                   leaderReward: leader ?? [1, 0, 0, 1], followerReward: [0, 1, 1, 0],
                                   gamma: 0.9, tau: 0.1, initialDistribution: [0.5, 0.5])
    }

    func message(_ edit: (inout [Double]) -> Void, leader: [Double]? = nil) -> String {
        do { _ = try game(edit, leader: leader); return "accepted" } catch { return "\(error)" }
    }

    func testRowsThatAreNotDistributionsAreNamed() throws {
        XCTAssertNoThrow(try game { _ in })
        // Row (s=1, a=0, b=0) starts at ((1 * 2 + 0) * 1 + 0) * 2 = 4.
        XCTAssertEqual(message { $0[4] = 0.8 }, "invalid MDP shape: game transition row P[s=1, a=0, b=0, :] sums to 1.3, must sum to 1 within n*1e-12 = 2e-12")
        XCTAssertTrue(message { $0[2] = 0.2 }.contains("P[s=0, a=1, b=0, :] sums to 0.7"))
        XCTAssertTrue(message { $0[6] = 0; $0[7] = 0 }.contains("P[s=1, a=1, b=0, :] sums to 0.0"))
        XCTAssertTrue(message { $0[0] = -0.5; $0[1] = 1.5 }.contains("P[s=0, a=0, b=0, s'=0] = -0.5: must be a finite probability >= 0"))
        XCTAssertTrue(message { $0[1] = .nan }.contains("s'=1] = nan"))
        XCTAssertTrue(message({ _ in }, leader: [1, .infinity, 0, 1]).contains("leader reward r_L[s=0, a=1, b=0] = inf"))
        // Within the tolerance: accepted (rounding of generated rows).
        XCTAssertNoThrow(try game { $0[0] = 0.5 + 1e-13; $0[1] = 0.5 - 1e-13 })
        XCTAssertThrowsError(try game { $0[0] = 0.5 + 1e-11 })
        XCTAssertThrowsError(try StackelbergGame(stateCount: 0, leaderActionCount: 1, followerActionCount: 1, transitions: [],
                                                 leaderReward: [], followerReward: [], gamma: 0.9, tau: 0.1, initialDistribution: []))
        XCTAssertThrowsError(try StackelbergGame(stateCount: 1 << 20, leaderActionCount: 1 << 20, followerActionCount: 1 << 20, transitions: [],
                                                 leaderReward: [], followerReward: [], gamma: 0.9, tau: 0.1, initialDistribution: [])) {
            XCTAssertTrue("\($0)".contains("at most 2^28"), "\($0)")
        }
    }
}
