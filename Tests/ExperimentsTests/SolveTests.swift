import XCTest
import Foundation
import Lab
import BilevelCore
import Algorithms
@testable import solve

/// `bilevel solve`: a hand-written 3-state instance read, solved and checked against the exact
/// core (BilevelCore) and against a hand computation; bad instances are one-line errors.
final class SolveTests: XCTestCase {
    static let threeState = """
        # A hand-written 3-state, 2-action instance.
        name: three-state example
        states: 3
        actions: 2
        transitions:
          - [[0.9, 0.1, 0.0], [0.1, 0.0, 0.9]]
          - [[0.5, 0.5, 0.0], [0.0, 0.2, 0.8]]
          - [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
        rewards: [[0.0, 0.2], [0.5, 0.0], [0.0, 1.0]]
        gamma: 0.8
        tau: 0.5
        rho: [1.0, 0.0, 0.0]
        upper_reward: [[1.0, 0.0], [0.0, 1.0], [0.5, 0.0]]
        regularization: 0.5

        """

    static func read(_ text: String = threeState) throws -> SolveInstance {
        try SolveInstance.read(try ConfigReader(yaml: text, file: "three.yaml"), defaultName: "three")
    }

    static let settings = SolveSettings(lambdas: [10], iterations: 300, stepXScale: 0.2, stepYScale: 2, lambdaReference: 1,
                                        stepX: 0.5, evaluateEvery: 10)

    /// F(x) by hand, independent of BilevelCore: soft value iteration V(s) = τ log Σ_a exp(Q(s,a)/τ)
    /// with Q = r + γPV, π* = exp((Q - V)/τ), then V_U = Σ_a π*(r_U + γPV_U) by iteration, and
    /// F = -ρ·V_U + (c/2)|x|² (the upper value is unregularized).
    static func handF(_ i: SolveInstance, x: [Double]) -> Double {
        let n = i.states, m = i.actions
        func q(_ v: [Double], _ r: [Double], _ s: Int, _ a: Int) -> Double {
            r[s * m + a] + i.gamma * (0..<n).reduce(0) { $0 + i.transitions[(s * m + a) * n + $1] * v[$1] }
        }
        var V = [Double](repeating: 0, count: n)
        for _ in 0..<400 {
            V = (0..<n).map { s in i.tau * log((0..<m).reduce(0) { $0 + exp(q(V, x, s, $1) / i.tau) }) }
        }
        let pi = (0..<n).map { s in (0..<m).map { a in exp((q(V, x, s, a) - V[s]) / i.tau) } }
        var U = [Double](repeating: 0, count: n)
        for _ in 0..<400 { U = (0..<n).map { s in (0..<m).reduce(0) { $0 + pi[s][$1] * q(U, i.upperReward, s, $1) } } }
        return -zip(i.rho, U).reduce(0) { $0 + $1.0 * $1.1 } + i.regularization / 2 * x.reduce(0) { $0 + $1 * $1 }
    }

