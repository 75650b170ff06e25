import Foundation

/// A problem a user can fix, told in one line (e.g. an unknown revision, a missing
/// experiment, a malformed expectations file). Commands print `description` and exit non-zero.
public struct ReportError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Turns a `DecodingError` into a short phrase naming the field at fault.
enum DecodingMessage {
    static func short(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let ctx): return "missing '\(path(ctx.codingPath + [key]))'"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            return "wrong type at '\(path(ctx.codingPath))'"
        case .dataCorrupted(let ctx):
            return ctx.codingPath.isEmpty ? "not valid JSON" : "bad value at '\(path(ctx.codingPath))'"
        @unknown default: return "\(error)"
        }
    }
}
