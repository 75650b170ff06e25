import Foundation

/// A problem a user can fix, told in one line (e.g. an unknown revision, a missing
/// experiment, a malformed expectations file). Commands print `description` and exit non-zero.
public struct ReportError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
