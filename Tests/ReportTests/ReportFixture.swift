import Foundation
import Lab

/// A throwaway package root with fixture results in the layout experiments write:
/// `experiments/<name>/REPORT_SECTION.md`, `runs/<name>/<profile>/{records/, summary.json,
/// figures/, figures.json}` and `expectations.yaml`.
struct ReportFixture {
    let root: URL

    init(name: String = #function) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("report-fixture-\(getpid())-\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString.prefix(6))")
        try? FileManager.default.removeItem(at: root)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("experiments"), withIntermediateDirectories: true)
        try write("// fixture package\n", to: "Package.swift")
    }

    /// Deletes the fixture, unless KEEP_REPORT_FIXTURES is set (then prints where it is, to look at).
    func remove() {
        if ProcessInfo.processInfo.environment["KEEP_REPORT_FIXTURES"] != nil { print("fixture kept: \(root.path)"); return }
        try? FileManager.default.removeItem(at: root)
    }

    func write(_ text: String, to path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func writeJSON(_ object: Any, to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try write(String(decoding: data, as: UTF8.self), to: path)
    }

    /// Registers an experiment (`experiments/<name>/experiment.yaml`, ExperimentRegistry).
    func register(_ experiment: String, number: String, title: String, order: Int) throws {
        try write(ExperimentRegistry.manifestText(ExperimentEntry(name: experiment, number: number, title: title, order: order)),
                  to: "experiments/\(experiment)/experiment.yaml")
    }

    /// Registers an experiment titled `E<n>: ...` (order n) and writes its REPORT_SECTION.md.
    func prose(_ experiment: String, title: String) throws {
        let parts = title.components(separatedBy: ": ")
        try register(experiment, number: parts[0], title: parts.dropFirst().joined(separator: ": "),
                     order: Int(parts[0].dropFirst().prefix { $0.isNumber }) ?? 99)
        try write("# \(title)\n\n**Reproduces.** The \(experiment) claim of the paper.\n\n**Reconstructed.** Our instance of \(experiment).\n",
                  to: "experiments/\(experiment)/REPORT_SECTION.md")
    }

    /// One experiment's results: a record per (method, seed) with series `F` = scale/(k+1)
    /// + 0.1 seed, a Lab-shaped summary, and one figure (a PNG whose square has `shade`).
    func experiment(_ name: String, profile: String = "standard", methods: [String] = ["pbrl-value", "naive"],
                    seeds: [Int] = [0, 1], metrics: [String: Double], scale: Double = 1, shade: UInt8 = 200,
                    commit: String = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", configHash: String = "c0ffee0000000000",
                    figureData: [String: [Double]]? = nil, runs: String = "runs") throws {
        let base = "\(runs)/\(name)/\(profile)"
        var files: [String] = []
        for method in methods {
            for seed in seeds {
                let series = (0..<5).map { scale / Double($0 + 1) + Double(seed) * 0.1 }
                let file = "\(method)_seed\(seed)_\(configHash.prefix(12)).json"
                files.append("records/\(file)")
                let record: [String: Any] = [
                    "schemaVersion": 1, "experiment": name, "method": method, "seed": seed, "params": [String: Double](),
                    "profile": profile, "config": ["gamma": 0.9, "iterations": 5, "optimizer": ["stepX": 0.1]],
                    "configHash": configHash, "codeDigest": "d1d1d1d1d1d1d1d1", "toolchain": "Swift 6.3.1 (x86_64, Linux)",
                    "status": "ok", "series": ["F": series], "xAxis": ["F": "iteration"], "finals": ["F": series.last!],
                    "matrices": [String: Any](), "labels": [String: String](),
                    "provenance": ["commit": commit, "dirty": false, "host": "fixture-host", "os": "Debian 12",
                                   "cpu": "Test CPU x 2", "swiftVersion": "Swift version 6.3.1", "cairoVersion": "1.16.0",
                                   "commandLine": [name]],
                    "timing": ["start": "2026-11-26T00:00:0\(seed).000Z", "end": "2026-11-26T00:00:1\(seed).500Z",
                               "wallSeconds": 10.5, "cpuSeconds": 10.0],
                ]
                try writeJSON(record, to: "\(base)/records/\(file)")
            }
        }
        try writeJSON(["schemaVersion": 1, "experiment": name, "profile": profile, "configHash": configHash,
                       "codeDigest": "d1d1", "toolchain": "t", "commit": commit, "dirty": false,
                       "metrics": metrics, "series": ["F.mean": [1.0, 0.5]], "notes": ["band": "min-max"],
                       "records": files, "failedRecords": [String]()],
                      to: "\(base)/summary.json")
        let figure = "\(name)_convergence"
        let png = TinyPNG.encode(width: 40, height: 30) { x, y in
            (x >= 10 && x < 20 && y >= 10 && y < 20) ? (shade, 40, 40) : (255, 255, 255)
        }
        let figures = root.appendingPathComponent("\(base)/figures")
        try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
        try png.write(to: figures.appendingPathComponent("\(figure).png"))
        try Data("%PDF-1.4 fixture\n".utf8).write(to: figures.appendingPathComponent("\(figure).pdf"))
        let manifest = FigureManifest(experiment: name, profile: profile, figures: [
            FigureEntry(name: figure, title: "\(name): F against iteration",
                        caption: "Mean over \(seeds.count) seeds, band = min-max; \(name), config \(configHash.prefix(12)).",
                        data: figureData),
        ])
        try manifest.write(to: root.appendingPathComponent("\(base)/figures.json"))
    }
}
