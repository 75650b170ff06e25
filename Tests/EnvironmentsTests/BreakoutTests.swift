import XCTest
@testable import Environments

/// MinAtar Breakout on hand-worked sequences (docs/minatar-breakout.md). Directions:
/// 0 up-left, 1 up-right, 2 down-right, 3 down-left; actions 0 no-op, 1 left, 2 right.
final class BreakoutTests: XCTestCase {
    /// A game with no bricks except those listed as (row, column).
    private func game(ball: (Int, Int), direction: Int, paddle: Int = 4, bricks: [(Int, Int)] = []) -> Breakout {
        var g = Breakout(start: 0)
        g.bricks = [Bool](repeating: false, count: 100)
        for (r, c) in bricks { g.bricks[r * 10 + c] = true }
        (g.ballX, g.ballY) = ball
        (g.lastX, g.lastY) = ball
        g.ballDirection = direction
        g.paddle = paddle
        return g
    }

    func testResetAndObservation() {
        for start in 0...1 {
            let g = Breakout(start: start)
            XCTAssertEqual(g.ballX, start == 0 ? 0 : 9)
            XCTAssertEqual(g.ballY, 3)
            XCTAssertEqual(g.ballDirection, start == 0 ? 2 : 3)
            XCTAssertEqual(g.paddle, 4)
            XCTAssertEqual(g.bricksLeft, 30)
            let o = g.observation
            XCTAssertEqual(o.count, 400)
            XCTAssertEqual(o.reduce(0, +), 33)  // paddle + ball + trail + 30 bricks
            XCTAssertEqual(o[(9 * 10 + 4) * 4 + 0], 1)  // paddle at row 9, column 4
            XCTAssertEqual(o[(3 * 10 + g.ballX) * 4 + 1], 1)
            XCTAssertEqual(o[(3 * 10 + g.ballX) * 4 + 2], 1)
            XCTAssertEqual(o[(2 * 10 + 7) * 4 + 3], 1)
            XCTAssertEqual(o[(4 * 10 + 7) * 4 + 3], 0)
        }
    }

    /// Start 0 with no-op: (0,3) -> (1,4) ... (5,8); at step 6 the ball reaches row 9 at column 6
    /// from column 5 while the paddle sits at 4: the episode ends, no reward.
    func testBallMissesPaddleAndTerminates() {
        var g = Breakout(start: 0)
        for t in 1...5 {
            XCTAssertEqual(g.step(0), 0)
            XCTAssertEqual(g.ballX, t); XCTAssertEqual(g.ballY, 3 + t)
            XCTAssertFalse(g.terminal)
        }
        XCTAssertEqual(g.step(0), 0)
        XCTAssertTrue(g.terminal)
        // A terminal state stays put and pays nothing.
        let frozen = g
        XCTAssertEqual(g.step(2), 0)
        XCTAssertEqual(g, frozen)
    }

    /// Paddle moved to column 5 (ball above it when it reaches row 9): centre bounce keeps the
    /// horizontal direction (down-right -> up-right), ball back on row 8. Then the right wall
    /// (x clamped, up-right -> up-left) and a brick hit at (row 3, column 8): +1, brick gone, the
    /// ball stays on its previous row, direction up-left -> down-left.
    func testCentreBounceWallAndBrickHit() {
        var g = Breakout(start: 0)
        g.step(2)  // paddle 5; ball (1,4)
        for _ in 0..<4 { g.step(0) }  // ball (5,8)
        XCTAssertEqual(g.step(0), 0)
        XCTAssertFalse(g.terminal)
        XCTAssertEqual([g.ballX, g.ballY, g.ballDirection], [6, 8, 1])
        for (x, y) in [(7, 7), (8, 6), (9, 5)] {
            g.step(0)
            XCTAssertEqual([g.ballX, g.ballY, g.ballDirection], [x, y, 1])
        }
        g.step(0)  // (10, 4) -> clamped to column 9, reflected to up-left
        XCTAssertEqual([g.ballX, g.ballY, g.ballDirection], [9, 4, 0])
        XCTAssertEqual(g.step(0), 1)  // (8, 3) is a brick
        XCTAssertEqual([g.ballX, g.ballY, g.ballDirection], [8, 4, 3])
        XCTAssertFalse(g.brick(row: 3, column: 8))
        XCTAssertEqual(g.bricksLeft, 29)
        XCTAssertTrue(g.strike)
        XCTAssertEqual([g.lastX, g.lastY], [9, 4])
        g.step(0)
        XCTAssertFalse(g.strike)
    }

