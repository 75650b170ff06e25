import Foundation

/// How data values map to positions along an axis.
public enum AxisScale: Sendable {
    /// Position proportional to the value.
    case linear
    /// Position proportional to log10 of the value; values <= 0 have no position.
    case log

    /// The value in the axis' working coordinate (the value itself, or its log10); `nil` when
    /// the value cannot be shown (non-finite, or <= 0 on a log axis).
    func forward(_ v: Double) -> Double? {
        guard v.isFinite else { return nil }
        switch self {
        case .linear: return v
        case .log: return v > 0 ? log10(v) : nil
        }
    }

    func inverse(_ u: Double) -> Double {
        switch self {
        case .linear: return u
        case .log: return pow(10, u)
        }
    }
}

/// Maps data values on one axis to surface coordinates between `start` and `end` (points).
struct AxisMap {
    var scale: AxisScale
    var lower: Double
    var upper: Double
    var start: Double
    var end: Double

    /// Surface coordinate of `v`, or `nil` when `v` has no position on this scale.
    func callAsFunction(_ v: Double) -> Double? {
        guard let u = scale.forward(v), let a = scale.forward(lower), let b = scale.forward(upper) else { return nil }
        return start + (u - a) / (b - a) * (end - start)
    }

    /// Like `callAsFunction`, but values without a position (<= 0 on a log axis) go to the
    /// axis floor, i.e. the lower view limit: the documented rule for shaded bands.
    func clampedToFloor(_ v: Double) -> Double? {
        if v.isFinite, scale == .log, v <= 0 { return self(lower) }
        return self(v)
    }

    func contains(_ v: Double) -> Bool {
        let lo = min(lower, upper), hi = max(lower, upper)
        let eps = (hi - lo) * 1e-9
        return v >= lo - eps && v <= hi + eps
    }
}
