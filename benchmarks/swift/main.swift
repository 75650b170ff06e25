import ArgumentParser
import Foundation

/// `bench`: medians of the five core kernels on Garnet MDPs (and Four Rooms), written as JSON
/// (instances, timings, outputs) for the NumPy reference `benchmarks/python/bench.py`, which
/// times the same kernels on the same instances, checks agreement and prints the ratio table.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the core kernels (policy evaluation, soft VI/PI, PBRL value/Bellman step, hypergradient step).")

    @Option(help: "Garnet sizes n (comma-separated).")
    var sizes = "10,30,100,300,1000"

    @Option(help: "Kernels (comma-separated) among: \(Kernel.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kernels = Kernel.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Seconds of sampling per (kernel, instance) after warm-up.")
    var budget = 0.4

    @Option(help: "Where to write the JSON of instances, timings and outputs.")
    var out = ".build/bench/swift.json"

    @Flag(inversion: .prefixedNo, help: "Also time the Four Rooms MDP of E2.")
    var fourRooms = true

    @Flag(help: "Only time the two LU backends (native loops vs LAPACK) over the sizes.")
    var luSweep = false

    @Option(help: "Only time the sampler and one HPGD step (docs/sampling.md), writing this JSON for bench_sampling.py.")
    var sampling: String?

    func run() throws {
        let ns = try sizes.split(separator: ",").map { s -> Int in
            guard let v = Int(s.trimmingCharacters(in: .whitespaces)), v >= 2 else {
                throw ValidationError("invalid size '\(s)' in --sizes: expected integers >= 2, e.g. 10,30,100")
            }
            return v
        }
        let ks = try kernels.split(separator: ",").map { s -> Kernel in
            guard let k = Kernel(rawValue: String(s)) else {
                throw ValidationError("unknown kernel '\(s)'; valid kernels: \(Kernel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return k
        }
        if let sampling {
            try samplingBench(harness: Harness(budget: budget), out: sampling)
            return
        }
        if luSweep {
            try BilevelBench.luSweep(sizes: ns, harness: Harness(budget: budget))
            return
        }
        var instances: [BenchInstance] = []
        for n in ns { instances.append(try .garnet(states: n)) }
        if fourRooms { instances.append(contentsOf: try extraInstances()) }
        let harness = Harness(budget: budget)
        var results: [ResultEntry] = []
        print(row(["kernel", "n", "instance", "CPU median", "wall median", "samples"]))
        for inst in instances {
            for k in ks {
                let prepared = try inst.prepare(k)
                let t = harness.measure(prepared.run)
                let outputs = try prepared.outputs()
                results.append(ResultEntry(instance: inst.label, kernel: k.rawValue, seconds: t, outputs: outputs))
                print(row([k.rawValue, "\(inst.mdp.stateCount)", inst.label, formatSeconds(t.median), formatSeconds(t.wallMedian), "\(t.samples.count)"]))
                fflush(stdout)
            }
        }
        let file = BenchFile(instances: instances.map { ($0.label, $0.description) }.reduce(into: [:]) { $0[$1.0] = $1.1 },
                             results: results)
        let url = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONEncoder().encode(file).write(to: url, options: .atomic)
        print("wrote \(out)")
    }
}

struct ResultEntry: Codable {
    var instance: String
    var kernel: String
    var seconds: Measurement
    var outputs: [String: [Double]]
}

struct BenchFile: Codable {
    var instances: [String: InstanceFile]
    var results: [ResultEntry]
}

extension BenchInstance {
    var label: String { name == "garnet" ? "garnet-\(mdp.stateCount)" : name }
}

Bench.main()
