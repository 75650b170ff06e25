import Foundation

/// File-system errors as the short reason a user reads ("No space left on device",
/// "Permission denied"), never a multi-line NSError dump.
public enum FileErrorReason {
    /// The short reason of a file-system error ("No space left on device"), never a dump.
    public static func of(_ error: Error) -> String {
        if let lab = error as? LabError { return lab.message }
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        switch ns.code {
        case NSFileWriteOutOfSpaceError: return "No space left on device"
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "Permission denied"
        case NSFileWriteVolumeReadOnlyError: return "Read-only file system"
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "No such file or directory"
        default:
            let text = ns.localizedDescription
            return text.split(separator: "\n").first.map(String.init) ?? text
        }
    }
}
