/// The set of admissible values of a numeric config key: an interval of the real line
/// whose ends may be open, closed or infinite.
///
/// Create one from a Swift range (`0..<1` is [0, 1), `0...1` is [0, 1], `1...` is
/// [1, ∞)) or with the named constructors (`.positive` is (0, ∞)). Its `description`
/// (e.g. `[0, 1)`) is what error messages show as the valid choices.
public struct Interval: CustomStringConvertible, Sendable {
    public var lower: Double?
    public var lowerIncluded: Bool
    public var upper: Double?
    public var upperIncluded: Bool

    public init(lower: Double?, lowerIncluded: Bool, upper: Double?, upperIncluded: Bool) {
        self.lower = lower
        self.lowerIncluded = lowerIncluded
        self.upper = upper
        self.upperIncluded = upperIncluded
    }

    /// Every finite number.
    public static let all = Interval(lower: nil, lowerIncluded: false, upper: nil, upperIncluded: false)
    /// (0, ∞).
    public static let positive = Interval(lower: 0, lowerIncluded: false, upper: nil, upperIncluded: false)
    /// [0, ∞).
    public static let nonNegative = Interval(lower: 0, lowerIncluded: true, upper: nil, upperIncluded: false)
    /// (a, b).
    public static func open(_ a: Double, _ b: Double) -> Interval {
        Interval(lower: a, lowerIncluded: false, upper: b, upperIncluded: false)
    }
    /// (a, ∞).
    public static func greaterThan(_ a: Double) -> Interval {
        Interval(lower: a, lowerIncluded: false, upper: nil, upperIncluded: false)
    }

    public init(_ range: Range<Double>) {
        self.init(lower: range.lowerBound, lowerIncluded: true, upper: range.upperBound, upperIncluded: false)
    }
    public init(_ range: ClosedRange<Double>) {
        self.init(lower: range.lowerBound, lowerIncluded: true, upper: range.upperBound, upperIncluded: true)
    }
    public init(_ range: PartialRangeFrom<Double>) {
        self.init(lower: range.lowerBound, lowerIncluded: true, upper: nil, upperIncluded: false)
    }
    public init(_ range: PartialRangeThrough<Double>) {
        self.init(lower: nil, lowerIncluded: false, upper: range.upperBound, upperIncluded: true)
    }
    public init(_ range: PartialRangeUpTo<Double>) {
        self.init(lower: nil, lowerIncluded: false, upper: range.upperBound, upperIncluded: false)
    }

    /// Whether `x` lies in the interval (non-finite numbers never do).
    public func contains(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        if let lower, lowerIncluded ? x < lower : x <= lower { return false }
        if let upper, upperIncluded ? x > upper : x >= upper { return false }
        return true
    }

    public var description: String {
        let left = lower.map { (lowerIncluded ? "[" : "(") + Self.format($0) } ?? "(-inf"
        let right = upper.map { Self.format($0) + (upperIncluded ? "]" : ")") } ?? "inf)"
        return left + ", " + right
    }

    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }
}
