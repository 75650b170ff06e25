import Foundation

/// How numbers are printed in reports: deterministic, locale-free, short.
public enum NumberText {
    /// Integers without a fraction (`10`), other values with up to 6 significant digits
    /// (`0.0523`, `1.234e-07`), for parameter labels and config values.
    public static func compact(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return significant(x, 6)
    }

    /// `x` with `digits` significant digits, switching to exponent notation outside
    /// [1e-4, 1e6). Trailing zeros are dropped.
    public static func significant(_ x: Double, _ digits: Int = 4) -> String {
        if x.isNaN { return "NaN" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        var text: String
        if magnitude >= 1e-4 && magnitude < 1e6 {
            let decimals = max(0, digits - 1 - Int(floor(log10(magnitude))))
            text = String(format: "%.\(decimals)f", x)
            if text.contains(".") {
                while text.hasSuffix("0") { text.removeLast() }
                if text.hasSuffix(".") { text.removeLast() }
            }
        } else {
            text = String(format: "%.\(max(0, digits - 1))e", x)
            if let e = text.firstIndex(of: "e") {
                var mantissa = String(text[..<e])
                if mantissa.contains(".") {
                    while mantissa.hasSuffix("0") { mantissa.removeLast() }
                    if mantissa.hasSuffix(".") { mantissa.removeLast() }
                }
                text = mantissa + String(text[e...])
            }
        }
        return text == "-0" ? "0" : text
    }

    /// A duration: `0.42 s`, `12.3 s`, `4 min 05 s`, `1 h 02 min`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return significant(seconds, 3) + " s" }
        let total = Int(seconds.rounded())
        if total < 3600 { return String(format: "%d min %02d s", total / 60, total % 60) }
        return String(format: "%d h %02d min", total / 3600, (total % 3600) / 60)
    }

    /// A share in percent with two decimals (`0.37 %`).
    public static func percent(_ share: Double) -> String {
        String(format: "%.2f %%", share * 100)
    }
}
