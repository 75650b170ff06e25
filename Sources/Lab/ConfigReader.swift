import Foundation
import Yams

/// Strict, typed reading of one YAML config (or one section of it).
///
/// Each key is read once with its type and admissible values:
///
///     let gamma = try config.double("gamma", in: 0..<1)
///     let steps = try config.int("iterations", min: 1)
///     let rate  = try config.double("learningRate", default: 0.1, in: .positive)
///     let kind  = try config.string("penalty", oneOf: ["value", "bellman"])
///     let env   = try config.section("environment")
///
/// A missing key without a default, a wrong type (`gamma: abc`), or a value outside its
/// range is a `ConfigError` at once. `finish()` then rejects every key of the file that was
/// never read (a typo such as `gama`), naming the valid keys. Every error is one line with
/// the file, line and key path.
///
/// `resolved` is the config actually used: every key that was read, with defaults filled
/// in and numbers normalized to the type they were read as. Its canonical serialization
/// (compact JSON, sorted keys) is what the config hash covers, so `lambda: 1` and
/// `lambda: 1.0` hash alike and a default written out explicitly changes nothing.
public final class ConfigReader {
    /// Display name of the file (used in error messages).
    public let file: String
    /// Key path of this section ("" for the top level).
    public let path: String
    private let entries: [(key: String, value: Node)]
    /// The line of each key (a section's value starts on the next line).
    private var keyLines: [String: Int] = [:]
    private let line: Int?
    private var values: [String: JSONValue] = [:]
    private var children: [String: ConfigReader] = [:]
    private var childLists: [String: [ConfigReader]] = [:]
    private var reserved: Set<String> = []

