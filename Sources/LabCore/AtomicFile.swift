import Foundation

/// Writes files so that a reader sees either the previous content or the new content,
/// never a partial file. The one write path of the toolkit: records, summaries, tables,
/// figures, manifests, reports and comparisons all go through it (docs/product.md, "Files
/// the toolkit writes").
///
/// The data goes to a hidden temporary file in the destination directory
/// (`.<name>.tmp-<pid>-<n>`), is flushed to disk, then renamed over the destination
/// (`rename(2)` is atomic within one file system). A process killed mid-write leaves at
/// most a hidden temporary file, which record listings ignore.
public enum AtomicFile {
    /// Test hook: called after the temporary file is written and before the rename.
    /// Throwing from it simulates a crash between the two steps.
    nonisolated(unsafe) public static var beforeRename: ((URL) throws -> Void)?

    private static let counter = Counter()

    /// Atomically replaces (or creates) `url` with `data`, creating parent directories.
    /// A failure is one line naming the file and the reason ("No space left on device").
    public static func write(_ data: Data, to url: URL) throws {
        do { try writeFile(data, to: url) } catch let error as LabError { throw error } catch let error as SimulatedCrash {
            throw error
        } catch {
            throw LabError("cannot write \(url.path): \(FileErrorReason.of(error))")
        }
    }

    private static func writeFile(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(counter.next())")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw LabError("cannot create \(temporary.path)")
        }
        let handle = try FileHandle(forWritingTo: temporary)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            try beforeRename?(temporary)
        } catch {
            try? handle.close()
            if !(error is SimulatedCrash) { try? FileManager.default.removeItem(at: temporary) }
            throw error
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw LabError("cannot write \(url.path): \(reason)")
        }
    }

    /// Removes temporary files left in `directory` by processes that no longer run
    /// (a crash between write and rename). Files of live processes are left alone.
    public static func removeStaleTemporaries(in directory: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where name.hasPrefix(".") {
            guard let marker = name.range(of: ".tmp-", options: .backwards) else { continue }
            let fields = name[marker.upperBound...].split(separator: "-")
            guard let pid = fields.first.flatMap({ Int32($0) }), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
    }

    /// `removeStaleTemporaries(in:)` for `directory` and every folder below it (an experiment's
    /// profile folder: records, figures, tables).
    public static func removeStaleTemporaries(under directory: URL) {
        removeStaleTemporaries(in: directory)
        let entries = (try? FileManager.default.contentsOfDirectory(
            at: directory, includingPropertiesForKeys: [.isDirectoryKey, .isSymbolicLinkKey])) ?? []
        for entry in entries {
            let values = try? entry.resourceValues(forKeys: [.isDirectoryKey, .isSymbolicLinkKey])
            if values?.isDirectory == true, values?.isSymbolicLink != true { removeStaleTemporaries(under: entry) }
        }
    }

    /// Atomically writes the UTF-8 bytes of `text`.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}

/// Thrown by a test's `beforeRename` hook to simulate a process dying mid-write
/// (the temporary file is left behind, as a real crash would).
public struct SimulatedCrash: Error {
    public init() {}
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value
    }
}

