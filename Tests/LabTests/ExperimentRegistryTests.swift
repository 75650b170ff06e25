import XCTest
import Foundation
@testable import Lab

/// The experiment registry (`experiments/<name>/experiment.yaml`) of this package, and its
/// reading rules on throwaway folders.
final class ExperimentRegistryTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every registered experiment has the files the house expects, a REPORT_SECTION.md whose
    /// title is the registry's `E<n>: title`, and a number no other experiment has.
    func testEveryRegisteredExperimentIsComplete() throws {
        let entries = try ExperimentRegistry.entries(in: Self.packageRoot)
        XCTAssertTrue(Set(["stackelberg", "incentive", "rlhf", "landscape", "theory", "scaling"]).isSubset(of: entries.map(\.name)),
                      "\(entries.map(\.name))")
        var numbers: [String: String] = [:]
        for e in entries {
            let folder = Self.packageRoot.appendingPathComponent("experiments/\(e.name)")
            for file in ["main.swift", "REPORT_SECTION.md", "configs/quick.yaml", "configs/standard.yaml", "configs/full.yaml"] {
                XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path),
                              "experiments/\(e.name)/\(file) is missing")
            }
            let prose = try String(contentsOf: folder.appendingPathComponent("REPORT_SECTION.md"), encoding: .utf8)
            XCTAssertEqual(prose.components(separatedBy: "\n").first, "# \(e.heading)",
                           "experiments/\(e.name)/REPORT_SECTION.md's title must be the registry's (experiment.yaml)")
            if let other = numbers[e.number] { XCTFail("\(e.name) and \(other) are both \(e.number)") }
            numbers[e.number] = e.name
        }
        // Report order: E1 stackelberg first, the numbers' order among the six.
        let six = entries.map(\.name).filter { ["stackelberg", "incentive", "rlhf", "landscape", "theory", "scaling"].contains($0) }
        XCTAssertEqual(six, ["stackelberg", "incentive", "rlhf", "landscape", "theory", "scaling"])
        XCTAssertEqual(try ExperimentRegistry.names(in: Self.packageRoot), entries.map(\.name))
    }

    func testManifestErrorsAreOneLineNamingTheField() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ name: String, _ text: String) throws {
            let url = root.appendingPathComponent("experiments/\(name)/experiment.yaml")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("experiments/not-registered"), withIntermediateDirectories: true)
        try write("beta", "name: beta\nnumber: E2\ntitle: B\norder: 2\n")
        try write("alpha", "name: alpha\nnumber: E10\ntitle: A\norder: 10\n")
        XCTAssertEqual(try ExperimentRegistry.names(in: root), ["beta", "alpha"])   // by order, not by name
        XCTAssertEqual(try ExperimentRegistry.entries(in: root).last?.heading, "E10: A")

        try write("gamma", "name: gama\nnumber: E3\ntitle: G\norder: 3\n")
        XCTAssertThrowsError(try ExperimentRegistry.names(in: root)) {
            XCTAssertTrue("\($0)".contains("'name' is 'gama' but the folder is experiments/gamma/"), "\($0)")
        }
        try write("gamma", "name: gamma\nnumber: X3\ntitle: G\norder: 3\n")
        XCTAssertThrowsError(try ExperimentRegistry.names(in: root)) { XCTAssertTrue("\($0)".contains("'number' must look like E7 or E3b (got 'X3')"), "\($0)") }
        try write("gamma", "name: gamma\nnumber: E3\ntitle: G\norder: 3\ncolour: red\n")
        XCTAssertThrowsError(try ExperimentRegistry.names(in: root)) { XCTAssertTrue("\($0)".contains("unknown key 'colour'"), "\($0)") }
        try write("gamma", "name: gamma\nnumber: E3\norder: 3\n")
        XCTAssertThrowsError(try ExperimentRegistry.names(in: root)) { XCTAssertTrue("\($0)".contains("missing key 'title'"), "\($0)") }
    }

    func testNames() {
        for ok in ["my-idea", "e7", "rlhf-deep", "incentive-sampled"] { XCTAssertNil(ExperimentRegistry.nameProblem(ok), ok) }
        for bad in ["", "My", "1abc", "a--b", "a-", "-a", "a_b", "a b", "a.b", String(repeating: "a", count: 41)] {
            XCTAssertNotNil(ExperimentRegistry.nameProblem(bad), bad)
        }
        for reserved in ["lab", "bilevel", "plot-gallery", "bilevelcore", "report", "yams"] {
            XCTAssertEqual(ExperimentRegistry.nameProblem(reserved)?.contains("reserved"), true, reserved)
        }
        XCTAssertEqual(ExperimentRegistry.moduleName("rlhf-deep"), "rlhf_deep")
    }
}