    init(file: String, path: String, node: Node?, line: Int?) throws {
        self.file = file
        self.path = path
        self.line = line
        switch node {
        case nil: entries = []
        case .mapping(let mapping)?:
            var entries: [(String, Node)] = []
            var lines: [String: Int] = [:]
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key else {
                    throw ConfigError(.wrongType, "\(Self.location(file, key.mark?.line)): keys must be plain names")
                }
                entries.append((scalar.string, value))
                if let line = key.mark?.line { lines[scalar.string] = line }
            }
            self.entries = entries
            keyLines = lines
        case let other?:
            throw ConfigError(.wrongType,
                "\(Self.location(file, other.mark?.line ?? line)): \(path.isEmpty ? "the config" : "'\(path)'") must be a mapping of keys to values")
        }
    }

    /// Parses YAML text; `file` is the name used in error messages.
    public convenience init(yaml: String, file: String) throws {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ConfigError(.syntax, Self.describe(error, file: file))
        }
        if let root = node, case .scalar(let scalar) = root, scalar.string.isEmpty || root.tagName == .null {
            try self.init(file: file, path: "", node: nil, line: nil)
        } else {
            try self.init(file: file, path: "", node: node, line: 1)
        }
    }

    /// Reads the YAML file at `url`.
    public convenience init(contentsOf url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ConfigError(.missingFile, "config file not found: \(url.path)")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ConfigError(.missingFile, "\(url.path) is a folder, not a config file; pass a YAML file, e.g. experiments/<name>/configs/quick.yaml")
        }
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw ConfigError(.missingFile, "cannot read config file \(url.path): permission denied")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ConfigError(.missingFile, "cannot read config file \(url.path)")
        }
        guard data.count <= 16 << 20 else {
            throw ConfigError(.badValue, "config file \(url.path) is \(data.count) bytes; a config is at most 16 MB (store large instances in their own file)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(.syntax, "config file \(url.path) is not UTF-8 text")
        }
        try self.init(yaml: text, file: url.path)
    }

    // MARK: Keys

    /// Whether the key is present in the file.
    public func has(_ key: String) -> Bool { node(key) != nil }

    /// The keys present in the file, in file order.
    public var keys: [String] { entries.map(\.key) }

    /// Marks `key` as valid but handled outside the resolved config (e.g. `seeds`).
    func reserve(_ key: String) { reserved.insert(key) }

    func setValue(_ value: JSONValue, for key: String) { values[key] = value }

    /// Moves an already-read key out of the resolved config, keeping it valid.
    func exclude(_ key: String) {
        values.removeValue(forKey: key)
        reserved.insert(key)
    }

    func node(_ key: String) -> Node? { entries.first { $0.key == key }?.value }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// `file:line` of `key` (of this section when the key is absent), for messages of checks an
    /// experiment makes across several keys.
    public func location(_ key: String) -> String {
        Self.location(file, node(key)?.mark?.line ?? line)
    }

    static func location(_ file: String, _ line: Int?) -> String {
        line.map { "\(file):\($0)" } ?? file
    }

    func fail(_ kind: ConfigError.Kind, _ key: String, _ problem: String, index: Int? = nil) -> ConfigError {
        let element = index.map { "[\($0)]" } ?? ""
        return ConfigError(kind, "\(location(key)): '\(keyPath(key))\(element)' \(problem)")
    }

    func missing(_ key: String, _ what: String) -> ConfigError {
        // A misspelt key (`tausx:` for `taus:`) is the likelier cause: name it at its own line.
        let known = Set(values.keys).union(children.keys).union(childLists.keys).union(reserved)
        let unread = entries.filter { !known.contains($0.key) }
        if let typo = unread.first(where: { Suggestion.nearest($0.key, among: [key]) != nil }) {
            return ConfigError(.unknownKey,
                "\(Self.location(file, keyLines[typo.key] ?? typo.value.mark?.line ?? line)): unknown key '\(keyPath(typo.key))' (did you mean '\(key)'?); '\(keyPath(key))' is required (\(what))")
        }
        let section = path.isEmpty ? "" : " in section '\(path)'"
        return ConfigError(.missingKey, "\(Self.location(file, line)): missing key '\(keyPath(key))'\(section) (\(what))")
    }

    // MARK: Finishing

    /// Rejects every key in the file (at any depth) that was never read.
    public func finish() throws {
        let known = Set(values.keys).union(children.keys).union(childLists.keys).union(reserved)
        for (key, value) in entries where !known.contains(key) {
            let valid = known.sorted().joined(separator: ", ")
            throw ConfigError(.unknownKey,
                "\(Self.location(file, keyLines[key] ?? value.mark?.line ?? line)): unknown key '\(keyPath(key))'\(Suggestion.didYouMean(key, among: Array(known))); valid keys\(path.isEmpty ? "" : " in '\(path)'"): \(valid.isEmpty ? "(none)" : valid)")
        }
        for key in children.keys.sorted() { try children[key]!.finish() }
        for key in childLists.keys.sorted() { for child in childLists[key]! { try child.finish() } }
    }

    /// The config as read: every key read, defaults included, reserved keys excluded.
    public var resolved: JSONValue {
        var members = values
        for (key, child) in children {
            let value = child.resolved
            // A section absent from the file of which nothing was read (registered only so that
            // typos name it) is left out: written back as `key: {}` it would read as present,
            // and the stored config would not reproduce its own hash.
            if node(key) == nil, case .object(let inner) = value, inner.isEmpty { continue }
            members[key] = value
        }
        for (key, list) in childLists { members[key] = .array(list.map(\.resolved)) }
        return .object(members)
    }

    // MARK: Sections

    /// The nested mapping under `key`. When `required` is false and the key is absent,
    /// an empty section is returned, whose reads all fall back to their defaults.
    public func section(_ key: String, required: Bool = true) throws -> ConfigReader {
        if let existing = children[key] { return existing }
        let value = node(key)
        if value == nil, required { throw missing(key, "a section") }
        let child = try ConfigReader(file: file, path: keyPath(key), node: value, line: value?.mark?.line ?? line)
        children[key] = child
        return child
    }

    /// A list of mappings under `key` (e.g. grid cells), each read as a section.
    public func sections(_ key: String) throws -> [ConfigReader] {
        if let existing = childLists[key] { return existing }
        guard let value = node(key) else { throw missing(key, "a list of sections") }
        guard case .sequence(let sequence) = value else {
            throw fail(.wrongType, key, "must be a list of sections")
        }
        let list = try sequence.enumerated().map { index, element in
            try ConfigReader(file: file, path: "\(keyPath(key))[\(index)]", node: element, line: element.mark?.line)
        }
        childLists[key] = list
        return list
    }
}

extension ConfigReader {
    static func describe(_ error: YamlError, file: String) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return "\(file):\(mark.line): YAML syntax error: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "\(file): duplicated key(s) \(duplicates.joined(separator: ", "))"
        default:
            let firstLine = String(describing: error).split(separator: "\n").first.map(String.init) ?? "invalid YAML"
            return "\(file): YAML error: \(firstLine)"
        }
    }
}
