import XCTest
@testable import Lab

final class VerifyTests: XCTestCase {
    var fixture: FixturePackage!
    var records: [RunRecord] = []

    override func setUpWithError() throws {
        fixture = try FixturePackage(git: false)
        let session = try fixture.session(["--methods", "damped", "--seeds", "0,1"])
        records = try ToyExperiment.run(session, calls: Locked(0))
    }

    override func tearDown() { fixture.remove() }

    func testUnchangedRecordIsIdentical() throws {
        // A real rerun of the same job (forced) reproduces every number bit for bit.
        let session = try fixture.session(["--methods", "damped", "--seeds", "0,1", "--force"])
        let rerun = try ToyExperiment.run(session, calls: Locked(0))
        let outcome = Verification.Outcome(recorded: records[1], rerun: rerun[1])
        XCTAssertTrue(outcome.identical)
        XCTAssertEqual(outcome.differences, [])
        XCTAssertEqual(outcome.notes, [])
        XCTAssertEqual(outcome.comparedCount, 5 + 1 + 4)
        XCTAssertTrue(outcome.report.hasSuffix("identical (10 numbers: 1 series, 1 finals, 1 matrices)"), outcome.report)
    }

    func testChangedRecordListsEveryDifferingKeyWithBothValues() throws {
        var changed = records[0]
        changed.series["x"]![3] = changed.series["x"]![3].nextUp
        changed.series["x"]![4] += 1
        changed.finals["x"] = -0.0
        changed.finals["extra"] = 1
        changed.matrices["m"]![1][0] = 7
        changed.series["y"] = [1, 2]
        let outcome = Verification.Outcome(recorded: records[0], rerun: changed)
        XCTAssertFalse(outcome.identical)
        let x = records[0].series["x"]!
        XCTAssertEqual(outcome.differences.map(\.description), [
            "series.x[3] (and 1 more of 5): recorded \(x[3]), rerun \(x[3].nextUp)",
            "series.y: recorded absent, rerun present",
            "finals.extra: recorded absent, rerun 1.0",
            "finals.x: recorded \(x[4]), rerun -0.0",
            "matrices.m[1][0]: recorded 3.0, rerun 7.0",
        ])
        XCTAssertTrue(outcome.report.contains("DIFFERENT in 5 place(s)"))

        var shorter = records[0]
        shorter.series["x"]!.removeLast()
        XCTAssertEqual(RecordComparison.differences(records[0], shorter).map(\.key), ["series.x (length)"])
        var failed = records[0]
        failed.markFailed("non-finite value nan in x")
        XCTAssertEqual(RecordComparison.differences(records[0], failed).first?.key, "status")
        XCTAssertEqual(RecordComparison.differences(records[0], records[0]), [])
    }

    func testCodeChangeIsNotedButOnlyNumbersDecide() {
        var rerun = records[0]
        rerun.codeDigest = String(repeating: "0", count: 64)
        let outcome = Verification.Outcome(recorded: records[0], rerun: rerun)
        XCTAssertTrue(outcome.identical)
        XCTAssertEqual(outcome.notes.count, 1)
        XCTAssertTrue(outcome.notes[0].hasPrefix("the code differs"))
    }

    /// The resolved config written for the rerun reads back to the same resolved config.
    func testConfigRoundTripsThroughTheRerunFile() throws {
        let config: JSONValue = .object([
            "small": .double(1e-05), "large": .double(1e+20), "third": .double(1.0 / 3.0), "one": .double(1),
            "negative": .double(-0.0), "n": .int(7), "word": .string("yes"), "digits": .string("0.5"),
            "flag": .bool(true), "list": .array([.double(0.1), .double(2)]),
            "env": .object(["names": .array([.string("a b"), .string("c: d")])]),
        ])
        let reader = try ConfigReader(yaml: try Verification.configYAML(config), file: "rerun.yaml")
        XCTAssertEqual(try reader.double("small"), 1e-05)
        XCTAssertEqual(try reader.double("large"), 1e+20)
        XCTAssertEqual(try reader.double("third"), 1.0 / 3.0)
        XCTAssertEqual(try reader.double("one"), 1)
        XCTAssertEqual(try reader.double("negative").sign, .minus)
        XCTAssertEqual(try reader.int("n"), 7)
        XCTAssertEqual(try reader.string("word"), "yes")
        XCTAssertEqual(try reader.string("digits"), "0.5")
        XCTAssertEqual(try reader.bool("flag"), true)
        XCTAssertEqual(try reader.doubles("list"), [0.1, 2])
        XCTAssertEqual(try reader.section("env").strings("names"), ["a b", "c: d"])
        try reader.finish()
        XCTAssertEqual(try reader.resolved.canonicalData(), try config.canonicalData())
    }

    /// The spawn path: a stand-in executable receives the record's job and config and
    /// writes the "rerun" record the test prepared.
    func testRerunInvokesTheExperimentWithTheRecordsJob() throws {
        let bin = fixture.root.appendingPathComponent("bin")
        let prepared = fixture.root.appendingPathComponent("prepared.json")
        let log = fixture.root.appendingPathComponent("args.txt")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try fixture.write("bin/toy", """
            #!/bin/sh
            echo "$@" > '\(log.path)'
            while [ $# -gt 0 ]; do
              case "$1" in
                --out) out="$2"; shift ;;
                --config) cp "$2" '\(fixture.root.path)/received.yaml'; shift ;;
              esac
              shift
            done
            mkdir -p "$out/records" && cp '\(prepared.path)' "$out/records/toy.json"
            """)
        try fixture.shell("chmod +x bin/toy")
        var record = records[1]
        record.params = ["lambda": 0.1]
        let recordURL = fixture.root.appendingPathComponent("recorded.json")
        try AtomicFile.write(try record.encoded(), to: recordURL)

        try AtomicFile.write(try record.encoded(), to: prepared)
        let same = try Verification.verify(recordAt: recordURL, executableDirectory: bin, workingDirectory: fixture.root)
        XCTAssertTrue(same.identical)
        let arguments = try String(contentsOf: log, encoding: .utf8)
        XCTAssertTrue(arguments.contains("--seeds 1 --methods damped"), arguments)
        XCTAssertTrue(arguments.contains("--force --jobs 1 --profile quick --params lambda=0.1"), arguments)
        let received = try ConfigReader(contentsOf: fixture.root.appendingPathComponent("received.yaml"))
        XCTAssertEqual(try received.double("gamma"), 0.9)
        XCTAssertEqual(try received.int("iterations"), 5)

        var changed = record
        changed.finals["x"]! *= 2
        try AtomicFile.write(try changed.encoded(), to: prepared)
        let different = try Verification.verify(recordAt: recordURL, executableDirectory: bin, workingDirectory: fixture.root)
        XCTAssertEqual(different.differences.map(\.key), ["finals.x"])

        XCTAssertThrowsError(try Verification.verify(recordAt: recordURL, executableDirectory: fixture.root,
                                                     workingDirectory: fixture.root)) {
            XCTAssertTrue("\($0)".hasPrefix("no executable 'toy' in"), "\($0)")
        }
    }
}
