/// Seed lists: `0,1,2`, `0..9` (inclusive), `0..<10`, or a mix such as `0..4,10`.
///
/// Seeds are integers 0...2^64-1, each at most once, at most `Limits.seeds` of them; the
/// count of a range is checked before the range is expanded, so `0..18446744073709551615`
/// is one line of error, not an allocation.
public enum SeedList {
    public static func parse(_ text: String, source: String = "seeds") throws -> [UInt64] {
        var seeds: [UInt64] = []
        var seen = Set<UInt64>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if item.hasPrefix("-") { throw UsageError("\(source): '\(item)' is negative; seeds are integers 0...\(UInt64.max)") }
            var range: [UInt64]
            if let marker = item.range(of: "..<") ?? item.range(of: "..") {
                let halfOpen = item[marker] == "..<"
                guard let lo = UInt64(item[..<marker.lowerBound]), let hi = UInt64(item[marker.upperBound...]),
                      halfOpen ? lo < hi : lo <= hi else { throw bad(text, source) }
                let count = hi - lo  // one less than the count of an inclusive range: no overflow
                guard count < UInt64(Limits.seeds) || (halfOpen && count == UInt64(Limits.seeds)) else {
                    throw UsageError("\(source): '\(item)' holds \(halfOpen ? "\(count)" : count == UInt64.max ? "2^64" : "\(count + 1)") seeds; at most \(Limits.seeds) per run (each is one run per method and configuration)")
                }
                range = halfOpen ? Array(lo..<hi) : Array(lo...hi)
            } else if let seed = UInt64(item) {
                range = [seed]
            } else {
                throw bad(text, source)
            }
            for seed in range {
                guard seen.insert(seed).inserted else {
                    throw UsageError("\(source): seed \(seed) is listed twice in '\(text)'; each seed counts once")
                }
                seeds.append(seed)
            }
            guard seeds.count <= Limits.seeds else {
                throw UsageError("\(source): '\(text)' holds more than \(Limits.seeds) seeds; at most \(Limits.seeds) per run")
            }
        }
        guard !seeds.isEmpty else { throw bad(text, source) }
        return seeds
    }

    /// Checks a list of seeds from a config (`seeds: [0, 1]`): no repeat, within the limit.
    public static func check(_ seeds: [UInt64], source: String) throws -> [UInt64] {
        var seen = Set<UInt64>()
        for seed in seeds where !seen.insert(seed).inserted {
            throw UsageError("\(source): seed \(seed) is listed twice; each seed counts once")
        }
        guard seeds.count <= Limits.seeds else {
            throw UsageError("\(source): \(seeds.count) seeds; at most \(Limits.seeds) per run")
        }
        return seeds
    }

    /// `0..9`, `0..4,7`: consecutive runs shortened.
    public static func describe(_ seeds: [UInt64]) -> String {
        var parts: [String] = []
        var index = 0
        while index < seeds.count {
            var end = index
            while end + 1 < seeds.count, seeds[end] < UInt64.max, seeds[end + 1] == seeds[end] + 1 { end += 1 }
            parts.append(end - index >= 2 ? "\(seeds[index])..\(seeds[end])" : (index...end).map { "\(seeds[$0])" }.joined(separator: ","))
            index = end + 1
        }
        return parts.joined(separator: ",")
    }

    static func bad(_ text: String, _ source: String) -> UsageError {
        UsageError("\(source): '\(text)' is not a seed list; valid forms: 0,1,2 or 0..9 or 0..<10 (integers 0...\(UInt64.max))")
    }
}
