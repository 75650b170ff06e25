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
    /// The default tolerance: for every number no rule of `rules` covers.
    public var tolerance: Tolerance
    /// Per-name tolerances (first matching rule wins), e.g. timings shown for information only.
    public var rules: ToleranceRules

    public var metrics: [MetricDifference]
    public var series: [SeriesDifference]
    public var figureData: [SeriesDifference]
    public var provenance: [ProvenanceDifference]
    public var overlays: [SeriesOverlay]
    /// Landscapes (fields on a grid) in the data of figures of both reports.
    public var landscapes: [LandscapeDifference]
    public var figures: [FigurePair]
    /// How each side was obtained (e.g. "built and run in 9 s: 120 of 120 records reused"),
    /// shown in the header when known (`RevisionReports.notes`).
    public var obtainedA: String?
    public var obtainedB: String?

    /// One figure in both reports (or in one only: then `difference` is nil).
    public struct FigurePair {
        public var experiment: String
        public var name: String
        public var title: String
        public var pngA: URL?
        public var pngB: URL?
        public var difference: PixelDifference?
        public var differencePNG: Data?
        /// The figure's data differ only in informational series (e.g. timings): its changed
        /// pixels are no change of results.
        public var informationalOnly = false
    }

    /// Compares two reports; `only` restricts to experiments (each must exist in one of them).
    /// Each metric, series and figure-data series is judged by the first rule of `rules`
    /// covering it, and by `tolerance` when none does.
    public init(a: ReportManifest, folderA: URL, labelA: String, b: ReportManifest, folderB: URL, labelB: String,
                tolerance: Tolerance = Tolerance(), rules: ToleranceRules = ToleranceRules(), only: [String]? = nil) throws {
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
        self.rules = rules
        func judged(_ s: SeriesDifference) -> SeriesDifference {
            var s = s
            (s.check, s.rule) = rules.check(experiment: s.experiment, names: [s.key, s.name], default: tolerance)
            return s
        }
        metrics = MetricDifference.all(a, b).map { m in
            var m = m
            (m.check, m.rule) = rules.check(experiment: m.experiment, names: [m.metric], default: tolerance)
            return m
        }
        overlays = SeriesOverlay.all(a, b)
        series = overlays.flatMap { o in
            let key = o.series.hasPrefix("summary: ") ? String(o.series.dropFirst("summary: ".count)) : o.series
            return o.curves.map { judged(SeriesDifference(experiment: o.experiment, name: "\(o.series) / \($0.label)", key: key, a: $0.a, b: $0.b)) }
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
                if let dataA = ea?.data, let dataB = eb?.data {
                    fields += LandscapeDifference.all(experiment: name, figure: figureName, dataA: dataA, dataB: dataB).map { l in
                        var l = l
                        l.check = rules.check(experiment: name, names: [l.field, "\(figureName) / \(l.field)"], default: tolerance).check
                        return l
                    }
                    let compared = Set(dataA.keys).intersection(dataB.keys).sorted().map { key in
                        judged(SeriesDifference(experiment: name, name: "\(figureName) / \(key)", key: key, a: dataA[key]!, b: dataB[key]!))
                    }
                    data += compared
                    pair.informationalOnly = Set(dataA.keys) == Set(dataB.keys) && !compared.contains(where: \.flagged)
                        && compared.contains { $0.check.isInformational && $0.maxAbsDifference > 0 }
                }
                pairs.append(pair)
            }
        }
        figures = pairs
        figureData = data
        landscapes = fields
        provenance = ProvenanceDifference.all(a, b)
    }

    /// Metrics beyond their tolerance or present in one report only (informational ones never).
    public var flaggedMetrics: [MetricDifference] { metrics.filter(\.flagged) }
    /// Metrics a rule marks informational (e.g. timings): shown, never flagged.
    public var informationalMetrics: [MetricDifference] { metrics.filter(\.check.isInformational) }
    public var changedFigures: [FigurePair] { figures.filter { ($0.difference?.share ?? 1) > 0 } }

    /// How many metrics and series (record, summary and figure-data series) each rule decided, by rule index.
    public var ruleUse: [Int: (metrics: Int, series: Int)] {
        var use: [Int: (metrics: Int, series: Int)] = [:]
        for r in metrics.compactMap(\.rule) { use[r, default: (0, 0)].metrics += 1 }
        for r in (series + figureData).compactMap(\.rule) { use[r, default: (0, 0)].series += 1 }
        return use
    }

    /// `reports/compare/<A>-vs-<B>`.
    public static func folderName(_ labelA: String, _ labelB: String) -> String {
        func clean(_ s: String) -> String { String(s.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }) }
        return "\(clean(labelA))-vs-\(clean(labelB))"
    }
}
