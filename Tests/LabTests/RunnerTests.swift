import XCTest
@testable import Lab

final class RunnerTests: XCTestCase {
    var fixture: FixturePackage!

    override func setUpWithError() throws { fixture = try FixturePackage(git: true) }
    override func tearDown() { fixture.remove() }

    func runToy(_ arguments: [String] = [], calls: Locked<Int> = Locked(0)) throws -> (Session, [RunRecord]) {
        let session = try fixture.session(["--methods", "damped,doubled", "--jobs", "2"] + arguments)
        let records = try ToyExperiment.run(session, calls: calls)
        return (session, records)
    }

    func testRecordFields() throws {
        let (session, records) = try runToy()
        XCTAssertEqual(records.count, 8)  // 2 methods x 4 seeds
        XCTAssertEqual(records.map(\.method), Array(repeating: "damped", count: 4) + Array(repeating: "doubled", count: 4))
        XCTAssertEqual(records.map(\.seed), [0, 1, 2, 3, 0, 1, 2, 3])
        let record = try RunRecord.load(session.recordsDirectory.appendingPathComponent(records[1].fileName))
        XCTAssertEqual(record, records[1])
        XCTAssertEqual(record.schemaVersion, 1)
        XCTAssertEqual(record.experiment, "toy")
        XCTAssertEqual(record.profile, "quick")
        XCTAssertEqual(record.status, .ok)
        XCTAssertNil(record.error)
        XCTAssertEqual(record.config, .object(["gamma": .double(0.9), "iterations": .int(5)]))
        XCTAssertEqual(record.configHash, SHA256.hex(#"{"gamma":0.9,"iterations":5}"#))
        XCTAssertEqual(record.codeDigest, BuildInfo.codeDigest(experiment: "toy"))
        XCTAssertEqual(record.codeDigest.count, 64)
        XCTAssertTrue(record.toolchain.hasPrefix("Swift 6."), record.toolchain)
        XCTAssertEqual(record.series["x"]?.count, 5)
        XCTAssertEqual(record.finals["x"], record.series["x"]?.last)
        XCTAssertEqual(record.matrices["m"], [[1, 2], [3, 1]])
        XCTAssertEqual(record.instance, .object(["gamma": .double(0.9), "n": .int(5)]))
        // x_{k+1} = 0.9 x_k + u_k with u_k in [0, 1): bounded by the geometric sum.
        XCTAssertTrue(record.series["x"]!.allSatisfy { $0 >= 0 && $0 < 10 })
        XCTAssertNotEqual(records[0].series["x"], records[1].series["x"], "seeds must differ")
        let head = try fixture.shell("git rev-parse HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(record.provenance.commit, head)
        XCTAssertFalse(record.provenance.dirty)
        XCTAssertNil(record.provenance.diff)
        XCTAssertFalse(record.provenance.host.isEmpty)
        XCTAssertFalse(record.provenance.cpu.isEmpty)
        XCTAssertFalse(record.provenance.os.isEmpty)
        XCTAssertTrue(record.provenance.swiftVersion.contains("Swift"), record.provenance.swiftVersion)
        XCTAssertFalse(record.provenance.cairoVersion.isEmpty)
        XCTAssertEqual(record.provenance.commandLine, CommandLine.arguments)
        XCTAssertGreaterThanOrEqual(record.timing.wallSeconds, 0)
        XCTAssertEqual(record.fileName, "damped_seed1_\(record.configHash.prefix(12)).json")
        // Sorted keys on disk.
        let text = try String(contentsOf: session.recordsDirectory.appendingPathComponent(record.fileName), encoding: .utf8)
        let topKeys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        XCTAssertEqual(topKeys, topKeys.sorted())
        XCTAssertTrue(topKeys.contains("provenance") && topKeys.contains("configHash"))
    }

    func testSameInputsGiveByteIdenticalRecordsExceptTiming() throws {
        let (session, first) = try runToy()
        let url = session.recordsDirectory.appendingPathComponent(first[2].fileName)
        let before = try Data(contentsOf: url)
        _ = try runToy(["--force"])
        let after = try Data(contentsOf: url)
        XCTAssertNotEqual(before, Data())
        XCTAssertEqual(try Self.withoutTiming(before), try Self.withoutTiming(after))
        var a = try JSONDecoder().decode(RunRecord.self, from: before)
        var b = try JSONDecoder().decode(RunRecord.self, from: after)
        a.timing = b.timing
        XCTAssertEqual(try a.encoded(), try b.encoded())
        b.timing = Timing(start: "", end: "", wallSeconds: 0, cpuSeconds: 0)
        XCTAssertNotEqual(try a.encoded(), try b.encoded(), "timing is part of the record")
    }

    /// The record's bytes with the `"timing" : {...}` block removed.
    static func withoutTiming(_ data: Data) throws -> String {
        let text = String(decoding: data, as: UTF8.self)
        let start = try XCTUnwrap(text.range(of: "  \"timing\" : {"))
        let end = try XCTUnwrap(text.range(of: "  }", range: start.upperBound..<text.endIndex))
        return String(text[..<start.lowerBound]) + String(text[end.upperBound...])
    }

    func testCacheHitSkipsWork() throws {
        let calls = Locked(0)
        _ = try runToy(calls: calls)
        XCTAssertEqual(calls.value, 8)
        let (session, records) = try runToy(calls: calls)
        XCTAssertEqual(calls.value, 8, "second run must do no work")
        XCTAssertEqual(session.cachedCount, 8)
        XCTAssertEqual(records.count, 8)
        _ = try runToy(["--force"], calls: calls)
        XCTAssertEqual(calls.value, 16, "--force reruns")
        _ = try runToy(["--seeds", "0..4"], calls: calls)
        XCTAssertEqual(calls.value, 18, "only the new seed 4 runs, for both methods")
    }

    func testCacheMissWhenAConfigValueChanges() throws {
        let calls = Locked(0)
        let (_, first) = try runToy(calls: calls)
        try fixture.write("experiments/toy/configs/quick.yaml", "seeds: 0..3\ngamma: 0.8\niterations: 5\n")
        let (_, second) = try runToy(calls: calls)
        XCTAssertEqual(calls.value, 16)
        XCTAssertNotEqual(first[0].configHash, second[0].configHash)
        XCTAssertNotEqual(first[0].fileName, second[0].fileName)
        // The same value spelled differently (and a comment) is the same config.
        try fixture.write("experiments/toy/configs/quick.yaml", "# tuned\nseeds: [0, 1, 2, 3]\ngamma: 0.80\niterations: 5\n")
        _ = try runToy(calls: calls)
        XCTAssertEqual(calls.value, 16)
    }

    /// The cache is keyed by the code the running binary was built from (`BuildInfo`, fixed
    /// at build time), not by the sources on disk: records of another build are rerun, and an
    /// edit on disk without a rebuild changes nothing (the binary still runs the old code,
    /// and its records say so).
    func testCacheMissWhenTheCodeDigestChanges() throws {
        let calls = Locked(0)
        let (session, records) = try runToy(calls: calls)
        XCTAssertEqual(Set(records.map(\.codeDigest)), [BuildInfo.codeDigest(experiment: "toy")])
        try fixture.write("Sources/Lab/Fake.swift", "let version = 2\n")
        try fixture.write("experiments/toy/main.swift", "// toy experiment, edited\n")
        _ = try runToy(calls: calls)
        XCTAssertEqual(calls.value, 8, "sources on disk are not the binary's code")
        // Records made by a build of other code (another digest) are not served.
        for record in records.prefix(3) {
            var other = record
            other.codeDigest = String(repeating: "0", count: 64)
            _ = try other.write(to: session.recordsDirectory)
        }
        // Without the shared store's copies of this build's records (RecordStoreTests).
        try FileManager.default.removeItem(at: XCTUnwrap(RecordStore.locate(root: fixture.root)).folder)
        _ = try runToy(calls: calls)
        XCTAssertEqual(calls.value, 11, "records of another build are rerun")
    }

    func testCacheIgnoresFailedAndForeignRecords() throws {
        let calls = Locked(0)
        let (session, records) = try runToy(calls: calls)
        var failed = records[0]
        failed.markFailed("boom")
        try failed.write(to: session.recordsDirectory)
        var other = records[1]
        other.toolchain = "Swift 5.9"
        try other.write(to: session.recordsDirectory)
        // Without the shared store's copies (RecordStoreTests), the two jobs must rerun.
        try FileManager.default.removeItem(at: XCTUnwrap(RecordStore.locate(root: fixture.root)).folder)
        _ = try runToy(calls: calls)
        XCTAssertEqual(calls.value, 10)
    }

    func testDivergenceGuard() throws {
        let calls = Locked(0)
        let session = try fixture.session(["--methods", "damped,diverge,throw"])
        let records = try ToyExperiment.run(session, calls: calls)
        XCTAssertEqual(records.count, 12)
        XCTAssertEqual(session.failedCount, 8)
        for record in records where record.method == "damped" { XCTAssertEqual(record.status, .ok) }
        let diverged = try XCTUnwrap(records.first { $0.method == "diverge" })
        XCTAssertEqual(diverged.status, .failed)
        XCTAssertEqual(diverged.error, "non-finite value inf in series 'x' at iteration 1")
        XCTAssertTrue(diverged.series.isEmpty && diverged.finals.isEmpty)
        let thrown = try XCTUnwrap(records.first { $0.method == "throw" })
        XCTAssertEqual(thrown.error, "non-finite value nan in x at iteration 2")
        // The failed records are on disk, valid JSON, and never served from the cache.
        let onDisk = try RunRecord.load(session.recordsDirectory.appendingPathComponent(diverged.fileName))
        XCTAssertEqual(onDisk.status, .failed)
        _ = try ToyExperiment.run(try fixture.session(["--methods", "damped,diverge,throw"]), calls: calls)
        XCTAssertEqual(calls.value, 12 + 8)
        XCTAssertEqual(records.succeeded.count, 4)
        XCTAssertEqual(records.runs("damped").map(\.seed), [0, 1, 2, 3])
    }

    func testRecordWithNonFiniteNumberIsNeverWritten() throws {
        let (session, records) = try runToy()
        var record = records[0]
        record.finals["x"] = .nan
        XCTAssertThrowsError(try record.write(to: session.recordsDirectory)) { XCTAssertTrue($0 is NonFiniteError) }
        XCTAssertEqual(try RunRecord.load(session.recordsDirectory.appendingPathComponent(record.fileName)), records[0])
    }

    func testCrashMidWriteLeavesThePreviousRecordIntact() throws {
        let (session, records) = try runToy()
        let url = session.recordsDirectory.appendingPathComponent(records[0].fileName)
        let before = try Data(contentsOf: url)
        var changed = records[0]
        changed.finals["x"] = 42
        AtomicFile.beforeRename = { temporary in
            // The new bytes are complete in the temporary file; the process "dies" here.
            XCTAssertTrue(FileManager.default.fileExists(atPath: temporary.path))
            throw SimulatedCrash()
        }
        defer { AtomicFile.beforeRename = nil }
        XCTAssertThrowsError(try changed.write(to: session.recordsDirectory))
        XCTAssertEqual(try Data(contentsOf: url), before, "previous record intact")
        let names = try FileManager.default.contentsOfDirectory(atPath: session.recordsDirectory.path)
        let leftovers = names.filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers.count, 1)
        XCTAssertTrue(leftovers.allSatisfy { $0.hasPrefix(".") }, "a partial file is hidden")
        XCTAssertEqual(RunRecord.loadAll(in: session.recordsDirectory).count, 8, "listings skip it")
        AtomicFile.beforeRename = nil
        try changed.write(to: session.recordsDirectory)
        XCTAssertEqual(try RunRecord.load(url).finals["x"], 42)
    }

    func testDirtyTreeStoresTheDiff() throws {
        try fixture.write("Sources/Lab/Fake.swift", "let version = 3 // uncommitted\n")
        try fixture.write("experiments/toy/New.swift", "// untracked\n")
        let (_, records) = try runToy()
        let provenance = records[0].provenance
        XCTAssertTrue(provenance.dirty)
        let diff = try XCTUnwrap(provenance.diff)
        XCTAssertTrue(diff.contains("+let version = 3 // uncommitted"), diff)
        XCTAssertTrue(diff.contains("-let version = 1"), diff)
        XCTAssertEqual(provenance.untracked, ["experiments/toy/New.swift"])
    }

    func testOutsideGitTheCommitIsUnknownAndTheRunProceeds() throws {
        let plain = try FixturePackage(git: false)
        defer { plain.remove() }
        let session = try plain.session(["--methods", "damped"])
        let records = try ToyExperiment.run(session, calls: Locked(0))
        XCTAssertEqual(records.count, 4)
        XCTAssertTrue(records.allSatisfy { $0.status == .ok })
        XCTAssertEqual(records[0].provenance.commit, "unknown")
        XCTAssertFalse(records[0].provenance.dirty)
    }

    func testUnknownConfigKeyStopsBeforeAnyRun() throws {
        try fixture.write("experiments/toy/configs/quick.yaml", "seeds: 0..1\ngamma: 0.9\niterations: 5\nlr: 0.1\n")
        let calls = Locked(0)
        XCTAssertThrowsError(try runToy(calls: calls)) { error in
            XCTAssertEqual((error as? ConfigError)?.kind, .unknownKey)
            XCTAssertTrue("\(error)".contains("unknown key 'lr'; valid keys: gamma, iterations, methods, seeds"), "\(error)")
        }
        XCTAssertEqual(calls.value, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.runs.path))
    }

    func testBadSeedsMethodsAndMissingProfileFile() throws {
        XCTAssertThrowsError(try fixture.session(["--methods", "sgd"])) {
            XCTAssertEqual("\($0)", "--methods: unknown method 'sgd'; valid: damped, doubled, diverge, throw")
        }
        try fixture.write("experiments/toy/configs/quick.yaml", "seeds: 3\n")
        XCTAssertThrowsError(try fixture.session()) { XCTAssertEqual(($0 as? ConfigError)?.kind, .wrongType) }
        try fixture.write("experiments/toy/configs/quick.yaml", "methods: [damped, adam]\n")
        XCTAssertThrowsError(try fixture.session()) { XCTAssertEqual(($0 as? ConfigError)?.kind, .badValue) }
        XCTAssertThrowsError(try fixture.session(["--profile", "full"])) {
            XCTAssertEqual(($0 as? ConfigError)?.kind, .missingFile)
            XCTAssertTrue("\($0)".hasSuffix("experiments/toy/configs/full.yaml"), "\($0)")
        }
    }

    func testParamsJobsAndFilter() throws {
        let session = try fixture.session(["--methods", "damped", "--seeds", "0,1", "--params", "lambda=10"])
        _ = try session.config.double("gamma")
        _ = try session.config.int("iterations")
        let jobs = session.jobs(params: [["lambda": 1], ["lambda": 10]])
        // The profile's jobs (every method and seed of the config); the command line selects 2.
        XCTAssertEqual(jobs.count, session.methods.count * 2 * session.seeds.count)
        XCTAssertEqual(jobs.filter(session.selection.matches).count, 2)
        let records = try session.run(jobs) { job in
            var result = RunResult()
            result.finals["lambda"] = job.params["lambda"]!
            return result
        }
        XCTAssertEqual(records.map(\.finals), [["lambda": 10], ["lambda": 10]])
        XCTAssertEqual(records[0].fileName, "damped_lambda=10_seed0_\(records[0].configHash.prefix(12)).json")
    }

    func testSummaryAndFigureProvenance() throws {
        let (session, records) = try runToy()
        let url = try session.writeSummary(metrics: ["x.mean": 1.5], series: ["x": [1, 2]], notes: ["band": "min-max"])
        let summary = try Summary.load(url)
        XCTAssertEqual(summary.metrics, ["x.mean": 1.5])
        XCTAssertEqual(summary.records, records.map { "records/" + $0.fileName })
        XCTAssertEqual(url, session.outputDirectory.appendingPathComponent("summary.json"))
        XCTAssertEqual(summary.configHash, records[0].configHash)
        XCTAssertThrowsError(try session.writeSummary(metrics: ["bad": .infinity]))
        XCTAssertEqual(try Summary.load(url), summary, "a rejected summary leaves the previous one")
        let figure = session.figureProvenance
        XCTAssertEqual(figure.metadata["configHash"], records[0].configHash)
        XCTAssertEqual(figure.metadata["commit"], records[0].provenance.commit)
        XCTAssertEqual(figure.metadata["experiment"], "toy")
    }
}
