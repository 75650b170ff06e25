import Yams

extension ConfigReader {
    /// A nested list of finite numbers with the given shape (e.g. `[n, m, n]` for transitions
    /// `P[s][a][s']`), returned flat in row-major order. A wrong length, a non-number or a
    /// non-finite number is one line naming the element, e.g.
    /// `instance.yaml:4: 'transitions[2][1]' has 2 entries, expected 3 (the number of states)`.
    /// `names` says what each dimension counts (for the message).
    public func array(_ key: String, shape: [Int], names: [String]) throws -> [Double] {
        guard let value = node(key) else {
            throw missing(key, "a nested list of numbers of shape \(shape.map(String.init).joined(separator: " × "))")
        }
        var flat: [Double] = []
        flat.reserveCapacity(shape.reduce(1, *))
        func walk(_ node: Node, depth: Int, path: String) throws {
            let here = "'\(keyPath(key))\(path)'"
            let place = node.mark.map { Self.location(file, $0.line) } ?? location(key)
            if depth == shape.count {
                do { flat.append(try number(node, key, "a number")) } catch {
                    throw ConfigError(.wrongType, "\(place): \(here) must be a finite number, got \(Self.show(node))")
                }
                return
            }
            guard case .sequence(let sequence) = node else {
                throw ConfigError(.wrongType, "\(place): \(here) must be a list of \(shape[depth]) entries (\(names[depth])), got \(Self.show(node))")
            }
            guard sequence.count == shape[depth] else {
                throw ConfigError(.outOfRange, "\(place): \(here) has \(sequence.count) entries, expected \(shape[depth]) (\(names[depth]))")
            }
            for (i, element) in sequence.enumerated() { try walk(element, depth: depth + 1, path: path + "[\(i)]") }
        }
        try walk(value, depth: 0, path: "")
        setValue(Self.nested(flat, shape: shape), for: key)
        return flat
    }

    static func nested(_ flat: [Double], shape: [Int]) -> JSONValue {
        guard let first = shape.first else { return .double(flat[0]) }
        let stride = shape.dropFirst().reduce(1, *)
        return .array((0..<first).map { i in nested(Array(flat[(i * stride)..<((i + 1) * stride)]), shape: Array(shape.dropFirst())) })
    }

    /// A one-line error about `key` for checks the reader cannot make itself (e.g. a row of
    /// probabilities that does not sum to one): `file:line: 'path[index]' problem`.
    public func invalid(_ key: String, _ problem: String, index: String = "") -> ConfigError {
        ConfigError(.badValue, "\(location(key)): '\(keyPath(key))\(index)' \(problem)")
    }
}
