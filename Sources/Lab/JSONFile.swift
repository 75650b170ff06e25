import Foundation

/// Reading the JSON documents the tool writes (run records, report manifests) with one-line
/// errors that name the file and, for a malformed document, the field at fault.
public enum JSONFile {
    /// Decodes `T` from the file at `url`; `kind` says what the file should be ("run record").
    /// - Throws: `LabError` "`kind` not found: `path`" or "`path` is not a `kind` (missing
    ///   'series.x')", one line each.
    public static func decode<T: Decodable>(_ type: T.Type, at url: URL, kind: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LabError("\(kind) not found: \(url.path)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw LabError("\(url.path) is not a \(kind) (\(shortDescription(of: error)))")
        }
    }

    /// A `DecodingError` as a short phrase naming the field at fault ("missing 'method'",
    /// "wrong type at 'seed'", "not valid JSON"); other errors as they describe themselves.
    public static func shortDescription(of error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ keys: [CodingKey]) -> String {
            keys.reduce(into: "") { out, key in
                if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
            }
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
