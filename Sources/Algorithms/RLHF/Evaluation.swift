import Environments
import Foundation
import Neural

/// One recorded Breakout episode, enough to replay it in the reference implementation: the
/// start side (0: the ball starts at column 0), the actions the agent chose (0 no-op, 1 left,
/// 2 right), per step whether the sticky action fired (the previous executed action was
/// repeated instead), and the rewards. Each evaluation episode runs in a fresh environment, so
/// the previous action at its first step is the no-op, as in a new `minatar.Environment`.
public struct RecordedEpisode: Sendable, Codable, Equatable {
    public var start: Int
    public var actions: [Int]
    public var sticky: [Bool]
    public var rewards: [Double]
    public var trueReturn: Double { rewards.reduce(0, +) }
}

/// Evaluation of a policy network on Breakout: `episodes` episodes, episode `e` in a fresh
/// sticky-action game seeded by `SeededGenerator(seed: seed, stream: e)`, actions sampled from
/// the policy (with a generator of its own), all episodes stepped as one batch, each capped at
/// `maxSteps` steps.
public struct BreakoutEvaluation: Sendable {
    public var episodes: Int
    public var maxSteps: Int
    public var stickyProbability: Double
    public var seed: UInt64

    public init(episodes: Int, maxSteps: Int, stickyProbability: Double = 0.1, seed: UInt64) {
        self.episodes = episodes
        self.maxSteps = maxSteps
        self.stickyProbability = stickyProbability
        self.seed = seed
    }

    /// Plays every episode with `policy` (an MLP from the 400 observation entries to 3 logits).
    public func run(policy: MLP, actionSeed: UInt64) -> [RecordedEpisode] {
        var games = (0..<episodes).map {
            StickyBreakout(stickyProbability: stickyProbability, rng: SeededGenerator(seed: seed, stream: UInt64($0)))
        }
        var out = games.map { RecordedEpisode(start: $0.game.ballX == 0 ? 0 : 1, actions: [], sticky: [], rewards: []) }
        var rng = SeededGenerator(seed: actionSeed)
        let d = Breakout.observationCount
        for _ in 0..<maxSteps {
            let live = (0..<episodes).filter { !games[$0].game.terminal }
            if live.isEmpty { break }
            var obs = [Double](repeating: 0, count: live.count * d)
            obs.withUnsafeMutableBufferPointer { p in
                for (row, e) in live.enumerated() { games[e].game.writeObservation(into: UnsafeMutableBufferPointer(rebasing: p[(row * d)...])) }
            }
            let lp = Softmax.logSoftmax(policy(obs, batch: live.count), columns: Breakout.actionCount)
            let actions = Softmax.sample(logProbabilities: lp, columns: Breakout.actionCount, rng: &rng)
            for (row, e) in live.enumerated() {
                let s = games[e].step(actions[row])
                out[e].actions.append(actions[row])
                out[e].sticky.append(s.sticky)
                out[e].rewards.append(s.reward)
            }
        }
        return out
    }
}
