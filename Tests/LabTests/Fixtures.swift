import Foundation
import XCTest
@testable import Lab

/// A throwaway package root: Package.swift, experiments/toy/{main.swift,configs/quick.yaml},
/// Sources/Lab/Fake.swift — enough for the code digest, config lookup and git provenance.
struct FixturePackage {
    let root: URL

    init(config: String = FixturePackage.defaultConfig, git: Bool) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("lab-fixture-\(UUID().uuidString)")
        try write("Package.swift", "// fixture\n")
        try write("experiments/toy/experiment.yaml", "name: toy\nnumber: E99\ntitle: toy\norder: 99\n")
        try write("experiments/toy/main.swift", "// toy experiment\n")
        try write("experiments/toy/configs/quick.yaml", config)
        try write("Sources/Lab/Fake.swift", "let version = 1\n")
        try write(".gitignore", "runs/\n")
        if git {
            try shell("git init -q && git -c user.email=t@t -c user.name=t add -A && git -c user.email=t@t -c user.name=t commit -qm init")
        }
    }

    /// A package already on disk (e.g. a git worktree of a fixture).
    init(existing root: URL) { self.root = root }

    static let defaultConfig = """
        seeds: 0..3
        gamma: 0.9
        iterations: 5
        """

    var workspace: Workspace { Workspace(root: root) }
    var runs: URL { root.appendingPathComponent("runs/toy/quick") }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    @discardableResult
    func shell(_ command: String) throws -> String {
        let output = Shell.run("sh", ["-c", command], in: root)
        guard let output, output.status == 0 else {
            throw LabError("fixture command failed: \(command): \(output?.stderr ?? "not started")")
        }
        return output.stdout
    }

    func session(_ arguments: [String] = []) throws -> Session {
        let options = try ExperimentOptions.parse(["--profile", "quick"] + arguments)
        return try Session(experiment: "toy", methods: ToyExperiment.methods, options: options, workspace: workspace)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// A tiny seeded experiment: a damped recursion x_{k+1} = gamma x_k + u_k with u_k from a
/// SplitMix64 stream of the seed. Method "diverge" multiplies by 1e300 each step (its
/// series overflows to +inf); method "throw" throws `NonFiniteError` itself.
enum ToyExperiment {
    static let methods = ["damped", "doubled", "diverge", "throw"]

    static func run(_ session: Session, calls: Locked<Int>) throws -> [RunRecord] {
        let gamma = try session.config.double("gamma", in: 0..<1)
        let iterations = try session.config.int("iterations", min: 1)
        return try session.run { job in
            calls.withLock { $0 += 1 }
            var state = job.seed &+ 0x9E37_79B9_7F4A_7C15
            var x = 0.0
            var xs: [Double] = []
            for k in 0..<iterations {
                state = state &+ 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                let u = Double(z >> 11) * 0x1p-53
                switch job.method {
                case "diverge": x = (x + 1) * 1e300
                case "throw": if k == 2 { throw NonFiniteError(name: "x", iteration: k, value: .nan) }
                case "doubled": x = gamma * x + 2 * u
                default: x = gamma * x + u
                }
                xs.append(x)
            }
            var result = RunResult()
            result.series["x"] = xs
            result.finals["x"] = xs.last!
            result.matrices["m"] = [[1, 2], [3, Double(job.seed)]]
            result.instance = .object(["gamma": .double(gamma), "n": .int(iterations)])
            return result
        }
    }
}
