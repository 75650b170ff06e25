import Algorithms
import BilevelCore
import Environments
import Foundation
import Sampling

/// `bench --sampling`: the model-free side (docs/sampling.md). Times (thread CPU, one core)
/// (a) HPGD-style rollouts of a fixed policy, 5 environments x 2,000 steps with restarts at a
/// terminal state or after 200 steps (10,000 transitions per call), on Four Rooms (208 states,
/// the best response at w = 0, tau = 0.005) and a Garnet n = 100 (4 actions, 5 successors,
/// softmax of the instance's y0); (b) one HPGD outer iteration on Four Rooms (warm-started exact
/// best response + 10,000 transitions + the estimator), after 3 warm-up iterations. Writes the
/// instances and timings for benchmarks/python/bench_sampling.py, which times a vectorized
/// NumPy sampler on the same instances.
func samplingBench(harness: Harness, out: String) throws {
    let env = try FourRoomsIncentive(tau: 0.005, coverage: 0)
    let w0 = [Double](repeating: 0, count: env.parameterCount)
    let rooms = try env.mdp(at: w0)
    var start = [Double](repeating: 0, count: env.stateCount)
    start[env.unionState(context: 1, state: env.startState)] = 1
    let garnet = try GarnetBilevel(states: 100, seed: 1)
    let cases: [(String, TabularMDP, Policy, [Double])] = [
        ("four-rooms", rooms, rooms.softOptimum(tolerance: 1e-11).policy, start),
        ("garnet-100", garnet.mdp, Policy.softmax(logits: garnet.y0, stateCount: 100, actionCount: 4), garnet.mdp.initialDistribution),
    ]
    var entries: [SamplingEntry] = []
    print(row(["sampler", "instance", "CPU median", "transitions/s", "samples"]))
    for (name, mdp, pi, rho) in cases {
        let sim = Simulator(mdp: mdp)
        let sampler = PolicySampler(pi)
        var seed: UInt64 = 0
        let t = harness.measure { () -> Int in
            seed &+= 1
            return sim.rollouts(policy: sampler, environments: 5, stepsPerEnvironment: 2000, episodeLength: 200, seed: seed, start: rho).stepCount
        }
        print(row(["rollouts 5x2000", name, formatSeconds(t.median), String(format: "%.3g", 10_000 / t.median), "\(t.samples.count)"]))
        let n = mdp.stateCount, m = mdp.actionCount
        entries.append(SamplingEntry(name: name, n: n, m: m, successors: mdp.successors,
                                     probabilities: (0..<(n * m)).map { sa in mdp.successors[sa].map { mdp.transitions[sa * n + $0] } },
                                     terminal: mdp.terminal, start: rho, policy: pi.probabilities,
                                     environments: 5, steps: 2000, episodeLength: 200, seconds: t))
    }
    // One HPGD outer iteration on Four Rooms (tau 0.005, c = 1).
    let settings = OptimizerSettings(iterations: 0, stepX: 0.5, clipNorm: 1.0)
    var opt = try SampledOptimizer(problem: .fourRooms(env, cost: 1), method: SampledMethodSpec(.hpgd), settings: settings, x0: w0, seed: 1)
    for _ in 0..<3 { try opt.step() }
    let base = opt
    var current = base
    let h = harness.measure { () -> Double in
        current = base  // the same state every call: a warm-started step from iterate 3
        return (try? current.step()) ?? .nan
    }
    print(row(["hpgd step", "four-rooms", formatSeconds(h.median), "10000 transitions", "\(h.samples.count)"]))
    let file = SamplingFile(samplers: entries, hpgdStep: h)
    let url = URL(fileURLWithPath: out)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try JSONEncoder().encode(file).write(to: url, options: .atomic)
    print("wrote \(out)")
}

struct SamplingEntry: Codable {
    var name: String
    var n: Int, m: Int
    var successors: [[Int]]
    var probabilities: [[Double]]
    var terminal: [Bool]
    var start: [Double]
    var policy: [Double]
    var environments: Int, steps: Int, episodeLength: Int
    var seconds: Measurement
}

struct SamplingFile: Codable {
    var samplers: [SamplingEntry]
    var hpgdStep: Measurement
}
