import Foundation

/// The comparison of two reports: metrics, series, figures (pixels and data) and provenance.
///
/// Written by `write(to:)` as `COMPARE.md` and a self-contained `compare.html`, with the
/// figures of both sides, their pixel-difference images and the series overlays in
/// `figures/`.
public struct Comparison {
    public var labelA: String
    public var labelB: String
    public var a: ReportManifest
    public var b: ReportManifest
    public var folderA: URL
    public var folderB: URL
    public var tolerance: Tolerance

    public var metrics: [MetricDifference]
    public var series: [SeriesDifference]
    public var figureData: [SeriesDifference]
    public var provenance: [ProvenanceDifference]
    public var overlays: [SeriesOverlay]
    /// Landscapes (fields on a grid) in the data of figures of both reports.
    public var landscapes: [LandscapeDifference]
    public var figures: [FigurePair]

    /// One figure in both reports (or in one only: then `difference` is nil).
    public struct FigurePair {
        public var experiment: String
        public var name: String
        public var title: String
        public var pngA: URL?
        public var pngB: URL?
        public var difference: PixelDifference?
        public var differencePNG: Data?
    }

    /// Compares two reports; `only` restricts to experiments (each must exist in one of them).
    public init(a: ReportManifest, folderA: URL, labelA: String, b: ReportManifest, folderB: URL, labelB: String,
                tolerance: Tolerance = Tolerance(), only: [String]? = nil) throws {
        var a = a, b = b
        if let only {
            let known = Set(a.experiments.map(\.name)).union(b.experiments.map(\.name))
            for name in only where !known.contains(name) {
                throw ReportError("unknown experiment '\(name)' in this comparison; the reports hold: \(known.sorted().joined(separator: ", "))")
            }
            a.experiments = a.experiments.filter { only.contains($0.name) }
            b.experiments = b.experiments.filter { only.contains($0.name) }
        }
        self.a = a; self.b = b; self.folderA = folderA; self.folderB = folderB
        self.labelA = labelA; self.labelB = labelB; self.tolerance = tolerance
        metrics = MetricDifference.all(a, b)
        overlays = SeriesOverlay.all(a, b)
        series = overlays.flatMap { o in
            o.curves.map { SeriesDifference(experiment: o.experiment, name: "\(o.series) / \($0.label)", a: $0.a, b: $0.b) }
        }
        var data: [SeriesDifference] = []
        var fields: [LandscapeDifference] = []
        var pairs: [FigurePair] = []
        for name in Set(a.experiments.map(\.name)).union(b.experiments.map(\.name)).sorted() {
            let fa = a.experiment(name)?.figures ?? [], fb = b.experiment(name)?.figures ?? []
            for figureName in Set(fa.map(\.name)).union(fb.map(\.name)).sorted() {
                let ea = fa.first { $0.name == figureName }, eb = fb.first { $0.name == figureName }
                var pair = FigurePair(experiment: name, name: figureName, title: (ea ?? eb)!.title,
                                      pngA: ea.map { folderA.appendingPathComponent($0.png) },
                                      pngB: eb.map { folderB.appendingPathComponent($0.png) })
                if let pa = pair.pngA, let pb = pair.pngB,
                   let da = FileManager.default.contents(atPath: pa.path), let db = FileManager.default.contents(atPath: pb.path) {
                    let (difference, png) = try PixelDifference.compare(pngA: da, pngB: db)
                    pair.difference = difference
                    pair.differencePNG = png
                }
                pairs.append(pair)
                if let dataA = ea?.data, let dataB = eb?.data {
                    fields += LandscapeDifference.all(experiment: name, figure: figureName, dataA: dataA, dataB: dataB)
                    for key in Set(dataA.keys).intersection(dataB.keys).sorted() {
                        data.append(SeriesDifference(experiment: name, name: "\(figureName) / \(key)", a: dataA[key]!, b: dataB[key]!))
                    }
                }
            }
        }
        figures = pairs
        figureData = data
        landscapes = fields
        provenance = ProvenanceDifference.all(a, b)
    }

    public var flaggedMetrics: [MetricDifference] { metrics.filter { $0.flagged(tolerance) } }
    public var changedFigures: [FigurePair] { figures.filter { ($0.difference?.share ?? 1) > 0 } }

    /// `reports/compare/<A>-vs-<B>`.
    public static func folderName(_ labelA: String, _ labelB: String) -> String {
        func clean(_ s: String) -> String { String(s.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }) }
        return "\(clean(labelA))-vs-\(clean(labelB))"
    }
}
