import Foundation

/// Where the package lives on disk, and the digest of the code an experiment depends on.
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

    /// Library folders every experiment's numbers depend on.
    public static let libraryFolders = ["Sources/BilevelCore", "Sources/Environments", "Sources/Algorithms", "Sources/Lab"]

    /// `experiments/<name>/configs/<profile>.yaml`.
    public func configFile(experiment: String, profile: String) -> URL? {
        root?.appendingPathComponent("experiments/\(experiment)/configs/\(profile).yaml")
    }

    /// SHA-256 over the Swift sources of `experiments/<experiment>/` (configs excluded:
    /// they enter through the config hash) and of the library folders, plus
    /// `Package.swift`, `Package.resolved` (package versions) and `toolchain`.
    ///
    /// Each file contributes its root-relative path and its bytes, in sorted path order,
    /// so the digest changes exactly when one of those files is added, removed, renamed
    /// or edited. Returns nil when the package root is unknown (then nothing is cached).
    public func codeDigest(experiment: String, toolchain: String) -> String? {
        guard let root else { return nil }
        var files: [String] = []
        for folder in ["experiments/\(experiment)"] + Self.libraryFolders {
            files += Self.swiftFiles(in: root.appendingPathComponent(folder), relativeTo: root)
        }
        for name in ["Package.swift", "Package.resolved"]
        where FileManager.default.fileExists(atPath: root.appendingPathComponent(name).path) {
            files.append(name)
        }
        var hasher = SHA256()
        hasher.update("toolchain\u{0}\(toolchain)\u{0}")
        for file in files.sorted() {
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(file).path) else { continue }
            hasher.update("\(file)\u{0}\(data.count)\u{0}")
            hasher.update(data)
        }
        return SHA256.hexString(hasher.finalize())
    }

    static func swiftFiles(in folder: URL, relativeTo root: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        let prefix = root.standardizedFileURL.path + "/"
        var files: [String] = []
        for case let url as URL in enumerator {
            let path = url.standardizedFileURL.path
            guard path.hasSuffix(".swift"), path.hasPrefix(prefix) else { continue }
            let relative = String(path.dropFirst(prefix.count))
            guard !relative.split(separator: "/").contains("configs") else { continue }
            files.append(relative)
        }
        return files
    }
}
