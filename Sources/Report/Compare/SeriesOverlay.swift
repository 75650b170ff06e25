import Foundation
import Plot

/// One plot per series name of an experiment, overlaying every curve present in both
/// reports: A solid, B dashed, one colour per method.
public struct SeriesOverlay {
    public var experiment: String
    /// Series name, e.g. `F` (record series) or `summary: F.mean`.
    public var series: String
    /// (method label, curve of A, curve of B), in method order.
    public var curves: [(label: String, a: [Double], b: [Double])]

    /// Every overlay the two reports allow, per experiment and series name.
    static func all(_ a: ReportManifest, _ b: ReportManifest) -> [SeriesOverlay] {
        var out: [SeriesOverlay] = []
        for ea in a.experiments {
            guard let eb = b.experiment(ea.name) else { continue }
            var byName: [String: [(String, [Double], [Double])]] = [:]
            for method in ea.series.keys.sorted() {
                guard let sb = eb.series[method] else { continue }
                for (name, curveA) in ea.series[method]! {
                    if let curveB = sb[name] { byName[name, default: []].append((method, curveA, curveB)) }
                }
            }
            for name in byName.keys.sorted() {
                out.append(SeriesOverlay(experiment: ea.name, series: name,
                                         curves: byName[name]!.sorted { $0.0 < $1.0 }.map { (label: $0.0, a: $0.1, b: $0.2) }))
            }
            for name in ea.summarySeries.keys.sorted() {
                if let curveB = eb.summarySeries[name] {
                    out.append(SeriesOverlay(experiment: ea.name, series: "summary: \(name)",
                                             curves: [(label: name, a: ea.summarySeries[name]!, b: curveB)]))
                }
            }
        }
        return out
    }

    /// File stem for the overlay's PNG.
    public var fileStem: String {
        "overlay_" + String(series.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" })
    }

    /// The overlay as a PNG (A solid, B dashed; log y when every value is positive and
    /// the values span more than two decades; at most 10 methods, the rest named in the title).
    public func png(labelA: String, labelB: String) throws -> Data {
        let fig = Figure(width: 6.4, height: 3.3)
        let ax = fig.axes(0, 0)
        let shown = curves.prefix(10)
        ax.title = "\(experiment): \(series)" + (curves.count > shown.count ? " (first \(shown.count) of \(curves.count) methods)" : "")
        ax.xLabel = "index (iteration)"
        ax.yLabel = series
        let values = shown.flatMap { $0.a + $0.b }.filter(\.isFinite)
        if let lo = values.min(), let hi = values.max(), lo > 0, hi / lo > 100 { ax.yScale = .log }
        for (i, curve) in shown.enumerated() {
            let color = Color.tab10(i)
            let single = curve.a.count == 1 && curve.b.count == 1
            ax.line(x: curve.a.indices.map(Double.init), y: curve.a, label: "\(curve.label) (\(labelA))", color: color,
                    style: .solid, width: 1.6, marker: single ? .circle : nil)
            ax.line(x: curve.b.indices.map(Double.init), y: curve.b, label: "\(curve.label) (\(labelB))", color: color,
                    style: .dashed, width: 1.6, marker: single ? .square : nil)
        }
        ax.legend(.outsideRight)
        return try fig.pngData(dpi: 110)
    }
}