    func testThreeStateInstanceMatchesTheExactCore() throws {
        let instance = try Self.read()
        XCTAssertEqual(instance.name, "three-state example")
        XCTAssertEqual(instance.x0, [0.0, 0.2, 0.5, 0.0, 0.0, 1.0])   // r_x = x, from the rewards
        XCTAssertEqual(Array(instance.transitions[6..<9]), [0.5, 0.5, 0.0])   // P[1][0]
        let problem = try instance.problem()
        let F0 = try problem.hyperObjective(x: instance.x0)
        XCTAssertEqual(F0, Self.handF(instance, x: instance.x0), accuracy: 1e-10)

        let hyper = try solveJob(Job(method: "hypergradient", seed: 0), problem: problem, instance: instance, settings: Self.settings)
        XCTAssertEqual(hyper.series["F"]![0], F0, accuracy: 1e-12)
        let xK = hyper.matrices["final_x"]![0]
        XCTAssertEqual(hyper.finals["F"]!, try problem.hyperObjective(x: xK), accuracy: 1e-10)
        XCTAssertEqual(hyper.finals["F"]!, Self.handF(instance, x: xK), accuracy: 1e-10)
        XCTAssertLessThan(hyper.finals["F"]!, F0 - 1)   // measured: F0 = -0.0046, F(x_K) = -4.263
        // x_K is stationary: the exact core's hypergradient there is ~0 (gradient descent, step 0.5, 300 steps).
        let mdp = try problem.lower.mdp(at: xK)
        let best = PolicyEvaluation(mdp: mdp, optimum: mdp.softOptimum(tolerance: 1e-13))
        let grad = problem.hypergradient(x: xK, best: best).gradient
        XCTAssertLessThan(grad.map(abs).max()!, 1e-6, "\(grad)")
        // The recorded best response is the core's soft optimum at x_K.
        for s in 0..<3 { for a in 0..<2 { XCTAssertEqual(hyper.matrices["best_response"]![s][a], best.policy[s, a], accuracy: 1e-12) } }

        // PBRL-value at λ = 10 ends O(1/λ) from the bilevel solution (measured gap 1e-3), with a
        // small value penalty; PBRL-Bellman records the Bellman penalty g <= p.
        let pbrl = try solveJob(Job(method: "pbrl-value", seed: 0, params: ["lambda": 10]), problem: problem, instance: instance,
                                settings: Self.settings)
        XCTAssertEqual(pbrl.finals["F"]!, hyper.finals["F"]!, accuracy: 0.005)
        XCTAssertEqual(pbrl.finals["F"]!, try problem.hyperObjective(x: pbrl.matrices["final_x"]![0]), accuracy: 1e-10)
        XCTAssertLessThan(pbrl.finals["p"]!, 0.01)
        for (p, g) in zip(pbrl.series["p"]!, pbrl.series["g"]!) { XCTAssertLessThanOrEqual(g, p + 1e-12) }

    }

    func testFeatureInstance() throws {
        let text = Self.threeState.replacingOccurrences(of: "rewards: [[0.0, 0.2], [0.5, 0.0], [0.0, 1.0]]",
                                                        with: "features: [[[1, 0], [0, 1]], [[1, 1], [0, 0]], [[0, 0], [1, 0]]]\nx0: [0.5, -0.5]")
        let instance = try Self.read(text)
        XCTAssertEqual(instance.featureCount, 2)
        let problem = try instance.problem()
        XCTAssertEqual(problem.parameterCount, 2)
        // r_x = Φx at x0 = (0.5, -0.5): r = [0.5, -0.5, 0, 0, 0, 0.5].
        let rx = [0.5, -0.5, 0, 0, 0, 0.5]
        var tabular = try Self.read(Self.threeState)
        tabular.regularization = 0
        var features = instance
        features.regularization = 0
        XCTAssertEqual(try features.problem().hyperObjective(x: instance.x0), Self.handF(tabular, x: rx), accuracy: 1e-10)
    }

    /// Each problem is one line naming the field, and nothing else is read after it.
    func testBadInstancesAreOneLineNamingTheField() throws {
        let cases: [(String, String, String)] = [
            ("[[0.9, 0.1, 0.0], [0.1, 0.0, 0.9]]", "[[0.9, 0.2, 0.0], [0.1, 0.0, 0.9]]", "'transitions[0][0]' sums to 1.1"),
            ("[[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]", "[[1.0, 0.0, 0.0]]", "'transitions[2]' has 1 entries, expected 2 (the number of actions)"),
            ("[[0.5, 0.5, 0.0], [0.0, 0.2, 0.8]]", "[[1.5, -0.5, 0.0], [0.0, 0.2, 0.8]]", "'transitions[1][0][1]' = -0.5 is a negative probability"),
            ("rewards: [[0.0, 0.2]", "rewards: [[.nan, 0.2]", "'rewards[0][0]' must be a finite number, got .nan"),
            ("upper_reward: [[1.0, 0.0], [0.0, 1.0], [0.5, 0.0]]", "upper_reward: [[1.0, 0.0], [0.0, 1.0]]", "'upper_reward' has 2 entries, expected 3 (the number of states)"),
            ("rho: [1.0, 0.0, 0.0]", "rho: [0.5, 0.0, 0.0]", "'rho' sums to 0.5"),
            ("gamma: 0.8", "gamma: 1.2", "'gamma' = 1.2 is out of range"),
            ("gamma: 0.8", "gamma: 0.8\ngama: 0.8", "unknown key 'gama'"),
            ("tau: 0.5", "tau: .inf", "'tau' must be a finite number"),
            ("rewards:", "features: [[[1], [1]], [[1], [1]], [[1], [1]]]\nrewards:", "'features' and 'rewards' are both given"),
        ]
        for (old, new, expected) in cases {
            XCTAssertTrue(Self.threeState.contains(old), old)
            XCTAssertThrowsError(try Self.read(Self.threeState.replacingOccurrences(of: old, with: new)), expected) { error in
                let line = "\(error)"
                XCTAssertTrue(line.contains(expected), "\(line) lacks \(expected)")
                XCTAssertTrue(line.hasPrefix("three.yaml:"), line)
                XCTAssertFalse(line.contains("\n"), line)
            }
        }
    }

