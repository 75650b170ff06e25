import Foundation

/// Tick positions and their labels for one axis.
public struct Ticks: Equatable, Sendable {
    /// Labelled tick positions inside the view limits, increasing.
    public var major: [Double]
    /// Unlabelled small ticks (log axes), inside the view limits.
    public var minor: [Double]
    /// One label per major tick (may use `^{}` superscript markup).
    public var labels: [String]
    /// A common factor shown once at the end of the axis (e.g. "×10^{5}"), or nil.
    public var offsetLabel: String?
}

/// "Nice" tick positions, after matplotlib's `MaxNLocator` and `LogLocator`.
public enum TickLocator {
    /// matplotlib's default steps: tick spacings are 1, 2, 2.5, 5 or 10 times a power of ten.
    public static let defaultSteps: [Double] = [1, 2, 2.5, 5, 10]

    /// Evenly spaced nice ticks covering [vmin, vmax] with at most `maxBins` intervals
    /// between the first and last tick, following matplotlib's `MaxNLocator._raw_ticks`:
    /// the spacing is the smallest step * 10^k that is >= (vmax - vmin) / maxBins, then
    /// reduced while fewer than `minTicks` ticks fall inside the range. The result may extend
    /// one tick beyond the range on either side; `linearTicks` keeps only the visible ones.
    /// With `integer`, as matplotlib's `integer=True`: steps >= 1 must be whole numbers
    /// (so 2.5 is skipped) and the step is at least 1 when the range holds `minTicks` integers.
    public static func maxNTicks(_ vmin: Double, _ vmax: Double, maxBins: Int,
                                 steps: [Double] = defaultSteps, minTicks: Int = 2, integer: Bool = false) -> [Double] {
        var lo = min(vmin, vmax), hi = max(vmin, vmax)
        if hi - lo <= abs(hi) * 1e-12 || hi == lo {
            let d = lo == 0 ? 1 : abs(lo) * 0.05
            lo -= d; hi += d
        }
        let nbins = Double(max(1, maxBins))
        let scale = pow(10, floor(log10((hi - lo) / nbins)))
        var extended = steps.dropLast().map { $0 * 0.1 } + steps + [10 * steps[1]]
        extended = extended.map { $0 * scale }
        if integer { extended = extended.filter { $0 < 1 || abs($0 - $0.rounded()) < 0.001 } }
        let rawStep = (hi - lo) / nbins
        let firstFit = extended.firstIndex { $0 >= rawStep * (1 - 1e-12) } ?? extended.count - 1
        var ticks: [Double] = []
        for istep in stride(from: firstFit, through: 0, by: -1) {
            var step = extended[istep]
            if integer && floor(hi) - ceil(lo) >= Double(minTicks - 1) { step = max(1, step) }
            let bestMin = floor(lo / step) * step
            let low = edgeLE((lo - bestMin) / step)
            let high = edgeGE((hi - bestMin) / step)
            ticks = (Int(low)...Int(high)).map { snap(Double($0) * step + bestMin, step) }
            let inside = ticks.filter { $0 >= lo - step * 1e-9 && $0 <= hi + step * 1e-9 }.count
            if inside >= minTicks { break }
        }
        return ticks
    }

    /// Largest n with n <= x, treating values within 1e-10 of an integer as that integer.
    private static func edgeLE(_ x: Double) -> Double {
        let r = x.rounded()
        return abs(x - r) < 1e-10 ? r : floor(x)
    }
    private static func edgeGE(_ x: Double) -> Double {
        let r = x.rounded()
        return abs(x - r) < 1e-10 ? r : ceil(x)
    }
    /// Removes representation noise such as 0.30000000000000004 -> 0.3.
    private static func snap(_ v: Double, _ step: Double) -> Double {
        let k = (v / step).rounded()
        let s = k * step
        if abs(s) < step * 1e-9 { return 0 }
        let digits = max(0, 15 - Int(ceil(log10(abs(s)))))
        return Double(String(format: "%.\(min(digits, 17))g", s)) ?? s
    }

    /// The nice ticks of `maxNTicks` that lie inside [lower, upper].
    public static func linearTicks(_ lower: Double, _ upper: Double, maxBins: Int, integer: Bool = false) -> [Double] {
        let lo = min(lower, upper), hi = max(lower, upper)
        let tol = (hi - lo) * 1e-9
        return maxNTicks(lo, hi, maxBins: maxBins, integer: integer).filter { $0 >= lo - tol && $0 <= hi + tol }
    }

