import XCTest
import BilevelCore
@testable import Environments

/// The E3 gridworld, the segment sampler and the Bradley-Terry preference oracle.
final class RLHFEnvironmentTests: XCTestCase {
    /// 3 states (state 2 terminal), 2 actions, random dense transitions, rho on {0, 1}.
    private func tinyMDP(seed: UInt64) throws -> TabularMDP {
        var rng = SeededGenerator(seed: seed)
        let n = 3, m = 2
        var p = [Double]()
        for _ in 0..<(n * m) {
            let row = (0..<n).map { _ in 0.2 + rng.uniform() }
            let z = row.reduce(0, +)
            p += row.map { $0 / z }
        }
        return try TabularMDP(stateCount: n, actionCount: m, transitions: p,
                              rewards: (0..<(n * m)).map { _ in rng.uniform(-1, 1) },
                              gamma: 0.9, tau: 0.1, initialDistribution: [0.6, 0.4, 0],
                              terminal: [false, false, true])
    }

    func testGridworldDynamicsRewardAndStart() throws {
        let g = RLHFGridworld()
        let mdp = try g.mdp()
        XCTAssertEqual(mdp.stateCount, 25)
        XCTAssertEqual(mdp.actionCount, 4)
        // From the centre (2,2), "up" reaches (1,2) with 1 - slip + slip/4, each other move slip/4.
        let c = g.state(2, 2)
        XCTAssertEqual(mdp.p(c, 0, g.state(1, 2)), 0.925, accuracy: 1e-12)
        XCTAssertEqual(mdp.p(c, 0, g.state(3, 2)), 0.025, accuracy: 1e-12)
        XCTAssertEqual(mdp.p(c, 0, g.state(2, 1)), 0.025, accuracy: 1e-12)
        XCTAssertEqual(mdp.p(c, 0, c), 0, accuracy: 1e-12)
        // In the top-left corner "up" and "left" bump the walls: staying has 0.925 + 0.025.
        XCTAssertEqual(mdp.p(0, 0, 0), 0.95, accuracy: 1e-12)
        // Goals are absorbing (every action stays) and, by default, not terminal.
        for a in 0..<4 { XCTAssertEqual(mdp.p(g.betterState, a, g.betterState), 1); XCTAssertEqual(mdp.p(g.worseState, a, g.worseState), 1) }
        XCTAssertEqual(mdp.terminal.filter { $0 }.count, 0)
        XCTAssertEqual(try RLHFGridworld(terminalGoals: true).mdp().terminal.filter { $0 }.count, 2)
        XCTAssertEqual(mdp.initialDistribution[g.betterState], 0)
        XCTAssertEqual(mdp.initialDistribution.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssertEqual(mdp.r(g.betterState, 2), 1)
        XCTAssertEqual(mdp.r(g.worseState, 1), 0.5)
        XCTAssertEqual(mdp.r(c, 3), -0.1)
        // The soft-optimal policy of the true reward heads for the better goal from the far corner:
        // from (4,4) (bottom-right, better goal at (0,4)) it moves up.
        let pi = mdp.softOptimum().policy
        XCTAssertGreaterThan(pi[g.state(4, 4), 0], 0.9)
    }

    func testEnumeratedSegmentsAreADistributionAndMatchTheSampler() throws {
        let mdp = try tinyMDP(seed: 3)
        let policy = Policy.softmax(logits: [0.3, -0.2, 1.0, 0.1, -0.5, 0.4], stateCount: 3, actionCount: 2)
        let segs = mdp.enumerateSegments(policy: policy, length: 3)
        XCTAssertEqual(segs.map(\.probability).reduce(0, +), 1, accuracy: 1e-12)
        // Segments stop after acting in the terminal state 2.
        for s in segs { XCTAssertTrue(s.segment.length == 3 || s.segment.states.last == 2) }
        var rng = SeededGenerator(seed: 11, stream: 1)
        let draws = 40_000
        var counts = [Segment: Int]()
        for _ in 0..<draws { counts[mdp.sampleSegment(policy: policy, length: 3, rng: &rng), default: 0] += 1 }
        XCTAssertEqual(counts.count, Set(counts.keys).intersection(segs.map(\.segment)).count,
                       "the sampler produced a segment of probability zero")
        // Every segment's frequency within 4.5 binomial standard errors of its probability.
        for s in segs {
            let f = Double(counts[s.segment] ?? 0) / Double(draws)
            let se = (s.probability * (1 - s.probability) / Double(draws)).squareRoot()
            XCTAssertLessThanOrEqual(abs(f - s.probability), 4.5 * se + 1e-12, "segment \(s.segment)")
        }
    }

    func testOracleLabelFrequencyMatchesBradleyTerry() throws {
        let g = RLHFGridworld()
        let oracle = PreferenceOracle(trueReward: g.trueReward, actionCount: 4)
        // sigma1: 2 steps into the worse goal, then 2 steps there; sigma2: 4 plain steps.
        let w = g.worseState
        let a = Segment(states: [w - 1, w - 1, w, w], actions: [0, 3, 1, 2])  // -0.1 - 0.1 + 0.5 + 0.5 = 0.8
        let b = Segment(states: [0, 1, 2, 3], actions: [3, 3, 3, 1])          // -0.4
        XCTAssertEqual(a.returnUnder(g.trueReward, actionCount: 4), 0.8, accuracy: 1e-12)
        let p = oracle.preferenceProbability(a, b)
        XCTAssertEqual(p, 1 / (1 + exp(-1.2)), accuracy: 1e-12)
        var rng = SeededGenerator(seed: 5, stream: 9)
        let draws = 40_000
        for (first, second, prob) in [(a, b, p), (b, a, 1 - p), (b, b, 0.5)] {
            let wins = (0..<draws).filter { _ in oracle.label(first, second, rng: &rng) }.count
            let f = Double(wins) / Double(draws)
            let se = (prob * (1 - prob) / Double(draws)).squareRoot()
            XCTAssertLessThanOrEqual(abs(f - prob), 4 * se, "label frequency \(f) vs Bradley-Terry \(prob)")
        }
    }

    func testQueriesAreDeterministicGivenTheSeed() throws {
        let g = RLHFGridworld()
        let mdp = try g.mdp()
        let oracle = PreferenceOracle(trueReward: g.trueReward, actionCount: 4)
        let pi = Policy.uniform(stateCount: 25, actionCount: 4)
        var r1 = SeededGenerator(seed: 7, stream: 1), r2 = SeededGenerator(seed: 7, stream: 1)
        let q1 = oracle.query(count: 20, mdp: mdp, policy: pi, length: 10, rng: &r1)
        let q2 = oracle.query(count: 20, mdp: mdp, policy: pi, length: 10, rng: &r2)
        XCTAssertEqual(q1, q2)
        XCTAssertTrue(q1.allSatisfy { $0.first.length <= 10 && mdp.initialDistribution[$0.first.states[0]] > 0 })
    }
}