    /// End to end through the built executables: `bilevel solve` writes records, a figure and a
    /// report section whose numbers are the in-process run's, bit for bit; a bad instance is one
    /// line on stderr, a non-zero exit, and no output folder.
    func testBilevelSolveEndToEnd() throws {
        let build = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let bilevel = [build, build.deletingLastPathComponent()].map { $0.appendingPathComponent("bilevel") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        guard let bilevel, FileManager.default.isExecutableFile(atPath: bilevel.deletingLastPathComponent().appendingPathComponent("solve").path) else {
            throw XCTSkip("bilevel and solve executables not found next to \(CommandLine.arguments[0]) (swift build --build-tests builds them)")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("solve-e2e-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let file = scratch.appendingPathComponent("three.yaml")
        try Data(Self.threeState.utf8).write(to: file)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let runs = scratch.appendingPathComponent("runs")
        let arguments = ["solve", file.path, "--methods", "pbrl-value,hypergradient", "--lambda", "10", "--iterations", "300",
                         "--step-x-scale", "0.2", "--out", runs.path, "--root", root.path]
        let out = try XCTUnwrap(Shell.run(bilevel.path, arguments, in: scratch))
        XCTAssertEqual(out.status, 0, out.stderr)
        let folder = runs.appendingPathComponent("solve/three")
        let records = RunRecord.loadAll(in: folder.appendingPathComponent("records"))
        XCTAssertEqual(records.map(\.method).sorted(), ["hypergradient", "pbrl-value"])
        let instance = try Self.read()
        let problem = try instance.problem()
        for r in records {
            let again = try solveJob(r.job, problem: problem, instance: instance, settings: Self.settings)
            XCTAssertEqual(r.series["F"], again.series["F"], r.method)
            XCTAssertEqual(r.finals["F"], again.finals["F"], r.method)
        }
        struct Metrics: Decodable { var metrics: [String: Double] }
        let metrics = try JSONDecoder().decode(Metrics.self, from: Data(contentsOf: folder.appendingPathComponent("summary.json"))).metrics
        let F = Dictionary(uniqueKeysWithValues: records.map { ($0.method, $0.finals["F"]!) })
        XCTAssertEqual(metrics["solve.final_F_gap.pbrl-value(lambda=10)"], F["pbrl-value"]! - F["hypergradient"]!)
        XCTAssertEqual(metrics["solve.final_F.hypergradient"], F["hypergradient"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("figures/solve_convergence.png").path))
        let reports = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("report").path)
        XCTAssertEqual(reports.count, 1)
        let md = try String(contentsOf: folder.appendingPathComponent("report/\(reports[0])/REPORT.md"), encoding: .utf8)
        for needle in ["## 1. Your instance: three.yaml (solve)", "![three-state example: convergence]", "| pbrl-value(λ = 10) |"] {
            XCTAssertTrue(md.contains(needle), "REPORT.md lacks \(needle)")
        }

        // `bilevel verify` reruns a solve record like an experiment's.
        let verify = try XCTUnwrap(Shell.run(bilevel.path, ["verify"] + records.map { folder.appendingPathComponent("records/\($0.fileName)").path },
                                             in: root))
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        XCTAssertEqual(verify.stdout.components(separatedBy: ": identical").count, 3, verify.stdout)

        // A bad instance: one line naming the field, exit 2, nothing written.
        let bad = scratch.appendingPathComponent("bad.yaml")
        try Data(Self.threeState.replacingOccurrences(of: "[0.9, 0.1, 0.0]", with: "[0.9, 0.2, 0.0]").utf8).write(to: bad)
        let failed = try XCTUnwrap(Shell.run(bilevel.path, ["solve", bad.path, "--out", runs.path, "--root", root.path], in: scratch))
        XCTAssertEqual(failed.status, 2)
        let lines = failed.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("bad.yaml:"), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("'transitions[0][0]' sums to 1.1"), failed.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: runs.appendingPathComponent("solve/bad").path))
    }
}
