import XCTest
import Algorithms
import BilevelCore
import Environments

/// The model-free methods behind `SampledOptimizer` (docs/sampling.md): chosen by name, the same
/// numbers whatever the thread count, HPGD ascends the designer's objective in Four Rooms.
final class SampledOptimizerTests: XCTestCase {
    func fourRooms(_ kind: SampledMethodKind, threads: Int, steps: Int) throws -> SampledOptimizer {
        let env = try FourRoomsIncentive(tau: 0.005, coverage: 0)
        var rng = SeededGenerator(seed: 3)
        let w0 = (0..<105).map { _ in 0.01 * rng.normal() }
        let y0 = try env.mdp(at: w0).softOptimum(tolerance: 1e-11).policy.logits
        let spec = SampledMethodSpec(kind, lambda: 1 / 0.005, transitions: 2000, episodesPerBatch: 10)
        let settings = OptimizerSettings(iterations: steps, stepX: 0.5, stepY: 0.03, clipNorm: 1)
        var opt = try SampledOptimizer(problem: .fourRooms(env, cost: 1), method: spec, settings: settings, x0: w0,
                                       y0: kind.usesPenalty ? y0 : nil, seed: 7, threads: threads)
        for _ in 0..<steps { try opt.step() }
        return opt
    }

    func testSameNumbersWhateverTheThreadCount() throws {
        for kind in SampledMethodKind.allCases {
            let a = try fourRooms(kind, threads: 1, steps: 3), b = try fourRooms(kind, threads: 3, steps: 3)
            XCTAssertEqual(a.x, b.x, "\(kind)")
            XCTAssertEqual(a.y, b.y, "\(kind)")
            XCTAssertEqual(a.transitionsSampled, b.transitionsSampled)
            XCTAssertGreaterThan(a.transitionsSampled, 0)
        }
    }

    func testHPGDAscendsTheDesignerObjective() throws {
        let start = try fourRooms(.hpgd, threads: 1, steps: 0).metrics().F
        let end = try fourRooms(.hpgd, threads: 1, steps: 20).metrics().F
        XCTAssertLessThan(end, start - 0.05, "f = -J must fall: \(start) -> \(end)")
    }

    func testBadInputIsOneClearError() throws {
        XCTAssertThrowsError(try SampledMethodKind.named("hpgd2")) { e in
            XCTAssertEqual("\(e)", "unknown method 'hpgd2'; valid methods: sampled-pbrl-value, sampled-pbrl-bellman, hpgd, sampled-zero-order")
        }
        let game = try StackelbergGames.randomGeneralSum(seed: 1)
        var opt = try SampledOptimizer(problem: .game(game), method: SampledMethodSpec(.hpgd), settings: OptimizerSettings(iterations: 1, stepX: 0.1),
                                       x0: [Double](repeating: 0, count: 30), seed: 1)
        XCTAssertThrowsError(try opt.step())
        XCTAssertThrowsError(try SampledOptimizer(problem: .game(game), method: SampledMethodSpec(.hpgd, transitions: 0),
                                                  settings: OptimizerSettings(iterations: 1, stepX: 0.1), x0: [Double](repeating: 0, count: 30), seed: 1))
    }

    /// Sampled PBRL-value on an E1b random game: with a generous budget it follows exact
    /// PBRL-value's F(x_k) closely over a short run.
    func testSampledPBRLValueTracksExactPBRLOnAGame() throws {
        let game = try StackelbergGames.randomGeneralSum(seed: 2)
        let x0 = [Double](repeating: 0, count: 30)
        let settings = OptimizerSettings(iterations: 15, stepX: 0.5, stepY: 0.5)
        var exact = try BilevelOptimizer(problem: game.bilevelProblem, method: MethodSpec(.pbrlValue, lambda: 10), settings: settings, x0: x0)
        var sampled = try SampledOptimizer(problem: .game(game), method: SampledMethodSpec(.sampledPBRLValue, lambda: 10, horizon: 60, episodesPerBatch: 2000),
                                           settings: settings, x0: x0, seed: 3)
        for _ in 0..<15 { try exact.step(); try sampled.step() }
        let fe = try exact.metrics().F, fs = try sampled.metrics().F, f0 = try game.bilevelProblem.hyperObjective(x: x0)
        XCTAssertLessThan(abs(fs - fe), 0.2 * abs(fe - f0), "F: start \(f0), exact PBRL \(fe), sampled \(fs)")
    }
}
