import Foundation

/// An experiment's headline numbers arranged as a paper table.
///
/// Metric names follow `<group>.<quantity>.<rest>` (e.g. `e1b.final_F.pbrl-value.lambda=10.mean`):
/// one table per group, one column per quantity, one row per rest (typically a method and
/// its parameters). `<rest>.mean` goes to the row `<rest>`, with its `<rest>.std` as "mean ± std".
/// Names with fewer parts are listed in a row of their own. A group whose grid would be
/// less than half filled is listed one metric per row instead. Values are printed with 4
/// significant digits; metrics.json holds them exactly.
struct MetricTable {
    struct Table { var group: String; var columns: [String]; var rows: [(label: String, cells: [String])] }

    static func tables(_ metrics: [String: Double]) -> [Table] {
        var groups: [String: [String: [String: Double]]] = [:]   // group -> rest -> quantity -> value
        for (name, value) in metrics {
            let parts = name.split(separator: ".", maxSplits: 2).map(String.init)
            let group = parts.count > 1 ? parts[0] : ""
            let quantity = parts.count > 1 ? parts[1] : parts[0]
            let rest = parts.count > 2 ? parts[2] : ""
            groups[group, default: [:]][rest, default: [:]][quantity] = value
        }
        return groups.keys.sorted(by: naturalLess).map { group in
            let byRest = groups[group]!
            var cells: [String: [String: String]] = [:]
            var consumed = Set<String>()
            for (rest, values) in byRest where rest == "mean" || rest.hasSuffix(".mean") {
                let stem = rest == "mean" ? "" : String(rest.dropLast(".mean".count))
                let stdKey = stem.isEmpty ? "std" : stem + ".std"
                for (quantity, mean) in values where byRest[stem]?[quantity] == nil {
                    var text = NumberText.significant(mean, 4)
                    if let std = byRest[stdKey]?[quantity] {
                        text += " ± " + NumberText.significant(std, 2)
                        consumed.insert(stdKey + "\u{0}" + quantity)
                    }
                    cells[stem, default: [:]][quantity] = text
                    consumed.insert(rest + "\u{0}" + quantity)
                }
            }
            for (rest, values) in byRest {
                for (quantity, value) in values where !consumed.contains(rest + "\u{0}" + quantity) {
                    cells[rest, default: [:]][quantity] = NumberText.significant(value, 4)
                }
            }
            let columns = Array(Set(cells.values.flatMap(\.keys))).sorted(by: naturalLess)
            let filled = cells.values.reduce(0) { $0 + $1.count }
            if columns.count > 1, Double(filled) < 0.5 * Double(columns.count * cells.count) {
                // Too sparse for a grid: one row per metric, `quantity, rest`, in name order.
                var flat: [(label: String, cells: [String])] = []
                for (rest, byQuantity) in cells {
                    for (quantity, text) in byQuantity {
                        let label: String = rest.isEmpty ? quantity : quantity + "." + rest
                        flat.append((label: label, cells: [text]))
                    }
                }
                flat.sort { naturalLess($0.label, $1.label) }
                return Table(group: group, columns: ["value"], rows: flat)
            }
            let rows = cells.keys.sorted(by: naturalLess).map { rest in
                (label: rest, cells: columns.map { cells[rest]![$0] ?? "" })
            }
            return Table(group: group, columns: columns, rows: rows)
        }
    }

    /// A row label in the paper's symbols: `pbrl-value.lambda=10` -> `pbrl-value, λ = 10`.
    static func label(_ rest: String) -> String {
        guard !rest.isEmpty else { return "—" }
        // A dot before a letter separates parts; a dot between digits is a decimal point.
        var text = ""
        var i = rest.startIndex
        while i < rest.endIndex {
            let next = rest.index(after: i)
            if rest[i] == ".", next < rest.endIndex, rest[next].isLetter { text += ", " } else { text.append(rest[i]) }
            i = next
        }
        for (word, symbol) in [("lambda", "λ"), ("tau", "τ"), ("gamma", "γ"), ("alpha", "α"), ("beta", "β")] {
            text = text.replacingOccurrences(of: word + "=", with: symbol + " = ")
        }
        return text
    }

    /// Orders `lambda=2` before `lambda=10`: digit runs compare as numbers.
    static func naturalLess(_ a: String, _ b: String) -> Bool {
        var i = a.startIndex, j = b.startIndex
        while i < a.endIndex, j < b.endIndex {
            if a[i].isNumber, b[j].isNumber {
                var ei = i, ej = j
                while ei < a.endIndex, a[ei].isNumber { ei = a.index(after: ei) }
                while ej < b.endIndex, b[ej].isNumber { ej = b.index(after: ej) }
                let na = Double(a[i..<ei]) ?? 0, nb = Double(b[j..<ej]) ?? 0
                if na != nb { return na < nb }
                i = ei; j = ej
            } else {
                if a[i] != b[j] { return a[i] < b[j] }
                i = a.index(after: i); j = b.index(after: j)
            }
        }
        return a.count < b.count
    }
}
