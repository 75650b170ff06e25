import XCTest
@testable import Environments

/// Our Breakout against the reference implementation: episodes played in `minatar` 1.0.15
/// (Fixtures/minatar_breakout_episodes.json, written by benchmarks/python/minatar_fixture.py with
/// the package's own sticky actions; 6 episodes, 2,808 steps, 175 bricks, brick refills) replay
/// here to the same rewards, the same termination step and the same final state.
final class BreakoutReplayTests: XCTestCase {
    struct Episode: Decodable {
        struct Final: Decodable {
            var terminal: Bool
            var paddle: Int, ball_x: Int, ball_y: Int, direction: Int, bricks: Int, observation_sum: Int
        }
        var start: Int
        var actions: [Int]
        var sticky: [Bool]
        var rewards: [Double]
        var final: Final
    }

    func testReferenceEpisodesReplayExactly() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/minatar_breakout_episodes.json")
        let episodes = try JSONDecoder().decode([Episode].self, from: Data(contentsOf: url))
        XCTAssertEqual(episodes.count, 6)
        var steps = 0, bricks = 0.0
        for (k, e) in episodes.enumerated() {
            var g = Breakout(start: e.start)
            var previous = 0
            var rewards = [Double]()
            for (t, (a, sticky)) in zip(e.actions, e.sticky).enumerated() {
                let executed = sticky ? previous : a
                previous = executed
                rewards.append(g.step(executed))
                XCTAssertEqual(g.terminal, t == e.actions.count - 1, "episode \(k) step \(t)")
            }
            XCTAssertEqual(rewards, e.rewards, "episode \(k)")
            XCTAssertEqual(g.terminal, e.final.terminal)
            XCTAssertEqual([g.paddle, g.ballX, g.ballY, g.ballDirection, g.bricksLeft],
                           [e.final.paddle, e.final.ball_x, e.final.ball_y, e.final.direction, e.final.bricks], "episode \(k)")
            XCTAssertEqual(Int(g.observation.reduce(0, +)), e.final.observation_sum)
            steps += e.actions.count
            bricks += e.rewards.reduce(0, +)
        }
        XCTAssertEqual(steps, 2808)
        XCTAssertEqual(bricks, 175)
    }
}
