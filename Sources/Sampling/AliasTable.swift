/// Walker's alias tables for many categorical distributions at once: after an O(k) build per
/// distribution, every draw costs one uniform number, one multiply and one comparison (O(1)),
/// whatever the number of outcomes.
///
/// Distribution `row` over `outcome[start[row] ..< start[row + 1]]` (the outcomes are stored,
/// so sparse rows, e.g. a transition row's successors, cost their support only). A draw takes
/// `u` uniform in [0, 1): `slot = floor(u k)`, `f = u k - slot`; it returns `outcome[slot]` if
/// `f < threshold[slot]` and `aliasOutcome[slot]` otherwise. The build is Vose's stable variant;
/// the probability it represents, `(threshold[i] + sum_{j: alias j = i} (1 - threshold[j])) / k`,
/// equals the input row to rounding (tested exactly in `AliasTableTests`).
public struct AliasTables: Sendable {
    public let rowCount: Int
    public let start: [Int]
    public let outcome: [Int32]
    public let aliasOutcome: [Int32]
    public let threshold: [Double]

    /// - Parameters:
    ///   - rows: for each distribution, its (outcome, probability) pairs (probabilities >= 0,
    ///     summing to 1 up to rounding; zero entries may be left out). A row must not be empty.
    public init(rows: [[(outcome: Int, probability: Double)]]) {
        var start = [0], out = [Int32](), alias = [Int32](), thr = [Double]()
        for row in rows {
            precondition(!row.isEmpty, "an alias table needs at least one outcome per row")
            let k = row.count
            let total = row.reduce(0) { $0 + $1.probability }
            var scaled = row.map { $0.probability * Double(k) / total }
            var small = [Int](), large = [Int]()
            for i in 0..<k { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
            var t = [Double](repeating: 1, count: k)
            var al = Array(0..<k)
            while let s = small.last, let l = large.last {
                small.removeLast()
                t[s] = scaled[s]
                al[s] = l
                scaled[l] = (scaled[l] + scaled[s]) - 1
                if scaled[l] < 1 { large.removeLast(); small.append(l) }
            }
            // Leftovers (rounding) keep threshold 1: they always return themselves.
            for i in 0..<k {
                out.append(Int32(row[i].outcome))
                alias.append(Int32(row[al[i]].outcome))
                thr.append(t[i])
            }
            start.append(out.count)
        }
        self.rowCount = rows.count
        self.start = start
        self.outcome = out
        self.aliasOutcome = alias
        self.threshold = thr
    }

    /// Dense rows `table[row * width + i]` (zero entries dropped).
    public init(dense table: [Double], width: Int) {
        precondition(width > 0 && table.count % width == 0)
        let rows = (0..<(table.count / width)).map { r in
            (0..<width).compactMap { i -> (outcome: Int, probability: Double)? in
                let p = table[r * width + i]
                return p > 0 ? (i, p) : nil
            }
        }
        self.init(rows: rows)
    }

    /// The probability of `value` in distribution `row` that the table represents.
    public func probability(of value: Int, row: Int) -> Double {
        let lo = start[row], k = start[row + 1] - lo
        var p = 0.0
        for i in lo..<(lo + k) {
            if Int(outcome[i]) == value { p += threshold[i] }
            if Int(aliasOutcome[i]) == value { p += 1 - threshold[i] }
        }
        return p / Double(k)
    }

    /// One draw from distribution `row` given `u` uniform in [0, 1).
    @inlinable public func draw(row: Int, uniform u: Double) -> Int {
        let lo = start[row], k = start[row + 1] - lo
        let x = u * Double(k)
        let slot = min(Int(x), k - 1)
        let i = lo + slot
        return x - Double(slot) < threshold[i] ? Int(outcome[i]) : Int(aliasOutcome[i])
    }
}
