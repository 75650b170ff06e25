import Yams

/// Typed readers. Each one records the value it returns in `resolved`.
extension ConfigReader {
    // MARK: Numbers

    /// A finite number in `interval` (integers are accepted and read as doubles).
    public func double(_ key: String, default fallback: Double? = nil, in interval: Interval = .all) throws -> Double {
        let what = interval.lower == nil && interval.upper == nil ? "a number" : "a number in \(interval)"
        guard let value = node(key) else {
            guard let fallback else { throw missing(key, what) }
            return record(key, .double(fallback), fallback)
        }
        let x = try number(value, key, what)
        guard interval.contains(x) else {
            throw fail(.outOfRange, key, "= \(Self.show(value)) is out of range; valid: \(interval)")
        }
        return record(key, .double(x), x)
    }

    public func double(_ key: String, default fallback: Double? = nil, in range: Range<Double>) throws -> Double {
        try double(key, default: fallback, in: Interval(range))
    }
    public func double(_ key: String, default fallback: Double? = nil, in range: ClosedRange<Double>) throws -> Double {
        try double(key, default: fallback, in: Interval(range))
    }
    public func double(_ key: String, default fallback: Double? = nil, in range: PartialRangeFrom<Double>) throws -> Double {
        try double(key, default: fallback, in: Interval(range))
    }

    /// An integer in `min...max`. Without `max`, at most `Limits.count` (10^7): every count
    /// has an upper bound, so `iterations: 1000000000000` is an error, not a run that never
    /// ends; pass `max: Int.max` for integers that are not counts (seeds).
    public func int(_ key: String, default fallback: Int? = nil, min: Int? = nil, max: Int? = nil) throws -> Int {
        let max: Int? = max ?? Limits.count
        let bounds = Self.intBounds(min, max)
        guard let value = node(key) else {
            guard let fallback else { throw missing(key, "an integer\(bounds.isEmpty ? "" : " in \(bounds)")") }
            return record(key, .int(fallback), fallback)
        }
        let n = try integer(value, key)
        if let min, n < min { throw fail(.outOfRange, key, "= \(n) is out of range; valid: \(bounds)") }
        if let max, n > max { throw fail(.outOfRange, key, "= \(n) is out of range; valid: \(bounds)") }
        return record(key, .int(n), n)
    }

    /// A list of finite numbers, each in `interval`; `nonEmpty` rejects `[]`.
    public func doubles(_ key: String, default fallback: [Double]? = nil, in interval: Interval = .all,
                        nonEmpty: Bool = true) throws -> [Double] {
        let what = "a list of numbers" + (interval.lower == nil && interval.upper == nil ? "" : " in \(interval)")
        guard let value = node(key) else {
            guard let fallback else { throw missing(key, what) }
            return record(key, .array(fallback.map(JSONValue.double)), fallback)
        }
        let elements = try list(value, key, what, nonEmpty: nonEmpty)
        let xs = try elements.enumerated().map { index, element -> Double in
            let x = try number(element, key, "a number", index: index)
            guard interval.contains(x) else {
                throw fail(.outOfRange, key, "= \(Self.show(element)) is out of range; valid: \(interval)", index: index)
            }
            return x
        }
        return record(key, .array(xs.map(JSONValue.double)), xs)
    }

    /// A list of integers, each in `min...max` (without `max`, at most `Limits.count`);
    /// `nonEmpty` rejects `[]`; at most `Limits.count` elements.
    public func ints(_ key: String, default fallback: [Int]? = nil, min: Int? = nil, max: Int? = nil,
                     nonEmpty: Bool = true) throws -> [Int] {
        let max: Int? = max ?? Limits.count
        let bounds = Self.intBounds(min, max)
        guard let value = node(key) else {
            guard let fallback else { throw missing(key, "a list of integers") }
            return record(key, .array(fallback.map(JSONValue.int)), fallback)
        }
        let elements = try list(value, key, "a list of integers", nonEmpty: nonEmpty)
        let ns = try elements.enumerated().map { index, element -> Int in
            let n = try integer(element, key, index: index)
            if let min, n < min { throw fail(.outOfRange, key, "= \(n) is out of range; valid: \(bounds)", index: index) }
            if let max, n > max { throw fail(.outOfRange, key, "= \(n) is out of range; valid: \(bounds)", index: index) }
            return n
        }
        return record(key, .array(ns.map(JSONValue.int)), ns)
    }

    // MARK: Strings and flags

