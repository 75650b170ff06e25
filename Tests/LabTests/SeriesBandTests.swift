import XCTest
import Foundation
@testable import Lab

final class SeriesBandTests: XCTestCase {
    func testPointwiseMeanSampleStdAndExtremes() {
        let band = SeriesBand([[1, 2, 3], [3, 2, 5], [2, 2, 10, 99]])
        XCTAssertEqual(band.count, 3)
        XCTAssertEqual(band.mean, [2, 2, 6])
        // Column 0: deviations -1, 1, 0 -> sum of squares 2, over n - 1 = 2 -> 1.
        // Column 2: 3, 5, 10 -> deviations -3, -1, 4 -> 26 / 2 = 13.
        XCTAssertEqual(band.std[0], 1, accuracy: 1e-15)
        XCTAssertEqual(band.std[1], 0)
        XCTAssertEqual(band.std[2], 13.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(band.min, [1, 2, 3])
        XCTAssertEqual(band.max, [3, 2, 10])
        XCTAssertEqual(band.lower(.minMax), band.min)
        XCTAssertEqual(band.upper(.std)[0], 3, accuracy: 1e-15)
        XCTAssertEqual(band.standardError[2], (13.0 / 3).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(SeriesBand([[4, 5]]).std, [0, 0])
        XCTAssertEqual(SeriesBand([]).mean, [])
    }

    func testStaleTemporaryFilesOfDeadProcessesAreRemoved() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lab-stale-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["true"]
        try process.run()
        process.waitUntilExit()
        let dead = process.processIdentifier
        try AtomicFile.write("old", to: directory.appendingPathComponent("a.json"))
        try AtomicFile.write("x", to: directory.appendingPathComponent(".a.json.tmp-\(dead)-1"))
        try AtomicFile.write("y", to: directory.appendingPathComponent(".a.json.tmp-\(getpid())-7"))
        AtomicFile.removeStaleTemporaries(in: directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        XCTAssertEqual(names, [".a.json.tmp-\(getpid())-7", "a.json"])
    }
}
