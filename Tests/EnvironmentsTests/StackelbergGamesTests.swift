import XCTest
import Foundation
import BilevelCore
@testable import Environments

/// The E1 games against the text of docs/experiments.md, entry by entry, and hand-checkable facts.
final class StackelbergGamesTests: XCTestCase {
    // S = 0, A = 1, B = 2; leader a in {0, 1}; follower b in {0, 1, 2}.

    /// docs/experiments.md E1a, transitions, transcribed as (s, a, b) -> s'.
    static let specTransitions: [[[Int]]] = [
        // S: follower 1 -> A, 2 -> B, 0 -> S (either leader action)
        [[0, 1, 2], [0, 1, 2]],
        // A with leader 0: follower 0 -> S, 2 -> B, 1 -> A.  A with leader 1: every action -> S.
        [[0, 1, 2], [0, 0, 0]],
        // B: follower 0 -> S, 1 or 2 -> B
        [[0, 2, 2], [0, 2, 2]],
    ]
    /// Follower reward: +1 at S for actions 1 or 2; at A, -1 for any action when the leader plays
    /// 1, +1 for action 2 when the leader plays 0; otherwise 0.
    static let specFollowerReward: [[[Double]]] = [
        [[0, 1, 1], [0, 1, 1]],
        [[0, 0, 1], [-1, -1, -1]],
        [[0, 0, 0], [0, 0, 0]],
    ]
    /// Leader reward: +1 when the follower plays action 1 at S.
    static let specLeaderReward: [[[Double]]] = [
        [[0, 1, 0], [0, 1, 0]],
        [[0, 0, 0], [0, 0, 0]],
        [[0, 0, 0], [0, 0, 0]],
    ]

    func testCommitmentGameMatchesSpecEntryByEntry() throws {
        let g = try StackelbergGames.commitment()
        XCTAssertEqual(g.stateCount, 3)
        XCTAssertEqual(g.leaderActionCount, 2)
        XCTAssertEqual(g.followerActionCount, 3)
        XCTAssertEqual(g.gamma, 0.99)
        XCTAssertEqual(g.tau, 0.05)
        XCTAssertEqual(g.initialDistribution, [1, 0, 0])
        for s in 0..<3 {
            for a in 0..<2 {
                for b in 0..<3 {
                    let i = (s * 2 + a) * 3 + b
                    for t in 0..<3 {
                        XCTAssertEqual(g.transitions[i * 3 + t], t == Self.specTransitions[s][a][b] ? 1 : 0,
                                       "P[s=\(s), a=\(a), b=\(b), s'=\(t)]")
                    }
                    XCTAssertEqual(g.followerReward[i], Self.specFollowerReward[s][a][b], "r_F[s=\(s), a=\(a), b=\(b)]")
                    XCTAssertEqual(g.leaderReward[i], Self.specLeaderReward[s][a][b], "r_L[s=\(s), a=\(a), b=\(b)]")
                }
            }
        }
    }

    /// Hand analysis (see `StackelbergGames.commitment`): for deterministic follower play the
    /// best loops are `S -a-> A -b-> B -> S` worth `(1+gamma)/(1-gamma^3) = 67.00` when the
    /// leader commits to 0 at A, and `S -b-> B -> S` worth `1/(1-gamma^2) = 50.25` when it
    /// commits to 1. The soft value exceeds the hard one by at most `tau log 3/(1-gamma) = 5.49`.
    /// The leader then earns about `1/(1-gamma^3) = 33.67` (commit 0) versus about 0 (commit 1).
    func testCommitmentGameBestResponsesByHand() throws {
        let g = try StackelbergGames.commitment()
        let gamma = 0.99, entropyBound = 0.05 * log(3.0) / (1 - gamma)
        let loopA = (1 + gamma) / (1 - pow(gamma, 3)), loopB = 1 / (1 - gamma * gamma)
        func solve(_ commitAtA: Int) throws -> (vF: Double, pi: Policy, vL: Double) {
            let x = StackelbergGames.pureCommitment([0, commitAtA, 0], leaderActionCount: 2)
            let mdp = try g.followerMDP.mdp(at: x)
            let opt = mdp.softOptimum(tolerance: 1e-12)
            let vL = -g.bilevelProblem.upper.value(x: x, policy: opt.policy, lower: mdp)
            return (opt.values[0], opt.policy, vL)
        }
        let c0 = try solve(0), c1 = try solve(1)
        // Follower's soft value at S.
        XCTAssertGreaterThanOrEqual(c0.vF, loopA - 1e-9)
        XCTAssertLessThanOrEqual(c0.vF, loopA + entropyBound)
        XCTAssertGreaterThanOrEqual(c1.vF, loopB - 1e-9)
        XCTAssertLessThanOrEqual(c1.vF, loopB + entropyBound)
        // Follower's soft best response: "a" at S and "b" at A under commitment 0; "b" at S under 1.
        XCTAssertGreaterThan(c0.pi[0, 1], 0.99)
        XCTAssertGreaterThan(c0.pi[1, 2], 0.99)
        XCTAssertGreaterThan(c1.pi[0, 2], 0.99)
        // Leader: commitment 0 pays about 1/(1-gamma^3); commitment 1 about nothing.
        let leaderLoop = 1 / (1 - pow(gamma, 3))
        XCTAssertEqual(c0.vL, leaderLoop, accuracy: 0.02 * leaderLoop)
        XCTAssertLessThan(c1.vL, 0.5)
        XCTAssertGreaterThan(c0.vL, c1.vL + 30)
    }

