import Foundation

/// Where the package lives on disk. (The digest of the code an experiment depends on is
/// fixed at build time: `BuildInfo`.)
///
/// The root is found by walking up from the current directory to a folder holding
/// `Package.swift` and `experiments/`. Started anywhere else, there is none (never the tree
/// the binary was built in: a binary copied or run elsewhere must not write into it).
public struct Workspace: Sendable {
    /// The package root, or nil when the current directory does not lie inside the package.
    public let root: URL?

    public init(root: URL?) { self.root = root }

    /// The workspace found from the current directory (root nil outside the package).
    public static func locate() -> Workspace {
        Workspace(root: findRoot(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)))
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
