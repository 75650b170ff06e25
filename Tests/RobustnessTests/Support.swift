import Foundation
import XCTest
import Lab

/// What every robustness test uses: the built executables (next to this test bundle in the
/// package's build folder), a scratch package root, and snapshots of a folder's files to show
/// that a refused command wrote nothing.
enum Tool {
    /// The repository holding this test file.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The build products folder: the directory of the running test bundle (`.build/debug`).
    static var products: URL {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: exe).resolvingSymlinksInPath()
        while url.path != "/", url.pathExtension != "xctest" { url.deleteLastPathComponent() }
        if url.pathExtension == "xctest" { return url.deletingLastPathComponent() }
        return repository.appendingPathComponent(".build/debug")
    }

    static func executable(_ name: String) throws -> URL {
        let url = products.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw XCTSkip("\(name) is not built in \(products.path) (swift build --build-tests builds it)")
        }
        return url
    }

    /// Runs a built executable; `cwd` defaults to the repository (a package root).
    @discardableResult
    static func run(_ name: String, _ arguments: [String], in cwd: URL? = nil) throws -> Shell.Output {
        try XCTUnwrap(Shell.run(try executable(name).path, arguments, in: cwd ?? repository), "cannot start \(name)")
    }

    /// A fresh folder under the build folder (removed by `remove`).
    static func scratch(_ label: String) throws -> URL {
        let url = repository.appendingPathComponent(".build/robustness/\(label)-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func remove(_ url: URL) { try? FileManager.default.removeItem(at: url) }

    /// Every file under `folder` (relative path -> bytes): equal snapshots mean nothing changed.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        guard let walk = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return files }
        let prefix = folder.resolvingSymlinksInPath().path + "/"
        for case let url as URL in walk {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            files[String(url.resolvingSymlinksInPath().path.dropFirst(prefix.count))] = FileManager.default.contents(atPath: url.path)
        }
        return files
    }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// A throwaway package root (Package.swift, the registry entries and configs of the real
    /// experiments) in which experiments and `bilevel` run as in the repository.
    static func package(_ label: String, experiments: [String] = ["incentive", "scaling"]) throws -> URL {
        let root = try scratch(label)
        try write("// robustness fixture\n", to: root.appendingPathComponent("Package.swift"))
        for name in experiments {
            let source = repository.appendingPathComponent("experiments/\(name)")
            let target = root.appendingPathComponent("experiments/\(name)")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            for file in ["experiment.yaml", "configs"] {
                try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: target.appendingPathComponent(file))
            }
        }
        return root
    }
}

extension Shell.Output {
    /// stderr as lines (empty ones dropped).
    var errorLines: [String] { stderr.split(separator: "\n").map(String.init) }
}
