/// MinAtar Breakout (Young and Tian 2019), exactly as `minatar/environments/breakout.py` of the
/// reference package `minatar` 1.0.15 plays it, with MinAtar's sticky actions (docs/minatar-breakout.md).
///
/// A 10 x 10 grid: the paddle on the bottom row (row 9), bricks on rows 1..3, a ball moving
/// diagonally. Reward +1 per brick; the episode ends when the ball passes the paddle. Actions are
/// the minimal set `0` no-op, `1` left, `2` right (indices 0, 1, 3 of the reference's 6 actions).
///
/// Contract: given the start side of every episode and, per step, whether the sticky action
/// fired, the sequence of rewards and terminations equals the reference implementation's
/// (`BreakoutReplayTests` and `benchmarks/python/minatar_replay.py` check it on recorded episodes).
/// The randomness (start side, sticky draws) comes from a seeded generator, not NumPy's, so
/// equality is on recorded draws, not on seeds.
public struct Breakout: Sendable, Equatable {
    public static let size = 10
    public static let channels = 4
    /// Length of the flattened observation, (row, column, channel) order: 400.
    public static let observationCount = size * size * channels
    public static let actionCount = 3

    /// Ball direction: 0 up-left, 1 up-right, 2 down-right, 3 down-left.
    static let dx = [-1, 1, 1, -1]
    static let dy = [-1, -1, 1, 1]
    /// Direction after a reflection off a side wall, off the top wall / a brick / the paddle's
    /// centre, and off the paddle when the ball arrives diagonally at its column.
    static let reflectHorizontal = [1, 0, 3, 2]
    static let reflectVertical = [3, 2, 1, 0]
    static let reflectCorner = [2, 3, 0, 1]

    public var paddle = 4
    public var ballX = 0, ballY = 3, ballDirection = 2
    public var lastX = 0, lastY = 3
    /// Whether the ball hit a brick on the previous step (it then passes through the next one).
    public var strike = false
    public var terminal = false
    /// `bricks[row * 10 + column]`.
    public var bricks = [Bool](repeating: false, count: 100)

    /// The state right after `reset` with the ball starting at column 0 (`start == 0`,
    /// moving down-right) or column 9 (`start == 1`, moving down-left).
    public init(start: Int) {
        precondition(start == 0 || start == 1, "Breakout start side must be 0 or 1, got \(start)")
        reset(start: start)
    }

    public mutating func reset(start: Int) {
        ballY = 3
        (ballX, ballDirection) = start == 0 ? (0, 2) : (9, 3)
        paddle = 4
        for i in 0..<100 { bricks[i] = (1...3).contains(i / 10) }
        strike = false
        lastX = ballX; lastY = ballY
        terminal = false
    }

    public func brick(row: Int, column: Int) -> Bool { bricks[row * 10 + column] }
    public var bricksLeft: Int { bricks.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// One step with the action actually executed (after sticky actions): returns the reward.
    /// A step on a terminal state returns 0 and changes nothing.
    @discardableResult
    public mutating func step(_ action: Int) -> Double {
        precondition((0..<Self.actionCount).contains(action), "Breakout action must be 0 (no-op), 1 (left) or 2 (right), got \(action)")
        if terminal { return 0 }
        var reward = 0.0
        if action == 1 { paddle = max(0, paddle - 1) } else if action == 2 { paddle = min(9, paddle + 1) }
        lastX = ballX; lastY = ballY
        var newX = ballX + Self.dx[ballDirection], newY = ballY + Self.dy[ballDirection]
        var struck = false
        if newX < 0 || newX > 9 {
            newX = min(9, max(0, newX))
            ballDirection = Self.reflectHorizontal[ballDirection]
        }
        if newY < 0 {
            newY = 0
            ballDirection = Self.reflectVertical[ballDirection]
        } else if bricks[newY * 10 + newX] {
            struck = true
            if !strike {
                reward += 1
                strike = true
                bricks[newY * 10 + newX] = false
                newY = lastY
                ballDirection = Self.reflectVertical[ballDirection]
            }
        } else if newY == 9 {
            if !bricks.contains(true) {
                for i in 10..<40 { bricks[i] = true }
            }
            if ballX == paddle {
                ballDirection = Self.reflectVertical[ballDirection]
                newY = lastY
            } else if newX == paddle {
                ballDirection = Self.reflectCorner[ballDirection]
                newY = lastY
            } else {
                terminal = true
            }
        }
        if !struck { strike = false }
        ballX = newX; ballY = newY
        return reward
    }

    /// Writes the 10 x 10 x 4 observation, flattened in (row, column, channel) order, as 0/1
    /// into `out[0..<400]`; channels 0 paddle, 1 ball, 2 trail, 3 bricks.
    public func writeObservation<T: BinaryFloatingPoint>(into out: UnsafeMutableBufferPointer<T>) {
        precondition(out.count >= Self.observationCount)
        for i in 0..<Self.observationCount { out[i] = 0 }
        func set(_ row: Int, _ column: Int, _ channel: Int) { out[(row * 10 + column) * 4 + channel] = 1 }
        set(9, paddle, 0)
        set(ballY, ballX, 1)
        set(lastY, lastX, 2)
        for i in 0..<100 where bricks[i] { set(i / 10, i % 10, 3) }
    }

    /// The observation as an array (see `writeObservation`).
    public var observation: [Double] {
        var out = [Double](repeating: 0, count: Self.observationCount)
        out.withUnsafeMutableBufferPointer { writeObservation(into: $0) }
        return out
    }
}

/// Breakout with MinAtar's sticky actions and seeded randomness: with probability
/// `stickyProbability` (MinAtar's default 0.1) the previous executed action is repeated instead
/// of the chosen one. The previous action starts as no-op and is kept across episodes, as in
/// the reference package's `Environment` (one generator draws start sides and sticky events).
public struct StickyBreakout: Sendable {
    public var game: Breakout
    public var previousAction = 0
    public let stickyProbability: Double
    public var rng: SeededGenerator

    /// Draws the first episode's start side from `rng`.
    public init(stickyProbability: Double = 0.1, rng: SeededGenerator) {
        precondition((0...1).contains(stickyProbability), "sticky probability must lie in [0, 1], got \(stickyProbability)")
        self.stickyProbability = stickyProbability
        self.rng = rng
        self.game = Breakout(start: 0)
        self.game.reset(start: self.rng.index(2))
    }

    /// Starts a new episode; returns the start side drawn (0 or 1).
    @discardableResult
    public mutating func reset() -> Int {
        let start = rng.index(2)
        game.reset(start: start)
        return start
    }

    /// One step with the agent's `action`: returns the reward, whether the episode ended and
    /// whether the sticky action fired (the previous action was executed instead).
    public mutating func step(_ action: Int) -> (reward: Double, terminal: Bool, sticky: Bool) {
        let sticky = rng.uniform() < stickyProbability
        let executed = sticky ? previousAction : action
        previousAction = executed
        let r = game.step(executed)
        return (r, game.terminal, sticky)
    }
}