    func testRandomGameShapesAndDeterminism() throws {
        let g = try StackelbergGames.randomGeneralSum(seed: 3)
        XCTAssertEqual(g.stateCount, 10)
        XCTAssertEqual(g.leaderActionCount, 3)
        XCTAssertEqual(g.followerActionCount, 3)
        XCTAssertEqual(g.gamma, 0.9)
        XCTAssertEqual(g.tau, 0.1)
        XCTAssertEqual(g.initialDistribution, [Double](repeating: 0.1, count: 10))
        for row in 0..<(10 * 9) {
            let p = g.transitions[(row * 10)..<(row * 10 + 10)]
            XCTAssertEqual(p.filter { $0 > 0 }.count, 3, "3 successors for joint action row \(row)")
            XCTAssertEqual(p.reduce(0, +), 1, accuracy: 1e-12)
        }
        for r in g.leaderReward + g.followerReward { XCTAssert(r >= 0 && r < 1) }
        let again = try StackelbergGames.randomGeneralSum(seed: 3)
        XCTAssertEqual(g.transitions, again.transitions)
        XCTAssertEqual(g.leaderReward, again.leaderReward)
        let other = try StackelbergGames.randomGeneralSum(seed: 4)
        XCTAssertNotEqual(g.followerReward, other.followerReward)
    }

    func testTheoryInstanceSetup() throws {
        let e5 = try TheoryInstance()
        XCTAssertEqual(e5.stateCount, 5)
        XCTAssertEqual(e5.actionCount, 3)
        XCTAssertEqual(e5.featureCount, 3)
        XCTAssertEqual(e5.lower.base.gamma, 0.8)
        XCTAssertEqual(e5.lower.base.tau, 0.5)
        for sa in 0..<15 {
            XCTAssertEqual(e5.lower.base.successors[sa].count, 3)
        }
        // r_x = Phi x is linear with no offset, and f includes 0.5|x|^2.
        let x = [0.3, -1.2, 0.7]
        let r = e5.lower.reward(at: x), r2 = e5.lower.reward(at: x.map { 2 * $0 })
        for i in 0..<15 { XCTAssertEqual(r2[i], 2 * r[i], accuracy: 1e-12) }
        let mdp = try e5.lower.mdp(at: x)
        let pi = Policy.uniform(stateCount: 5, actionCount: 3)
        let ev = PolicyEvaluation(mdp: try mdp.with(rewards: e5.upperReward), policy: pi, tau: 0)
        let f = e5.problem.upper.value(x: x, policy: pi, lower: mdp)
        XCTAssertEqual(f, -ev.initialValue + 0.5 * (0.09 + 1.44 + 0.49), accuracy: 1e-12)
    }

    /// A game stored in a run record round-trips, and a stored leader start distribution is
    /// the one the rebuilt upper objective uses (E1a: leader's value from S only).
    func testGameFileRoundTripKeepsLeaderStart() throws {
        let game = try StackelbergGames.commitment()
        let n = game.stateCount
        let uniform = [Double](repeating: 1.0 / Double(n), count: n)
        let lower = try StackelbergGame(stateCount: n, leaderActionCount: game.leaderActionCount, followerActionCount: game.followerActionCount,
                                        transitions: game.transitions, leaderReward: game.leaderReward, followerReward: game.followerReward,
                                        gamma: game.gamma, tau: game.tau, initialDistribution: uniform)
        let file = StackelbergGameFile(lower, leaderStart: [1, 0, 0])
        let decoded = try JSONDecoder().decode(StackelbergGameFile.self, from: JSONEncoder().encode(file))
        XCTAssertEqual(decoded, file)
        let x = [Double](repeating: 0, count: n * game.leaderActionCount)
        let fromS = try decoded.problem().hyperObjective(x: x)
        let fromUniform = try StackelbergGameFile(lower).problem().hyperObjective(x: x)
        let mdp = try lower.followerMDP.mdp(at: x)
        let pi = mdp.softOptimum().policy
        let leaderFromS = NegativeUpperValue(reward: lower.leaderRewardModel, dynamics: lower.followerMDP, initialDistribution: [1, 0, 0])
        XCTAssertEqual(fromS, leaderFromS.value(x: x, policy: pi, lower: mdp), accuracy: 1e-10)
        XCTAssertNotEqual(fromS, fromUniform, accuracy: 1e-3)
    }
}
