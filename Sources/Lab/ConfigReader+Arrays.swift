import Yams

extension ConfigReader {
    /// A nested list of finite numbers with the given shape (e.g. `[n, m, n]` for transitions
    /// `P[s][a][s']`), returned flat in row-major order. A wrong length, a non-number or a
    /// non-finite number is one line naming the element, e.g.
    /// `instance.yaml:4: 'transitions[2][1]' has 2 entries, expected 3 (the number of states)`.
    /// `names` says what each dimension counts (for the message). A dimension given as -1 is
    /// taken from the first list at that depth (e.g. the number of features); `shape` returns
    /// the dimensions found.
    public func array(_ key: String, shape expected: [Int], names: [String]) throws -> (values: [Double], shape: [Int]) {
        var shape = expected
        guard let value = node(key) else {
            throw missing(key, "a nested list of numbers of shape \(shape.map { $0 < 0 ? "d" : String($0) }.joined(separator: " × "))")
        }
        var flat: [Double] = []
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
            if shape[depth] < 0 {
                guard !sequence.isEmpty else { throw ConfigError(.outOfRange, "\(place): \(here) must not be empty (\(names[depth]))") }
                shape[depth] = sequence.count
            }
            guard sequence.count == shape[depth] else {
                throw ConfigError(.outOfRange, "\(place): \(here) has \(sequence.count) entries, expected \(shape[depth]) (\(names[depth]))")
            }
            for (i, element) in sequence.enumerated() { try walk(element, depth: depth + 1, path: path + "[\(i)]") }
        }
        try walk(value, depth: 0, path: "")
        setValue(Self.nested(flat, shape: shape), for: key)
        return (flat, shape)
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
