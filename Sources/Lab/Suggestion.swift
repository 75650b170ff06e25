/// "did you mean" hints for misspelt names (config keys, methods, experiments).
public enum Suggestion {
    /// `; did you mean 'taus'?` when one of `candidates` is close to `name` (edit distance
    /// at most 2, or a third of the name's length for long names), else "".
    public static func didYouMean(_ name: String, among candidates: [String]) -> String {
        guard let best = nearest(name, among: candidates) else { return "" }
        return " (did you mean '\(best)'?)"
    }

    /// The candidate nearest to `name` within the distance above, nil when none is.
    public static func nearest(_ name: String, among candidates: [String]) -> String? {
        let limit = max(2, name.count / 3)
        let scored = candidates.map { ($0, distance(name.lowercased(), $0.lowercased())) }
            .filter { $0.1 <= limit && $0.0 != name }
        return scored.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
    }

    /// Levenshtein distance (insertions, deletions, substitutions; a swap of neighbours counts 1).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }
}
