/// `count` independent sticky-action Breakout games stepped together (a vectorized
/// environment, as A2C uses): one `step` call takes one action per game, writes every game's
/// next observation into one row-major `count x 400` buffer, and resets a game whose episode
/// ended (or reached `maxEpisodeSteps`, a cap MinAtar itself does not have) before returning.
///
/// Game `i` draws from `SeededGenerator(seed: seed, stream: i)`, so the games, and therefore
/// the whole batch, are fixed by `seed` (no threads: the stepping is cheap next to the network).
public struct BreakoutVector: VectorEnvironment {
    public var observationCount: Int { Breakout.observationCount }
    public var actionCount: Int { Breakout.actionCount }
    public private(set) var games: [StickyBreakout]
    /// Steps taken in each game's current episode.
    public private(set) var episodeSteps: [Int]
    /// Undiscounted game reward collected in each game's current episode.
    public private(set) var episodeReturns: [Double]
    public let maxEpisodeSteps: Int

    public var count: Int { games.count }

    public init(count: Int, seed: UInt64, stickyProbability: Double = 0.1, maxEpisodeSteps: Int = 10_000) {
        precondition(count >= 1, "BreakoutVector needs at least one game, got \(count)")
        precondition(maxEpisodeSteps >= 1, "maxEpisodeSteps must be at least 1, got \(maxEpisodeSteps)")
        games = (0..<count).map { StickyBreakout(stickyProbability: stickyProbability, rng: SeededGenerator(seed: seed, stream: UInt64($0))) }
        episodeSteps = [Int](repeating: 0, count: count)
        episodeReturns = [Double](repeating: 0, count: count)
        self.maxEpisodeSteps = maxEpisodeSteps
    }

    /// Every game's current observation, row `i` = game `i`.
    public func writeObservations(into out: UnsafeMutableBufferPointer<Double>) {
        precondition(out.count >= count * Breakout.observationCount)
        for i in 0..<count {
            games[i].game.writeObservation(into: UnsafeMutableBufferPointer(rebasing: out[(i * Breakout.observationCount)...]))
        }
    }

    /// Steps game `i` with `actions[i]`; finished games are reset (the observation written
    /// afterwards is the new episode's first one).
    public mutating func step(_ actions: [Int]) -> VectorStep {
        precondition(actions.count == count, "BreakoutVector.step needs \(count) actions, got \(actions.count)")
        var result = VectorStep(rewards: [], done: [], truncated: [], sticky: [], finishedReturns: [])
        result.rewards.reserveCapacity(count)
        for i in 0..<count {
            let (r, terminal, sticky) = games[i].step(actions[i])
            episodeSteps[i] += 1
            episodeReturns[i] += r
            let truncated = !terminal && episodeSteps[i] >= maxEpisodeSteps
            result.rewards.append(r)
            result.done.append(terminal || truncated)
            result.truncated.append(truncated)
            result.sticky.append(sticky)
            if terminal || truncated {
                result.finishedReturns.append(episodeReturns[i])
                games[i].reset()
                episodeSteps[i] = 0
                episodeReturns[i] = 0
            }
        }
        return result
    }
}
