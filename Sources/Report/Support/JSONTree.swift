import Foundation

/// Any JSON document, decoded without a schema (a record's resolved config, a summary).
indirect enum JSONTree: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONTree])
    case object([String: JSONTree])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Double.self) { self = .number(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([JSONTree].self) { self = .array(v) }
        else { self = .object(try c.decode([String: JSONTree].self)) }
    }

    /// Leaves as dotted paths (`optimizer.stepX`, `lambdas[1]`) -> canonical text.
    /// Arrays of numbers are kept whole (`[1, 10, 100]`) so a config diff stays readable.
    func flattened(prefix: String = "") -> [String: String] {
        switch self {
        case .object(let members):
            var out: [String: String] = [:]
            for (key, value) in members {
                out.merge(value.flattened(prefix: prefix.isEmpty ? key : "\(prefix).\(key)")) { a, _ in a }
            }
            return out
        case .array(let items) where items.allSatisfy({ if case .number = $0 { return true }; return false }):
            return [prefix: "[" + items.map { $0.text }.joined(separator: ", ") + "]"]
        case .array(let items):
            var out: [String: String] = [:]
            for (i, item) in items.enumerated() { out.merge(item.flattened(prefix: "\(prefix)[\(i)]")) { a, _ in a } }
            return out
        default:
            return [prefix: text]
        }
    }

    var text: String {
        switch self {
        case .null: return "null"
        case .bool(let v): return v ? "true" : "false"
        case .number(let v): return NumberText.compact(v)
        case .string(let v): return v
        case .array, .object: return "…"
        }
    }
}
