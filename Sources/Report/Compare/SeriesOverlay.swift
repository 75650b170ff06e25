import Foundation
import Plot

/// One plot per series name of an experiment, overlaying every curve present in both
/// reports: A solid, B dashed, one colour per method.
///
/// Methods are grouped into panels by family (the method name without its parameters:
/// `pbrl-value`, `hypergradient`, ...), at most `perPanel` curves per panel, so a plot stays
/// legible with many λ values. The x values are the series' x axis from the records
/// (`xAxis`, e.g. `iteration`) when both reports have it, the index otherwise.
public struct SeriesOverlay {
    public struct Curve {
        public var label: String
        public var a: [Double]
        public var b: [Double]
        public var xA: [Double]
        public var xB: [Double]
    }

    public var experiment: String
    /// Series name, e.g. `F` (record series) or `summary: F.mean`.
    public var series: String
    /// Name of the x axis (`iteration`, or `index`).
    public var xLabel: String
    public var curves: [Curve]

    static let perPanel = 6

    /// Every overlay the two reports allow, per experiment and series name. Series that
    /// serve as another series' x axis are not overlaid themselves.
    static func all(_ a: ReportManifest, _ b: ReportManifest) -> [SeriesOverlay] {
        var out: [SeriesOverlay] = []
        for ea in a.experiments {
            guard let eb = b.experiment(ea.name) else { continue }
            let axes = (ea.axes ?? [:]).merging(eb.axes ?? [:]) { x, _ in x }
            let axisSeries = Set(axes.values)
            var byName: [String: [Curve]] = [:]
            var xLabels: [String: String] = [:]
            for method in ea.series.keys.sorted(by: MetricTable.naturalLess) {
                guard let sa = ea.series[method], let sb = eb.series[method] else { continue }
                for (name, curveA) in sa where !axisSeries.contains(name) {
                    guard let curveB = sb[name] else { continue }
                    var xA = curveA.indices.map(Double.init), xB = curveB.indices.map(Double.init)
                    var xLabel = "index"
                    if let axis = axes[name], let ax = sa[axis], let bx = sb[axis], ax.count >= curveA.count, bx.count >= curveB.count {
                        xA = Array(ax.prefix(curveA.count)); xB = Array(bx.prefix(curveB.count)); xLabel = axis
                    }
                    xLabels[name] = xLabels[name] ?? xLabel
                    byName[name, default: []].append(Curve(label: method, a: curveA, b: curveB, xA: xA, xB: xB))
                }
            }
            for name in byName.keys.sorted() {
                out.append(SeriesOverlay(experiment: ea.name, series: name, xLabel: xLabels[name] ?? "index", curves: byName[name]!))
            }
            for name in ea.summarySeries.keys.sorted() {
                guard let curveB = eb.summarySeries[name] else { continue }
                let curveA = ea.summarySeries[name]!
                out.append(SeriesOverlay(experiment: ea.name, series: "summary: \(name)", xLabel: "index", curves: [
                    Curve(label: name, a: curveA, b: curveB, xA: curveA.indices.map(Double.init), xB: curveB.indices.map(Double.init)),
                ]))
            }
        }
        return out
    }

    /// File stem for the overlay's PNG (`index` keeps names that differ only in case apart).
    public func fileStem(index: Int) -> String {
        String(format: "overlay_%02d_", index) + String(series.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" })
    }

    /// Curves grouped into panels: first by their parameters other than λ (e.g. `part=1`,
    /// which often selects a different instance), then by method family; families with one
    /// curve each (baselines) share a panel; at most `perPanel` curves per panel.
    var panels: [(title: String, curves: [(label: String, curve: Curve)])] {
        struct Parsed { var family: String; var context: String; var sweep: String; var curve: Curve }
        let parsed = curves.map { curve -> Parsed in
            let parts = curve.label.split(separator: " ", maxSplits: 1).map(String.init)
            let params = parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []
            let sweep = params.filter { $0.hasPrefix("lambda=") }.map { $0.replacingOccurrences(of: "lambda=", with: "λ=") }
            let context = params.filter { !$0.hasPrefix("lambda=") }
            return Parsed(family: parts[0], context: context.joined(separator: ","), sweep: sweep.joined(separator: ","), curve: curve)
        }
        var out: [(String, [(String, Curve)])] = []
        var contexts: [String] = []
        for p in parsed where !contexts.contains(p.context) { contexts.append(p.context) }
        for context in contexts {
            let inContext = parsed.filter { $0.context == context }
            var families: [String] = []
            for p in inContext where !families.contains(p.family) { families.append(p.family) }
            let suffix = context.isEmpty ? "" : " (\(context))"
            let singles = families.filter { f in inContext.filter { $0.family == f }.count == 1 }
            var groups: [(String, [(String, Curve)])] = []
            if !singles.isEmpty {
                groups.append((singles.joined(separator: ", ") + suffix,
                               inContext.filter { singles.contains($0.family) }.map { ($0.family + ($0.sweep.isEmpty ? "" : " " + $0.sweep), $0.curve) }))
            }
            for family in families where !singles.contains(family) {
                groups.append((family + suffix, inContext.filter { $0.family == family }.map { ($0.sweep.isEmpty ? $0.family : $0.sweep, $0.curve) }))
            }
            for (title, group) in groups {
                let chunks = stride(from: 0, to: group.count, by: Self.perPanel).map { Array(group[$0..<min($0 + Self.perPanel, group.count)]) }
                for (i, chunk) in chunks.enumerated() { out.append((chunks.count > 1 ? "\(title) \(i + 1)/\(chunks.count)" : title, chunk)) }
            }
        }
        return out.map { (title: $0.0, curves: $0.1.map { (label: $0.0, curve: $0.1) }) }
    }

    /// The overlay as a PNG: one panel per method family, A solid and B dashed in the
    /// method's colour; log y when every value is positive and spans more than two decades.
    public func png() throws -> Data {
        let panels = self.panels
        let cols = min(2, panels.count), rows = (panels.count + cols - 1) / cols
        let fig = Figure(width: cols == 1 ? 6.4 : 9.6, height: 0.5 + 2.9 * Double(rows), rows: rows, cols: cols)
        fig.suptitle = "\(experiment): \(series)   (A solid, B dashed)"
        for (p, panel) in panels.enumerated() {
            let ax = fig.axes(p / cols, p % cols)
            ax.title = panel.title
            ax.xLabel = xLabel
            ax.yLabel = series
            let values = panel.curves.flatMap { $0.curve.a + $0.curve.b }.filter(\.isFinite)
            if let lo = values.min(), let hi = values.max(), lo > 0, hi / lo > 100 { ax.yScale = .log }
            for (i, item) in panel.curves.enumerated() {
                let color = Color.tab10(i)
                let curve = item.curve
                let single = curve.a.count == 1 && curve.b.count == 1
                ax.line(x: curve.xA, y: curve.a, label: item.label, color: color, style: .solid, width: 1.5, marker: single ? .circle : nil)
                ax.line(x: curve.xB, y: curve.b, label: nil, color: color, style: .dashed, width: 1.5, marker: single ? .square : nil)
            }
            ax.legend(.best)
        }
        return try fig.pngData(dpi: 100)
    }
}
