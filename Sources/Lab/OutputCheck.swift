import Foundation

/// Checks, before any computation, that results can be written where they will go, and
/// turns file-system errors into one line naming the path and the reason.
public enum OutputCheck {
    /// Creates `directory` when missing and writes and removes a probe file in it.
    /// Throws a one-line `LabError` ("cannot write to /x/records: Permission denied").
    public static func writable(_ directory: URL) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw LabError("cannot write to \(directory.path): it is a file, not a folder")
        }
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw LabError("cannot write to \(directory.path): \(reason(error))")
        }
        let probe = directory.appendingPathComponent(".write-probe-\(getpid())")
        let fd = open(probe.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw LabError("cannot write to \(directory.path): \(String(cString: strerror(errno)))") }
        let byte: [UInt8] = [0x0a]
        let written = write(fd, byte, 1)
        let code = errno
        close(fd)
        unlink(probe.path)
        guard written == 1 else { throw LabError("cannot write to \(directory.path): \(String(cString: strerror(code)))") }
    }

    /// The short reason of a file-system error ("No space left on device"), never a dump.
    public static func reason(_ error: Error) -> String { FileErrorReason.of(error) }
}