    /// A string, one of `oneOf` when given.
    public func string(_ key: String, default fallback: String? = nil, oneOf choices: [String]? = nil) throws -> String {
        let what = choices.map { "one of \($0.joined(separator: ", "))" } ?? "a string"
        guard let value = node(key) else {
            guard let fallback else { throw missing(key, what) }
            return record(key, .string(fallback), fallback)
        }
        let s = try text(value, key, what)
        if let choices, !choices.contains(s) {
            throw fail(.badValue, key, "= '\(s)' is not a valid choice; valid: \(choices.joined(separator: ", "))")
        }
        return record(key, .string(s), s)
    }

    /// A list of strings, each one of `oneOf` when given.
    public func strings(_ key: String, default fallback: [String]? = nil, oneOf choices: [String]? = nil,
                        nonEmpty: Bool = true) throws -> [String] {
        let what = "a list of strings" + (choices.map { " from \($0.joined(separator: ", "))" } ?? "")
        guard let value = node(key) else {
            guard let fallback else { throw missing(key, what) }
            return record(key, .array(fallback.map(JSONValue.string)), fallback)
        }
        let elements = try list(value, key, what, nonEmpty: nonEmpty)
        let ss = try elements.enumerated().map { index, element -> String in
            let s = try text(element, key, "a string", index: index)
            if let choices, !choices.contains(s) {
                throw fail(.badValue, key, "= '\(s)' is not a valid choice; valid: \(choices.joined(separator: ", "))", index: index)
            }
            return s
        }
        return record(key, .array(ss.map(JSONValue.string)), ss)
    }

    /// `true` or `false`.
    public func bool(_ key: String, default fallback: Bool? = nil) throws -> Bool {
        guard let value = node(key) else {
            guard let fallback else { throw missing(key, "true or false") }
            return record(key, .bool(fallback), fallback)
        }
        guard value.tagName == .bool, let b = value.bool else {
            throw fail(.wrongType, key, "must be true or false, got \(Self.show(value))")
        }
        return record(key, .bool(b), b)
    }

    // MARK: Helpers

    func record<T>(_ key: String, _ json: JSONValue, _ value: T) -> T {
        setValue(json, for: key)
        return value
    }

    func number(_ node: Node, _ key: String, _ what: String, index: Int? = nil) throws -> Double {
        switch node.tagName {
        case .int:
            if let n = node.int { return Double(n) }
            // "-0" (how JSON writes -0.0) and integers beyond Int's range.
            if case .scalar(let scalar) = node, let x = Double(scalar.string), x.isFinite { return x }
        case .float:
            if let x = node.float {
                guard x.isFinite else { throw fail(.outOfRange, key, "must be a finite number, got \(Self.show(node))", index: index) }
                return x
            }
        default: break
        }
        throw fail(.wrongType, key, "must be \(what), got \(Self.show(node))", index: index)
    }

    private func integer(_ node: Node, _ key: String, index: Int? = nil) throws -> Int {
        if node.tagName == .int, node.int == nil, case .scalar(let scalar) = node {
            throw fail(.outOfRange, key, "= \(scalar.string) is out of range; valid: integers up to \(Limits.count) for counts", index: index)
        }
        guard node.tagName == .int, let n = node.int else {
            throw fail(.wrongType, key, "must be an integer, got \(Self.show(node))", index: index)
        }
        return n
    }

    private func text(_ node: Node, _ key: String, _ what: String, index: Int? = nil) throws -> String {
        guard case .scalar(let scalar) = node, node.tagName == .str else {
            throw fail(.wrongType, key, "must be \(what), got \(Self.show(node))", index: index)
        }
        return scalar.string
    }

    private func list(_ node: Node, _ key: String, _ what: String, nonEmpty: Bool) throws -> [Node] {
        guard case .sequence(let sequence) = node else {
            throw fail(.wrongType, key, "must be \(what), got \(Self.show(node))")
        }
        if nonEmpty, sequence.isEmpty { throw fail(.outOfRange, key, "must not be empty (\(what))") }
        return Array(sequence)
    }

    static func show(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            switch node.tagName {
            case .str: return "'\(scalar.string)' (a string)"
            case .int, .float: return scalar.string
            case .bool: return "\(scalar.string) (a boolean)"
            case .null: return "nothing"
            default: return "'\(scalar.string)'"
            }
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    static func intBounds(_ min: Int?, _ max: Int?) -> String {
        switch (min, max) {
        case let (lo?, hi?): return hi == Int.max ? ">= \(lo)" : "\(lo)...\(hi)"
        case let (lo?, nil): return ">= \(lo)"
        case let (nil, hi?): return "<= \(hi)"
        default: return ""
        }
    }
}

extension Node {
    /// The resolved YAML tag (int, float, bool, str, null, ...).
    var tagName: Tag.Name { Tag.Name(rawValue: tag.description) }
}
