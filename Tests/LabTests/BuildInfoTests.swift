import XCTest
@testable import Lab

/// What the binary was built from (docs/product.md, "Build information"): recorded at build
/// time by Plugins/BuildInfoPlugin, read from the binary at run time.
final class BuildInfoTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The target graph of Package.swift, as the plugin saw it: every experiment links the
    /// math, the LU kernel and the C module maps; the benchmark links no Lab.
    func testLinkedTargetsFollowThePackageGraph() {
        for experiment in ["stackelberg", "landscape", "theory", "incentive", "rlhf", "scaling"] {
            let linked = Set(BuildInfo.linkedTargets[experiment] ?? [])
            XCTAssertTrue(linked.isSuperset(of: [experiment, "BilevelCore", "DominantLU", "CLapack", "Environments",
                                                 "Algorithms", "Lab", "LabCore", "Plot", "CCairo", "ExperimentKit"]),
                          "\(experiment): \(linked.sorted())")
            XCTAssertFalse(linked.contains("Report"), experiment)
            XCTAssertEqual(BuildInfo.codeDigest(executable: experiment)?.count, 64)
        }
        XCTAssertEqual(Set(BuildInfo.linkedTargets["bilevel"] ?? []).intersection(["BilevelCore", "DominantLU", "Algorithms"]), [])
        XCTAssertFalse((BuildInfo.linkedTargets["bench"] ?? []).contains("Lab"))
        // Different code, different digests; a name that is no executable gets the package digest.
        XCTAssertEqual(Set(BuildInfo.executableDigests.values).count, BuildInfo.executableDigests.count)
        XCTAssertEqual(BuildInfo.codeDigest(experiment: "toy"), BuildInfo.packageDigest)
        XCTAssertNil(BuildInfo.codeDigest(executable: "toy"))
    }

    /// The embedded digest of each experiment is exactly SHA-256 over the files on disk of the
    /// targets it links (sources, headers, module maps; configs and report prose excluded),
    /// Package.swift, the dependency versions and the compiler: no file is left out and none
    /// is read at run time. (The sources are those the test bundle was built from.)
    func testDigestCoversEveryFileOfTheLinkedTargets() throws {
        for executable in ["stackelberg", "incentive", "bilevel", "bench"] {
            var files: [String] = ["Package.swift"]
            for target in BuildInfo.linkedTargets[executable] ?? [] {
                let folder = Self.folder(of: target)
                let enumerator = try XCTUnwrap(FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path))
                // A system library (a module map at its top) counts whole; other targets by
                // what the compiler reads (configs, YAML and report prose are not compiled).
                let systemLibrary = FileManager.default.fileExists(atPath: root.appendingPathComponent("\(folder)/module.modulemap").path)
                for case let path as String in enumerator {
                    var isDirectory: ObjCBool = false
                    FileManager.default.fileExists(atPath: root.appendingPathComponent("\(folder)/\(path)").path, isDirectory: &isDirectory)
                    let compiled = ["swift", "c", "h", "cc", "cpp"].contains(URL(fileURLWithPath: path).pathExtension)
                    if isDirectory.boolValue || path.hasPrefix("configs/") || (!systemLibrary && !compiled) { continue }
                    files.append("\(folder)/\(path)")
                }
            }
            XCTAssertTrue(files.contains("Sources/DominantLU/DiagonallyDominantLU.swift") || executable == "bilevel")
            var hasher = SHA256()
            hasher.update("bilevelrl-code-digest-1\u{0}toolchain\u{0}\(BuildInfo.toolchain)\u{0}")
            for name in BuildInfo.dependencies.keys.sorted() {
                hasher.update("dependency\u{0}\(name)\u{0}\(BuildInfo.dependencies[name]!)\u{0}")
            }
            for file in Set(files).sorted() {
                let data = try XCTUnwrap(FileManager.default.contents(atPath: root.appendingPathComponent(file).path))
                hasher.update("file\u{0}\(file)\u{0}\(data.count)\u{0}")
                hasher.update(data)
            }
            XCTAssertEqual(SHA256.hexString(hasher.finalize()), BuildInfo.codeDigest(executable: executable), executable)
        }
    }

    static func folder(of target: String) -> String {
        switch target {
        case "stackelberg", "landscape", "theory", "incentive", "rlhf", "scaling": return "experiments/\(target)"
        case "bench": return "benchmarks/swift"
        case "plot-gallery": return "Sources/PlotGallery"
        default: return "Sources/\(target)"
        }
    }

    /// Every dependency is pinned with `exact:` in Package.swift, and the binary carries that
    /// version; the compiler and Cairo versions were recorded at build time.
    func testVersionsAreFixedAtBuildTime() throws {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let packages = manifest.split(separator: "\n").filter { $0.contains(".package(url:") }
        XCTAssertEqual(packages.count, BuildInfo.dependencies.count)
        for line in packages {
            let exact = try XCTUnwrap(line.range(of: "exact: \""), "not pinned with exact: \(line)")
            let version = line[exact.upperBound...].prefix { $0 != "\"" }
            let name = String(line.split(separator: "/").last!.prefix { $0 != "\"" })
            XCTAssertEqual(BuildInfo.dependencies[name].map { String($0.prefix { $0 != " " }) }, String(version), name)
        }
        XCTAssertTrue(BuildInfo.swiftVersion.hasPrefix("Swift version 6."), BuildInfo.swiftVersion)
        XCTAssertTrue(BuildInfo.toolchain.contains("Target: "), BuildInfo.toolchain)
        XCTAssertNotEqual(BuildInfo.cairoVersion, "unknown")
        XCTAssertEqual(Toolchain.installedSwift, BuildInfo.swiftVersion)
        let provenance = Provenance.gather(root: nil)
        XCTAssertEqual(provenance.swiftVersion, BuildInfo.swiftVersion)
        XCTAssertEqual(provenance.cairoVersion, BuildInfo.cairoVersion)
        XCTAssertEqual(provenance.dependencies, BuildInfo.dependencies)
    }
}