    /// Paddle moved to column 6: the ball arrives diagonally at the paddle's column (from column
    /// 5 into 6): corner bounce reverses both components, down-right -> up-left.
    func testEdgeBounceOnEitherSide() {
        var g = Breakout(start: 0)
        g.step(2); g.step(2)  // paddle 6
        for _ in 0..<3 { g.step(0) }
        g.step(0)
        XCTAssertFalse(g.terminal)
        XCTAssertEqual([g.ballX, g.ballY, g.ballDirection], [6, 8, 0])
        // Mirror image: ball moving down-left from (5,8) into (4,9), paddle at 4.
        var h = game(ball: (5, 8), direction: 3, paddle: 4, bricks: [(1, 1)])
        h.step(0)
        XCTAssertFalse(h.terminal)
        XCTAssertEqual([h.ballX, h.ballY, h.ballDirection], [4, 8, 1])
        // Centre bounce moving down-left: ball at column 5 above the paddle at 5 -> up-left.
        var c = game(ball: (5, 8), direction: 3, paddle: 5, bricks: [(1, 1)])
        c.step(0)
        XCTAssertEqual([c.ballX, c.ballY, c.ballDirection], [4, 8, 0])
        // The paddle moves before the ball: at 3, moving right to 4 still catches it.
        var m = game(ball: (5, 8), direction: 3, paddle: 3, bricks: [(1, 1)])
        m.step(2)
        XCTAssertEqual([m.paddle, m.ballX, m.ballY, m.ballDirection], [4, 4, 8, 1])
    }

    /// Both top corners: the x clamp and the y clamp in one step reverse both components.
    func testWallCorners() {
        var right = game(ball: (9, 0), direction: 1, bricks: [(5, 5)])
        right.step(0)
        XCTAssertEqual([right.ballX, right.ballY, right.ballDirection], [9, 0, 3])
        var left = game(ball: (0, 0), direction: 0, bricks: [(5, 5)])
        left.step(0)
        XCTAssertEqual([left.ballX, left.ballY, left.ballDirection], [0, 0, 2])
        // Arriving at the corner: up-right from (8, 1) lands on (9, 0) without a reflection, then
        // the next step clamps both.
        var arrive = game(ball: (8, 1), direction: 1, bricks: [(5, 5)])
        arrive.step(0)
        XCTAssertEqual([arrive.ballX, arrive.ballY, arrive.ballDirection], [9, 0, 1])
        arrive.step(0)
        XCTAssertEqual([arrive.ballX, arrive.ballY, arrive.ballDirection], [9, 0, 3])
        // Bottom corner against the side wall: down-right from (9, 8) with the paddle at 9:
        // x clamped (-> down-left), then the ball was above the paddle: up-left (centre bounce).
        var bottom = game(ball: (9, 8), direction: 2, paddle: 9, bricks: [(5, 5)])
        bottom.step(0)
        XCTAssertFalse(bottom.terminal)
        XCTAssertEqual([bottom.ballX, bottom.ballY, bottom.ballDirection], [9, 8, 0])
    }

    /// Right after a hit the ball passes into a brick cell without reward and without removing it.
    func testStrikePassesThroughNextBrick() {
        var g = game(ball: (5, 5), direction: 1, bricks: [(4, 6), (6, 7)])
        XCTAssertEqual(g.step(0), 1)
        XCTAssertEqual([g.ballX, g.ballY, g.ballDirection], [6, 5, 2])
        XCTAssertEqual(g.step(0), 0)  // into (row 6, column 7): passes, strike stays
        XCTAssertEqual([g.ballX, g.ballY, g.ballDirection], [7, 6, 2])
        XCTAssertTrue(g.brick(row: 6, column: 7))
        XCTAssertTrue(g.strike)
        g.step(0)
        XCTAssertFalse(g.strike)
        XCTAssertEqual([g.ballX, g.ballY], [8, 7])
    }

    /// With no bricks left the rows 1..3 refill when the ball reaches the bottom row, whether the
    /// paddle catches it or not.
    func testBrickRefill() {
        var g = game(ball: (4, 8), direction: 2, paddle: 5)
        g.step(0)
        XCTAssertFalse(g.terminal)
        XCTAssertEqual(g.bricksLeft, 30)
        XCTAssertTrue((0..<10).allSatisfy { g.brick(row: 1, column: $0) && g.brick(row: 3, column: $0) && !g.brick(row: 4, column: $0) })
        var miss = game(ball: (0, 8), direction: 2, paddle: 9)
        miss.step(0)
        XCTAssertTrue(miss.terminal)
        XCTAssertEqual(miss.bricksLeft, 30)
        // One brick left anywhere: no refill.
        var one = game(ball: (4, 8), direction: 2, paddle: 5, bricks: [(0, 0)])
        one.step(0)
        XCTAssertEqual(one.bricksLeft, 1)
    }

