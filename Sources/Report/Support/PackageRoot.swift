import Foundation

/// Finds the package root: the nearest folder at or above `start` holding `Package.swift`
/// and `experiments/`.
public enum PackageRoot {
    public static func find(from start: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws -> URL {
        var directory = start.standardizedFileURL
        while true {
            let fm = FileManager.default
            if fm.fileExists(atPath: directory.appendingPathComponent("Package.swift").path),
               fm.fileExists(atPath: directory.appendingPathComponent("experiments").path) {
                return directory
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path {
                throw ReportError("not inside the bilevel package (no Package.swift with experiments/ above \(start.path)); run from the repository or pass --root")
            }
            directory = parent
        }
    }
}
