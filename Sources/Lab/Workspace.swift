import Foundation

/// Where the package lives on disk. (The digest of the code an experiment depends on is
/// fixed at build time: `BuildInfo`.)
///
/// The root is found by walking up from the current directory to a folder holding
/// `Package.swift` and `experiments/`; when that fails (the executable was started
/// elsewhere), from this source file's compile-time path.
public struct Workspace: Sendable {
    /// The package root, or nil when neither the current directory nor the compile-time
    /// path lies inside the package.
    public let root: URL?

    public init(root: URL?) { self.root = root }

    /// The workspace found from the current directory, falling back to `#filePath`.
    public static func locate(filePath: String = #filePath) -> Workspace {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if let root = findRoot(from: cwd) { return Workspace(root: root) }
        return Workspace(root: findRoot(from: URL(fileURLWithPath: filePath).deletingLastPathComponent()))
    }

    static func findRoot(from start: URL) -> URL? {
        var directory = start.standardizedFileURL
        while true {
            let manifest = directory.appendingPathComponent("Package.swift").path
            let experiments = directory.appendingPathComponent("experiments").path
            if FileManager.default.fileExists(atPath: manifest), FileManager.default.fileExists(atPath: experiments) {
                return directory
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { return nil }
            directory = parent
        }
    }

    /// `experiments/<name>/configs/<profile>.yaml`.
    public func configFile(experiment: String, profile: String) -> URL? {
        root?.appendingPathComponent("experiments/\(experiment)/configs/\(profile).yaml")
    }
}
