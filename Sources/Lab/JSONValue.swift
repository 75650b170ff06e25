import Foundation

/// A JSON document as a value: the resolved config, an embedded problem instance, or any
/// other structured artifact of a run record.
///
/// Encoding goes through `JSONEncoder` with `.sortedKeys`, so objects serialize in a
/// stable key order. Integers and doubles are kept apart (`int(1)` encodes as `1`,
/// `double(1)` as `1.0`); decoding reads a number as `int` when it is exactly an integer
/// written without a fraction, as `double` otherwise.
public enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Int.self) { self = .int(value); return }
        if let value = try? container.decode(Double.self) { self = .double(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode([JSONValue].self) { self = .array(value); return }
        self = .object(try container.decode([String: JSONValue].self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Converts any `Encodable` value (e.g. an MDP instance) into a `JSONValue`.
    public init<T: Encodable>(encoding value: T) throws {
        let data = try JSONCoding.encoder.encode(value)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Decodes this value as `T`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: try JSONCoding.encoder.encode(self))
    }

    /// The canonical serialization: compact JSON with sorted keys (what gets hashed).
    public func canonicalData() throws -> Data { try JSONCoding.canonicalEncoder.encode(self) }

    /// The object's members, or nil when this is not an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The number as a double, for `int` and `double`; nil otherwise.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// Path (e.g. `instance.P[3]`) of the first non-finite double, or nil.
    func firstNonFinite(path: String) -> String? {
        switch self {
        case .double(let value): return value.isFinite ? nil : path
        case .array(let values):
            for (index, value) in values.enumerated() {
                if let bad = value.firstNonFinite(path: "\(path)[\(index)]") { return bad }
            }
            return nil
        case .object(let members):
            for key in members.keys.sorted() {
                if let bad = members[key]!.firstNonFinite(path: "\(path).\(key)") { return bad }
            }
            return nil
        default: return nil
        }
    }
}

/// The encoders every file Lab writes goes through.
enum JSONCoding {
    /// Pretty-printed, sorted keys, slashes unescaped: for records and summaries.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }

    /// Compact, sorted keys: for content hashes.
    static var canonicalEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
