/// A shell-style name pattern, matched against a whole name: `*` stands for any run of
/// characters (empty, and dots included: `e6.*` matches `e6.exponent.pbrl-value`), `?` for
/// exactly one character; every other character, `.` `[` `=` included, stands for itself.
///
/// Matching is on Unicode characters (`λ` is one character) and takes O(|pattern|·|name|)
/// steps at worst (the classic two-pointer match with one backtrack point).
public struct GlobPattern: Equatable, Sendable, CustomStringConvertible {
    public let pattern: String
    private let characters: [Character]

    public init(_ pattern: String) {
        self.pattern = pattern
        characters = Array(pattern)
    }

    public var description: String { pattern }

    /// Whether the pattern matches all of `name`.
    public func matches(_ name: String) -> Bool {
        let p = characters, s = Array(name)
        var i = 0, j = 0
        // The last `*` seen and the position in `s` it was tried against.
        var star: Int?
        var starFrom = 0
        while j < s.count {
            if i < p.count, p[i] == "*" {
                star = i; starFrom = j; i += 1
            } else if i < p.count, p[i] == "?" || p[i] == s[j] {
                i += 1; j += 1
            } else if let star {
                // Let the last `*` absorb one more character and retry.
                i = star + 1; starFrom += 1; j = starFrom
            } else {
                return false
            }
        }
        while i < p.count, p[i] == "*" { i += 1 }
        return i == p.count
    }
}
