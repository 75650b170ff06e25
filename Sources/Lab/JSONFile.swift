import Foundation

/// Reading the JSON documents the tool writes (run records, report manifests) with one-line
/// errors that name the file and, for a malformed document, the field at fault.
public enum JSONFile {
    /// Decodes `T` from the file at `url`; `kind` says what the file should be ("run record").
    /// - Throws: `LabError` "`kind` not found: `path`" or "`path` is not a `kind` (missing
    ///   'series.x')", one line each.
    public static func decode<T: Decodable>(_ type: T.Type, at url: URL, kind: String) throws -> T {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw LabError("\(url.path) is a folder, not a \(kind)")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LabError("\(kind) not found: \(url.path)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            var reason = shortDescription(of: error)
            // Foundation reports a number that does not fit its field (a negative or
            // fractional count) as "not valid JSON": say which field when the JSON itself parses.
            if reason == "not valid JSON", let object = try? JSONSerialization.jsonObject(with: data) {
                reason = misfit(in: object).map { "bad value at '\($0.path)': \($0.value) is not a non-negative integer" }
                    ?? "valid JSON, but a value does not fit its field"
            }
            throw LabError("\(url.path) is not a \(kind) (\(reason))")
        }
    }

    /// The first number at an integer-valued key (`seed`, `schemaVersion`, `*Count`) that is
    /// negative or fractional.
    static func misfit(in object: Any, path: String = "") -> (path: String, value: String)? {
        guard let members = object as? [String: Any] else { return nil }
        for key in members.keys.sorted() {
            let here = path.isEmpty ? key : "\(path).\(key)"
            if let number = members[key] as? NSNumber, key == "seed" || key == "schemaVersion" || key.hasSuffix("Count") {
                let x = number.doubleValue
                if x < 0 || x != x.rounded() { return (here, "\(number)") }
            } else if members[key] is [String: Any], let found = misfit(in: members[key]!, path: here) {
                return found
            }
        }
        return nil
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
            return ctx.codingPath.isEmpty ? "the document is not a JSON object" : "wrong type at '\(path(ctx.codingPath))'"
        case .dataCorrupted(let ctx):
            return ctx.codingPath.isEmpty ? "not valid JSON" : "bad value at '\(path(ctx.codingPath))'"
        @unknown default: return "\(error)"
        }
    }
}
