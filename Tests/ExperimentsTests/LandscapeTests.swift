import BilevelCore
import Environments
import Foundation
import Lab
import XCTest
@testable import landscape

/// E4 at the quick profile's scale: the landscapes are the functions they claim to be, the
/// lower-level curve is optimal, the penalized envelope approaches F from below, larger λ
/// lands PBRL closer to the bilevel solution, and bad configs fail with one line.
final class LandscapeTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func quickConfig() throws -> LandscapeConfig {
        let url = Self.packageRoot.appendingPathComponent("experiments/landscape/configs/quick.yaml")
        let reader = try ConfigReader(contentsOf: url)
        _ = try reader.ints("seeds")
        let config = try LandscapeConfig(reader, baseDirectory: Self.packageRoot)
        try reader.finish()
        return config
    }

    /// f, p, g, F straight from the core API, by a route independent of `LandscapeEvaluator`.
    func direct(_ problem: BilevelProblem, x: [Double], logits: [Double]) throws -> PointValues {
        let mdp = try problem.lower.mdp(at: x)
        let pi = Policy.softmax(logits: logits, stateCount: mdp.stateCount, actionCount: mdp.actionCount)
        let star = mdp.softOptimum(solver: .valueIteration, tolerance: 1e-14)
        let vStar = zip(mdp.initialDistribution, star.values).reduce(0) { $0 + $1.0 * $1.1 }
        let follower = PolicyEvaluation(mdp: mdp, policy: pi)
        return PointValues(f: problem.upper.value(x: x, policy: pi, lower: mdp),
                           p: vStar - follower.initialValue,
                           g: problem.bellmanPenalty(x: x, follower: follower).value,
                           F: try problem.hyperObjective(x: x, tolerance: 1e-13))
    }

    func testL1GridMatchesDirectEvaluation() throws {
        var s = try XCTUnwrap(quickConfig().l1)
        s.iterations = 1
        let r = try runL1(s)
        let lambdas = s.lambdas
        for (i, j) in [(0, 0), (3, 17), (10, 10), (20, 5), (s.resolution.x - 1, s.resolution.y - 1)] {
            let x = r.field.a[i], y = r.field.b[j]
            let want = try direct(r.instance.problem, x: [x], logits: r.instance.logits(y: y))
            let got = r.field.values[j][i]
            XCTAssertEqual(got.f, want.f, accuracy: 1e-10, "f at (\(x), \(y))")
            XCTAssertEqual(got.p, want.p, accuracy: 1e-10, "p at (\(x), \(y))")
            XCTAssertEqual(got.g, want.g, accuracy: 1e-10, "g at (\(x), \(y))")
            XCTAssertEqual(got.F, want.F, accuracy: 1e-10, "F at (\(x), \(y))")
            for l in lambdas {
                let grid = r.field.grid(.penalized(lambda: l, bellman: false), name: "t")
                XCTAssertEqual(grid.values[j][i], want.f + l * want.p, accuracy: 1e-9 * max(1, l))
            }
        }
        // 0 <= g <= p everywhere on the grid (docs/math.md section 3).
        for row in r.field.values { for v in row { XCTAssertLessThanOrEqual(v.g, v.p + 1e-12); XCTAssertGreaterThanOrEqual(v.g, -1e-12) } }
    }

    func testSolutionCurveIsLowerLevelOptimal() throws {
        let s = try XCTUnwrap(quickConfig().l1)
        let inst = try TwoStateIncentive(gamma: s.gamma, tau: s.tau)
        let xs = evenlySpaced(s.xRange.lowerBound, s.xRange.upperBound, count: 13)
        var previous = Double.infinity
        for x in xs {
            let y = try inst.solutionLogit(x: x)
            let v = try direct(inst.problem, x: [x], logits: inst.logits(y: y))
            XCTAssertEqual(v.p, 0, accuracy: 1e-10, "p(x, y*(x)) at x = \(x)")
            XCTAssertEqual(v.g, 0, accuracy: 1e-10, "g(x, y*(x)) at x = \(x)")
            XCTAssertEqual(v.f, v.F, accuracy: 1e-10)
            // Nontrivial curve: the follower is paid to stay, so y* strictly decreases in x.
            XCTAssertLessThan(y, previous)
            previous = y
        }
        let range = try inst.solutionLogit(x: xs.first!) - inst.solutionLogit(x: xs.last!)
        XCTAssertGreaterThan(range, 3, "y*(x) should sweep a wide range of logits over the grid")
    }

    func testPenalizedEnvelopeIsBelowFAndClosesAsLambdaGrows() throws {
        let s = try XCTUnwrap(quickConfig().l3)
        XCTAssertEqual(s.lambdas, [1, 10, 100])
        let r = try runL3(s)
        for (k, row) in r.penalizedMinimum.enumerated() {
            for (i, v) in row.enumerated() {
                XCTAssertLessThanOrEqual(v, r.hyper[i] + 1e-12, "min_y F_λ > F at x = \(r.x[i]), λ = \(s.lambdas[k])")
                if k > 0 { XCTAssertGreaterThanOrEqual(v, r.penalizedMinimum[k - 1][i] - 1e-12, "envelope not monotone in λ") }
            }
        }
        let gaps = r.maxGap
        XCTAssertGreaterThan(gaps[0], gaps[1])
        XCTAssertGreaterThan(gaps[1], gaps[2])
        // Near y*, F - min_y F_λ ≈ |∇_y f|² / (2 λ μ): one decade of λ shrinks the gap about tenfold.
        XCTAssertLessThan(gaps[2], 0.2 * gaps[1])
        XCTAssertLessThan(gaps[2], 0.05)
        // The inner minimum is a true minimum of the scalar slice (dense scan cannot beat it).
        let inst = try TwoStateIncentive(gamma: s.gamma, tau: s.tau)
        let ev = LandscapeEvaluator(problem: inst.problem)
        for i in [0, r.x.count / 2, r.x.count - 1] {
            var scan = Double.infinity
            for k in 0...800 {
                let y = -12 + 24 * Double(k) / 800
                scan = min(scan, try ev.values(x: [r.x[i]], logits: inst.logits(y: y)).value(.penalized(lambda: 10, bellman: false)))
            }
            XCTAssertLessThanOrEqual(r.penalizedMinimum[1][i], scan + 1e-10)
        }
    }

    func testLargerLambdaEndsCloserToTheBilevelSolution() throws {
        var s = try XCTUnwrap(quickConfig().l1)
        s.resolution = (5, 5)
        let r = try runL1(s)
        let d = s.lambdas.map { abs(r.valuePaths[$0]!.x.last! - r.hyperMinimum.x) }
        XCTAssertGreaterThan(d[0], d[1], "λ = 1 vs 10")
        XCTAssertGreaterThan(d[1], d[2], "λ = 10 vs 100")
        XCTAssertLessThan(d[2], 0.02)
        // Only the home logit moves: the goal logits never separate.
        for path in r.valuePaths.values { XCTAssertLessThan(path.goalLogitDrift, 1e-12) }
        // The bilevel solution is a minimum of F (golden section on the grid cell).
        let F = { (x: Double) in try r.instance.problem.hyperObjective(x: [x]) }
        XCTAssertLessThanOrEqual(r.hyperMinimum.F, try F(r.hyperMinimum.x + 1e-3))
        XCTAssertLessThanOrEqual(r.hyperMinimum.F, try F(r.hyperMinimum.x - 1e-3))
    }

    func testUserLandscapeMatchesDirectEvaluationAndIsDeterministic() throws {
        let yaml = """
            landscapes:
              - name: e1b_slice
                instance: {generator: e1b, seed: 2}
                objective: F_lambda
                lambda: 10
                plane: {through: origin, directions: [solution, random], firstRange: [-0.5, 1.5], secondRange: [-1, 1]}
                resolution: [5, 4]
                solution: {iterations: 50, step: 1.0}
              - name: garnet_xy
                instance: {generator: garnet, seed: 5}
                objective: g
                plane: {axes: [x1, y4], firstRange: [-2, 2], secondRange: [-3, 3]}
                resolution: [4, 3]
            """
        let reader = try ConfigReader(yaml: yaml, file: "user.yaml")
        let config = try LandscapeConfig(reader, baseDirectory: Self.packageRoot)
        try reader.finish()
        for spec in config.landscapes {
            let resolved = try spec.resolve()
            let result = try runUserLandscape(resolved)
            let again = try runUserLandscape(try spec.resolve())
            XCTAssertEqual(result.matrices, again.matrices, "same config, same numbers")
            let a = result.series["grid.a"]!, b = result.series["grid.b"]!
            let values = result.matrices[spec.objective.tag]!
            for (i, j) in [(0, 0), (a.count - 1, 1), (2, b.count - 1)] {
                let pt = resolved.plane.point(a[i], b[j])
                let want = try direct(resolved.problem, x: pt.x, logits: pt.logits).value(spec.objective)
                XCTAssertEqual(values[j][i], want, accuracy: 1e-9, "\(spec.name) at (\(a[i]), \(b[j]))")
            }
            // The instance stored in the record rebuilds the same problem.
            let loaded = try loadInstance(try XCTUnwrap(result.instance), source: "test")
            let pt = resolved.plane.point(a[1], b[1])
            XCTAssertEqual(try direct(loaded.problem, x: pt.x, logits: pt.logits).value(spec.objective),
                           values[1][1], accuracy: 1e-12)
        }
        // The direction plane passes through the exact solution at (a, b) = (1, 0), where p = 0.
        let resolved = try config.landscapes[0].resolve()
        let sol = resolved.plane.point(1, 0)
        XCTAssertEqual(try direct(resolved.problem, x: sol.x, logits: sol.logits).p, 0, accuracy: 1e-9)
        // The coordinate plane sets exactly its two coordinates.
        let xy = try config.landscapes[1].resolve().plane.point(0.5, -1.5)
        XCTAssertEqual(xy.x, [0, 0.5, 0])
        XCTAssertEqual(xy.logits[4], -1.5)
        XCTAssertEqual(xy.logits.filter { $0 != 0 }.count, 1)
    }

    /// A landscape through a run's final iterate, read from a run record written by Lab.
    func testUserLandscapeFromARunRecord() throws {
        var s = try XCTUnwrap(quickConfig().l2)
        s.resolution = (3, 3)
        s.pbrlIterations = 40
        s.hyperIterations = 40
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("landscape-test-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let settings = s
        let runner = Runner(experiment: "landscape", profile: "test", config: .object([:]), configHash: String(repeating: "0", count: 64),
                            codeDigest: nil, provenance: Provenance.current(root: nil), outputDirectory: dir)
        let outcome = runner.run([Job(method: "l2", seed: 0)]) { _ in try l2Record(try runL2(settings), settings) }
        let record = try XCTUnwrap(outcome.records.first)
        XCTAssertEqual(record.status, .ok, record.error ?? "")
        let file = dir.appendingPathComponent(record.fileName)
        let yaml = """
            landscapes:
              - name: from_record
                instance: {record: \(file.path)}
                objective: F
                plane: {through: final, axes: [x0, y5], firstRange: [-1, 1], secondRange: [-2, 2]}
                resolution: [3, 3]
            """
        let reader = try ConfigReader(yaml: yaml, file: "user.yaml")
        let spec = try XCTUnwrap(LandscapeConfig(reader, baseDirectory: Self.packageRoot).landscapes.first)
        let resolved = try spec.resolve()
        // The instance is the E1b game of the record, and the plane goes through PBRL's final point.
        let game = try StackelbergGames.randomGeneralSum(seed: s.gameSeed)
        let pbrlX = try XCTUnwrap(record.matrices["pbrl.x"]?.first)
        let pbrlY = try XCTUnwrap(record.matrices["pbrl.y"]?.first)
        let center = resolved.plane.point(pbrlX[0], pbrlY[5])
        XCTAssertEqual(center.x, pbrlX)
        for (u, v) in zip(center.logits, pbrlY) { XCTAssertEqual(u, v, accuracy: 1e-12) }
        XCTAssertEqual(try resolved.problem.hyperObjective(x: pbrlX), try game.bilevelProblem.hyperObjective(x: pbrlX), accuracy: 1e-12)
        XCTAssertEqual(resolved.markers.first?.1, pbrlX[0])
    }

    /// Each bad config gives one line naming the problem (and the valid choices where there are some).
    func testBadConfigLines() throws {
        let good = """
            name: t
            instance: {generator: garnet, seed: 5}
            objective: p
            plane: {axes: [x0, x1], firstRange: [-1, 1], secondRange: [-1, 1]}
            """
        func failure(_ entry: String, l1: String? = nil) -> String? {
            let indented = entry.split(separator: "\n").enumerated()
                .map { $0.offset == 0 ? "  - \($0.element)" : "    \($0.element)" }.joined(separator: "\n")
            let yaml = (l1.map { "l1:\n  \($0)\n" } ?? "") + "landscapes:\n" + indented + "\n"
            do {
                let reader = try ConfigReader(yaml: yaml, file: "bad.yaml")
                let config = try LandscapeConfig(reader, baseDirectory: Self.packageRoot)
                try reader.finish()
                _ = try config.landscapes.map { try $0.resolve(validateOnly: true) }
                return nil
            } catch {
                return String(describing: error)
            }
        }
        XCTAssertNil(failure(good), "the good entry must pass")
        let cases: [(String, String?, [String])] = [
            (good.replacingOccurrences(of: "objective: p", with: "objective: q"), nil, ["objective", "F_lambda"]),
            (good.replacingOccurrences(of: "objective: p", with: "objective: F_lambda"), nil, ["lambda"]),
            (good.replacingOccurrences(of: "generator: garnet", with: "generator: gridworld"), nil, ["gridworld", "e1b"]),
            (good.replacingOccurrences(of: "[x0, x1]", with: "[x0, x7]"), nil, ["x7", "out of range"]),
            (good.replacingOccurrences(of: "[x0, x1]", with: "[x0, z1]"), nil, ["z1", "x<i>"]),
            (good.replacingOccurrences(of: "firstRange: [-1, 1]", with: "firstRange: [1, -1]"), nil, ["firstRange", "lo < hi"]),
            (good.replacingOccurrences(of: "axes: [x0, x1]", with: "axes: [x0, x1], directions: [random, random]"), nil, ["exactly one"]),
            (good.replacingOccurrences(of: "plane: {", with: "plane: {through: final, "), nil, ["final", "record"]),
            (good.replacingOccurrences(of: "{generator: garnet, seed: 5}", with: "{record: no/such/record.json}"), nil, ["not found"]),
            (good + "\nresolution: [1, 40]", nil, ["resolution", "out of range"]),
            (good + "\ncolour: red", nil, ["unknown key", "colour", "objective"]),
            (good, "gama: 0.9", ["unknown key", "gama", "gamma"]),
            (good, "gamma: 1.5", ["gamma", "out of range"]),
        ]
        for (entry, l1, words) in cases {
            guard let message = failure(entry, l1: l1) else { XCTFail("accepted a bad config: \(entry) \(l1 ?? "")"); continue }
            XCTAssertFalse(message.contains("\n"), "not one line: \(message)")
            for w in words { XCTAssertTrue(message.contains(w), "'\(message)' should mention '\(w)'") }
        }
    }
}