    /// Log-axis ticks inside [lower, upper] (both > 0): majors at powers of ten — every
    /// `k`-th decade when more than `maxMajor` decades are visible — and minors at 2..9 x 10^k
    /// when each decade is labelled (at the skipped decades otherwise). When fewer than two
    /// decades are visible, the 2x and 5x positions become labelled majors as well.
    public static func logTicks(_ lower: Double, _ upper: Double, maxMajor: Int) -> (major: [Double], minor: [Double]) {
        let lo = min(lower, upper), hi = max(lower, upper)
        let eLo = Int(floor(log10(lo) + 1e-9)), eHi = Int(ceil(log10(hi) - 1e-9))
        let inside = { (v: Double) in v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) }
        let decades = Array(eLo...eHi)
        let visibleDecades = decades.filter { inside(pow(10, Double($0))) }
        if visibleDecades.count < 2 {
            let span = log10(hi / lo)
            let labelled: [Double] = span > 0.6 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9]
            var major: [Double] = [], minor: [Double] = []
            for e in decades {
                for m in 1...9 {
                    let v = Double(m) * pow(10, Double(e))
                    guard inside(v) else { continue }
                    if labelled.contains(Double(m)) { major.append(v) } else { minor.append(v) }
                }
            }
            if major.count < 2 { return (maxNTicks(lo, hi, maxBins: 4).filter(inside), []) }
            return (major, minor)
        }
        let stride = max(1, Int(ceil(Double(visibleDecades.count) / Double(max(1, maxMajor)))))
        var major: [Double] = [], minor: [Double] = []
        for e in decades {
            let v = pow(10, Double(e))
            let isMajor = ((e % stride) + stride) % stride == 0
            if isMajor { if inside(v) { major.append(v) } } else if inside(v) { minor.append(v) }
            if stride == 1 {
                for m in 2...9 where inside(Double(m) * v) { minor.append(Double(m) * v) }
            }
        }
        return (major, minor)
    }
}

/// Tick labels as a reader expects them.
public enum TickFormatter {
    /// Labels for evenly spaced linear ticks: the fewest decimals that show every tick
    /// exactly, a real minus sign, and a common "×10^{k}" factor when the magnitudes are
    /// >= 10^5 or < 10^-3.
    public static func linear(_ ticks: [Double]) -> (labels: [String], offset: String?) {
        guard !ticks.isEmpty else { return ([], nil) }
        let maxAbs = ticks.map(abs).max()!
        var exponent = 0
        if maxAbs >= 1e5 || (maxAbs > 0 && maxAbs < 1e-3) { exponent = Int(floor(log10(maxAbs))) }
        let scaled = ticks.map { $0 / pow(10, Double(exponent)) }
        var decimals = 0
        while decimals < 10 {
            let f = pow(10, Double(decimals))
            if scaled.allSatisfy({ abs($0 * f - ($0 * f).rounded()) < 1e-6 * max(1, abs($0 * f)) }) { break }
            decimals += 1
        }
        let labels = scaled.map { v -> String in
            var s = String(format: "%.\(decimals)f", v)
            if Double(s) == 0 { s = String(format: "%.\(decimals)f", 0.0) }
            return s.replacingOccurrences(of: "-", with: "\u{2212}")
        }
        let offset = exponent == 0 ? nil : "×10^{\(minusSign(exponent))}"
        return (labels, offset)
    }

    /// Labels for log-axis majors: "10^{k}" at powers of ten when every major is one;
    /// otherwise plain numbers ("0.2", "5", "20").
    public static func log(_ ticks: [Double]) -> [String] {
        let isDecade = ticks.allSatisfy { abs(log10($0) - log10($0).rounded()) < 1e-9 }
        if isDecade {
            return ticks.map { v in
                let e = Int(log10(v).rounded())
                return "10^{\(minusSign(e))}"
            }
        }
        return ticks.map(plain)
    }

    /// A number with the fewest decimals (up to 10) that show it, e.g. "0.25", "4", "−1.5".
    public static func plain(_ v: Double) -> String {
        var s = String(format: "%.10f", v)
        while s.contains(".") && (s.hasSuffix("0") || s.hasSuffix(".")) { s.removeLast() }
        if s == "-0" { s = "0" }
        return s.replacingOccurrences(of: "-", with: "\u{2212}")
    }

    static func minusSign(_ e: Int) -> String { e < 0 ? "\u{2212}\(-e)" : "\(e)" }
}
