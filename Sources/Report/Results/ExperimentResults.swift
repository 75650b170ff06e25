import Foundation
import Lab

/// Everything one experiment left in `runs/<experiment>/<profile>/`: its summary, its run
/// records, its figure manifest, and what could not be read.
///
/// Only records named in the summary's `records` list are used when the summary has one, so
/// records of an older config left in the folder never leak into a report.
public struct ExperimentResults: Sendable {
    public var name: String
    public var profile: String
    public var layout: ExperimentLayout
    public var summary: SummaryDigest?
    public var records: [RecordDigest]
    public var figures: [FigureEntry]
    /// Markdown tables the experiment wrote next to its summary (`*.md` in the layout root,
    /// e.g. the E2 results table), by file name: generated from the runs, shown verbatim.
    public var tables: [(name: String, markdown: String)] = []
    /// One line per problem found while reading (missing summary, unreadable record, ...).
    public var problems: [String]
    /// The problems that are damaged files (a summary, record or figure manifest present but
    /// unreadable), as opposed to results not made yet: `bilevel report` and `check` name
    /// them and fail unless `--allow-partial`.
    public var corrupt: [String] = []

    /// Reads `root/<name>/<profile>/`. Never throws: what is missing becomes a `problem`.
    public static func load(runs root: URL, experiment name: String, profile: String) -> ExperimentResults {
        let layout = ExperimentLayout(root: root.appendingPathComponent(name).appendingPathComponent(profile),
                                      experiment: name, profile: profile)
        var results = ExperimentResults(name: name, profile: profile, layout: layout, summary: nil,
                                        records: [], figures: [], problems: [])
        let fm = FileManager.default
        if fm.fileExists(atPath: layout.summaryFile.path) {
            do {
                let summary = try SummaryDigest.load(layout.summaryFile)
                if summary.schemaVersion > SummaryDigest.supportedSchemaVersion {
                    results.problems.append("\(layout.summaryFile.path) has schema \(summary.schemaVersion), newer than this tool reads (\(SummaryDigest.supportedSchemaVersion)); rebuild the tool")
                } else {
                    results.summary = summary
                }
            } catch { results.problems.append("\(error)"); results.corrupt.append("\(error)") }
        } else {
            results.problems.append("no summary: \(layout.summaryFile.path) is missing")
        }
        let names = ((try? fm.contentsOfDirectory(atPath: layout.recordsDirectory.path)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") && $0 != "summary.json" }.sorted()
        // The summary lists records by file name or by path relative to the layout root.
        let wanted = results.summary.flatMap { summary in
            summary.records.map { Set(($0 + summary.failedRecords).map { ($0 as NSString).lastPathComponent }) }
        }
        for file in names where wanted?.contains(file) ?? true {
            do {
                let record = try RecordDigest.load(layout.recordsDirectory.appendingPathComponent(file))
                if record.schemaVersion != RecordDigest.supportedSchemaVersion {
                    results.problems.append("record \(file) has schema \(record.schemaVersion); this tool reads schema \(RecordDigest.supportedSchemaVersion)")
                    continue
                }
                results.records.append(record)
            } catch { results.problems.append("\(error)"); results.corrupt.append("\(error)") }
        }
        if let wanted {
            let missing = wanted.subtracting(names).sorted()
            if !missing.isEmpty {
                results.problems.append("\(missing.count) record(s) named in the summary are missing, e.g. \(missing[0])")
                results.corrupt.append("\(layout.summaryFile.path): \(missing.count) record(s) it names are missing, e.g. \(missing[0])")
            }
        }
        if fm.fileExists(atPath: layout.manifestFile.path) {
            do { results.figures = try FigureManifest.read(from: layout.manifestFile).figures } catch {
                results.problems.append("\(layout.manifestFile.path) is not a figure manifest")
                results.corrupt.append("\(layout.manifestFile.path) is not a figure manifest")
            }
        }
        let tableFiles = ((try? fm.contentsOfDirectory(atPath: layout.root.path)) ?? []).filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
        for file in tableFiles {
            if let text = try? String(contentsOf: layout.root.appendingPathComponent(file), encoding: .utf8) {
                results.tables.append((name: file, markdown: text.trimmingCharacters(in: .whitespacesAndNewlines)))
            }
        }
        for figure in results.figures {
            let png = layout.root.appendingPathComponent(figure.png)
            guard let handle = FileHandle(forReadingAtPath: png.path) else {
                results.problems.append("figure \(figure.name): \(figure.png) is missing")
                results.corrupt.append("\(png.path): figure \(figure.name) named in figures.json is missing")
                continue
            }
            let head = (try? handle.read(upToCount: 8)) ?? nil
            try? handle.close()
            if head != Data([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) {
                results.problems.append("figure \(figure.name): \(figure.png) is not a PNG file")
                results.corrupt.append("\(png.path) is not a PNG file (figure \(figure.name))")
            }
        }
        return results
    }

    /// The experiment folders present under `runs/` that hold a `<profile>` folder, sorted.
    public static func experiments(in runs: URL, profile: String) -> [String] {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: runs.path)) ?? []
        return names.filter { name in
            var isDir: ObjCBool = false
            return !name.hasPrefix(".")
                && fm.fileExists(atPath: runs.appendingPathComponent(name).appendingPathComponent(profile).path, isDirectory: &isDir)
                && isDir.boolValue
        }.sorted()
    }

    public var metrics: [String: Double] { summary?.metrics ?? [:] }
    public var failedRecords: [RecordDigest] { records.filter { !$0.succeeded } }
    public var seeds: [UInt64] { Array(Set(records.map(\.seed))).sorted() }
    public var methodLabels: [String] { Array(Set(records.map(\.methodLabel))).sorted() }

    /// One line per method: its name, and for a method run over a parameter grid, each
    /// parameter's values and the number of configurations, e.g.
    /// `pbrl-value (cost ∈ {1, 3, 5}, lambda_tau ∈ {1, 10}: 6 configurations)`.
    public var methodSummaries: [String] {
        Dictionary(grouping: records, by: \.method).keys.sorted().map { method in
            let runs = records.filter { $0.method == method }
            let keys = Set(runs.flatMap { $0.params.keys }).sorted()
            guard !keys.isEmpty else { return method }
            let grid = keys.map { key in
                let values = Set(runs.compactMap { $0.params[key] }).sorted()
                return "\(key) ∈ {\(values.map { NumberText.compact($0) }.joined(separator: ", "))}"
            }
            let configurations = Set(runs.map(\.methodLabel)).count
            return "\(method) (\(grid.joined(separator: ", ")): \(configurations) configuration\(configurations == 1 ? "" : "s"))"
        }
    }
    public var configHashes: [String] { Array(Set(records.map(\.configHash))).sorted() }
    public var commits: [String] { Array(Set(records.map(\.provenance.commit))).sorted() }

    /// The cost of the experiment: summed wall and CPU seconds of its runs, and the elapsed
    /// time from the first start to the last end (what a user waited, runs being parallel).
    public var cost: Cost {
        let starts = records.compactMap { $0.start.flatMap(Cost.parse) }
        let ends = records.compactMap { $0.end.flatMap(Cost.parse) }
        var elapsed: Double?
        if let first = starts.min(), let last = ends.max() { elapsed = max(0, last.timeIntervalSince(first)) }
        return Cost(runs: records.count, wallSeconds: records.reduce(0) { $0 + $1.wallSeconds },
                    cpuSeconds: records.reduce(0) { $0 + $1.cpuSeconds }, elapsedSeconds: elapsed)
    }

    public struct Cost: Equatable, Sendable {
        public var runs: Int
        public var wallSeconds: Double
        public var cpuSeconds: Double
        public var elapsedSeconds: Double?

        static func parse(_ text: String) -> Date? {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let d = f.date(from: text) { return d }
            f.formatOptions = [.withInternetDateTime]
            return f.date(from: text)
        }
    }

    /// Series name -> the series holding its x values, from the records' `xAxis`.
    public var seriesAxes: [String: String] {
        var axes: [String: String] = [:]
        for record in records { axes.merge(record.xAxis) { a, _ in a } }
        return axes
    }

    /// Mean over seeds of every record series, keyed by method label then series name.
    /// Seeds with series of different lengths are averaged over the common prefix.
    public var meanSeries: [String: [String: [Double]]] {
        var grouped: [String: [String: [[Double]]]] = [:]
        for record in records where record.succeeded {
            for (name, values) in record.series where !values.isEmpty {
                grouped[record.methodLabel, default: [:]][name, default: []].append(values)
            }
        }
        return grouped.mapValues { bySeries in
            bySeries.mapValues { runs in
                let n = runs.map(\.count).min() ?? 0
                return (0..<n).map { i in runs.reduce(0) { $0 + $1[i] } / Double(runs.count) }
            }
        }
    }
}
