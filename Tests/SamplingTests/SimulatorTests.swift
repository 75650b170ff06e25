import XCTest
import BilevelCore
import Environments
@testable import Sampling

final class SimulatorTests: XCTestCase {
    /// The table represents exactly the input distribution (deterministic check, every row).
    func testAliasTablesRepresentTheirRows() {
        var rng = SeededGenerator(seed: 1)
        for k in [1, 2, 3, 7, 50] {
            var p = (0..<k).map { _ in rng.uniform() }
            if k > 2 { p[1] = 0; p[2] = 1e-12 }
            let z = p.reduce(0, +)
            p = p.map { $0 / z }
            let t = AliasTables(dense: p, width: k)
            for i in 0..<k { XCTAssertEqual(t.probability(of: i, row: 0), p[i], accuracy: 1e-15, "k=\(k) i=\(i)") }
            // A draw at u lands where the represented mass says: u just below 1 is the last slot.
            XCTAssertTrue((0..<k).contains(t.draw(row: 0, uniform: 0.999_999_999)))
        }
    }

    /// A hand-worked chain 0 -> 1 -> 2 (terminal), deterministic: every episode is (0, 1, 2).
    func testChainEpisodesEndAtTheTerminalOrHorizon() throws {
        let n = 3, m = 1
        var P = [Double](repeating: 0, count: n * m * n)
        P[0 * n + 1] = 1; P[1 * n + 2] = 1; P[2 * n + 2] = 1
        let mdp = try TabularMDP(stateCount: n, actionCount: m, transitions: P, rewards: [1, 2, 4], gamma: 0.5, tau: 1,
                                 initialDistribution: [1, 0, 0], terminal: [false, false, true])
        let sim = Simulator(mdp: mdp)
        let pi = PolicySampler(Policy.uniform(stateCount: n, actionCount: m))
        let b = sim.batch(policy: pi, episodes: 4, termination: .horizon(10), seed: 1)
        XCTAssertEqual(b.states, [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2])
        XCTAssertEqual(b.endings, [.terminal, .terminal, .terminal, .terminal])
        // G_0 = 1 + 0.5 * 2 + 0.25 * 4 = 3 (tau log pi = 0 with one action), = V(0) exactly.
        XCTAssertEqual(b.returnsToGo(b.stepRewards(mdp.rewards)).prefix(3), [3, 4, 4])
        XCTAssertEqual(PolicyEvaluation(mdp: mdp, policy: pi.policy).values[0], 3, accuracy: 1e-12)
        let h = sim.batch(policy: pi, episodes: 2, termination: .horizon(2), seed: 1)
        XCTAssertEqual(h.states, [0, 1, 0, 1])
        XCTAssertEqual(h.endings, [.truncated, .truncated])
        XCTAssertEqual(h.biasBound(maxAbsReward: 4), 0.25 * 4 / 0.5)
        // Fixed-length rollouts: 5 steps per environment restart after the terminal.
        let r = sim.rollouts(policy: pi, environments: 2, stepsPerEnvironment: 5, episodeLength: 200, seed: 3)
        XCTAssertEqual(r.states, [0, 1, 2, 0, 1, 0, 1, 2, 0, 1])
        XCTAssertEqual(r.endings, [.terminal, .budget, .terminal, .budget])
    }

    /// Geometric termination: without terminal states an episode has mean length 1/(1-gamma).
    func testGeometricEpisodeLength() throws {
        let mdp = try Garnet.mdp(states: 4, actions: 2, branching: 2, gamma: 0.75, tau: 0.1, seed: 2)
        let sim = Simulator(mdp: mdp)
        let b = sim.batch(policy: PolicySampler(.uniform(stateCount: 4, actionCount: 2)), episodes: 20_000, termination: .geometric, seed: 4)
        let lengths = (0..<b.episodeCount).map { Double(b.episodeStart[$0 + 1] - b.episodeStart[$0]) }
        let mean = lengths.reduce(0, +) / Double(lengths.count)
        let sd = (lengths.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(lengths.count - 1)).squareRoot()
        XCTAssertEqual(mean, 4, accuracy: 4 * sd / Double(lengths.count).squareRoot())
        XCTAssertEqual(b.biasBound(maxAbsReward: 1), 0)
    }

    /// Same seed, identical batch, whatever the number of threads.
    func testBatchesDoNotDependOnThreads() throws {
        let game = try StackelbergGames.randomGeneralSum(seed: 2)
        let sim = Simulator(game: game)
        let piF = PolicySampler(randomPolicy(10, 3, seed: 1)), piL = PolicySampler(randomPolicy(10, 3, seed: 2))
        let one = sim.batch(policy: piF, leader: piL, episodes: 101, termination: .geometric, seed: 9, threads: 1)
        for threads in [2, 3, 8] {
            let b = sim.batch(policy: piF, leader: piL, episodes: 101, termination: .geometric, seed: 9, threads: threads)
            XCTAssertEqual(b.states, one.states); XCTAssertEqual(b.actions, one.actions)
            XCTAssertEqual(b.leaderActions, one.leaderActions); XCTAssertEqual(b.episodeStart, one.episodeStart)
        }
        let rooms = try FourRoomsIncentive(tau: 0.01)
        let m = try rooms.mdp(at: [Double](repeating: 0, count: 105))
        let rs = Simulator(mdp: m)
        let pi = PolicySampler(m.softOptimum(tolerance: 1e-8).policy)
        let r1 = rs.rollouts(policy: pi, environments: 5, stepsPerEnvironment: 300, episodeLength: 200, seed: 1, threads: 1)
        let r2 = rs.rollouts(policy: pi, environments: 5, stepsPerEnvironment: 300, episodeLength: 200, seed: 1, threads: 2)
        XCTAssertEqual(r1.states, r2.states); XCTAssertEqual(r1.actions, r2.actions); XCTAssertEqual(r1.stepCount, 1500)
        let other = sim.batch(policy: piF, leader: piL, episodes: 101, termination: .geometric, seed: 10)
        XCTAssertNotEqual(other.states, one.states)
    }
}

final class InnerOracleTests: XCTestCase {
    /// Sampled soft-PG steps from uniform logits close most of the value gap to `V*`.
    func testSampledOracleApproachesTheSoftOptimum() throws {
        let (lower, x, _) = try featureGarnet(seed: 2)
        let mdp = try lower.mdp(at: x)
        let vStar = PolicyEvaluation(mdp: mdp, optimum: mdp.softOptimum()).initialValue
        var y = [Double](repeating: 0, count: 15)
        let v0 = PolicyEvaluation(mdp: mdp, policy: .softmax(logits: y, stateCount: 5, actionCount: 3)).initialValue
        SampledSoftPGOracle(steps: 60, episodes: 200, stepSize: 1).improve(&y, mdp: mdp, simulator: Simulator(mdp: mdp), seed: 1)
        let v1 = PolicyEvaluation(mdp: mdp, policy: .softmax(logits: y, stateCount: 5, actionCount: 3)).initialValue
        XCTAssertLessThan(vStar - v1, 0.1 * (vStar - v0), "gap \(vStar - v0) -> \(vStar - v1)")
    }
}