    func testPaddleStopsAtWalls() {
        var g = Breakout(start: 1)
        for _ in 0..<6 { g.step(1) }
        XCTAssertEqual(g.paddle, 0)
        var h = Breakout(start: 0)
        for _ in 0..<6 { h.step(2) }
        XCTAssertEqual(h.paddle, 9)
    }

    /// Sticky probability 1 repeats the initial no-op forever; 0 executes every action; 0.1 fires
    /// at rate 0.1 (20,000 draws: standard error 0.0021, bound 5 standard errors). The previous
    /// action survives a reset.
    func testStickyActions() {
        var always = StickyBreakout(stickyProbability: 1, rng: SeededGenerator(seed: 1))
        for _ in 0..<5 { XCTAssertTrue(always.step(2).sticky) }
        XCTAssertEqual(always.game.paddle, 4)
        var never = StickyBreakout(stickyProbability: 0, rng: SeededGenerator(seed: 1))
        XCTAssertFalse(never.step(2).sticky)
        XCTAssertEqual(never.game.paddle, 5)
        XCTAssertEqual(never.previousAction, 2)
        never.reset()
        XCTAssertEqual(never.previousAction, 2)

        var env = StickyBreakout(stickyProbability: 0.1, rng: SeededGenerator(seed: 7))
        var fired = 0, n = 20_000
        var expectedPaddle = env.game.paddle, previous = 0
        for t in 0..<n {
            if env.game.terminal { env.reset(); expectedPaddle = 4 }
            let a = t % 3
            let s = env.step(a)
            let executed = s.sticky ? previous : a
            previous = executed
            if executed == 1 { expectedPaddle = max(0, expectedPaddle - 1) } else if executed == 2 { expectedPaddle = min(9, expectedPaddle + 1) }
            XCTAssertEqual(env.game.paddle, expectedPaddle)
            if s.sticky { fired += 1 }
        }
        XCTAssertEqual(Double(fired) / Double(n), 0.1, accuracy: 5 * (0.09 / Double(n)).squareRoot())
    }

    /// Start sides are drawn fairly and the vector of games is fixed by its seed, game i by stream i.
    func testVectorSeededResetAndCap() {
        var a = BreakoutVector(count: 4, seed: 3), b = BreakoutVector(count: 4, seed: 3)
        var starts = [0, 0]
        for t in 0..<300 {
            let actions = (0..<4).map { ($0 + t) % 3 }
            let ra = a.step(actions), rb = b.step(actions)
            XCTAssertEqual(ra.rewards, rb.rewards); XCTAssertEqual(ra.done, rb.done); XCTAssertEqual(ra.sticky, rb.sticky)
            for i in 0..<4 where ra.done[i] {
                XCTAssertEqual(a.episodeSteps[i], 0)
                XCTAssertEqual(a.games[i].game.ballY, 3)
                starts[a.games[i].game.ballX == 0 ? 0 : 1] += 1
            }
        }
        XCTAssertGreaterThan(starts[0], 5); XCTAssertGreaterThan(starts[1], 5)
        var single = StickyBreakout(rng: SeededGenerator(seed: 3, stream: 2))
        XCTAssertEqual(single.game, BreakoutVector(count: 4, seed: 3).games[2].game)
        _ = single.step(0)
        // The cap truncates: with maxEpisodeSteps 3 every episode ends by step 3.
        var capped = BreakoutVector(count: 2, seed: 5, maxEpisodeSteps: 3)
        _ = capped.step([2, 2]); _ = capped.step([0, 0])
        let r = capped.step([0, 0])
        XCTAssertEqual(r.done, [true, true])
        XCTAssertEqual(r.truncated, [true, true])
        var obs = [Double](repeating: -1, count: 800)
        obs.withUnsafeMutableBufferPointer { capped.writeObservations(into: $0) }
        XCTAssertEqual(Array(obs[0..<400]), capped.games[0].game.observation)
        XCTAssertEqual(Array(obs[400..<800]), capped.games[1].game.observation)
    }
}
