import Foundation
import Lab
import Plot

/// Builds the report of one checkout: reads `runs/<experiment>/<profile>/` for every
/// experiment, evaluates the expectations, and writes `reports/<commit>/`:
///
///     REPORT.md        the report (Markdown)
///     report.html      the same, rendered, with every image inline (opens offline)
///     figures/<experiment>/<name>.png|.pdf
///     metrics.json     flat name -> value, every number the report cites
///     checks.txt       PASS/FAIL per claim, as `bilevel check` prints it
///     report.json      machine-readable manifest (what `compare` reads)
///
/// The folder is named by the commit's first 12 hex digits, with `-dirty` appended when the
/// work tree has uncommitted changes (so `reports/<commit>/` always means exactly that
/// commit), `unknown` outside git, and `-<profile>` for profiles other than standard. It is written to a temporary folder first and moved
/// into place at the end: a failure leaves any earlier report untouched.
public struct ReportBuilder {
    /// The package root (holding `runs/`, `experiments/`, `expectations.yaml`).
    public var root: URL
    public var profile: String
    /// Where runs are read from; default `root/runs`.
    public var runs: URL
    /// Where report folders go; default `root/reports`.
    public var reports: URL
    public var expectationsFile: URL
    /// Only these experiments (default: every experiment under `experiments/` or `runs/`).
    public var only: [String]?
    /// Overrides for the header (used when reporting a revision built elsewhere, and by tests).
    public var commit: String?
    public var dirty: Bool?
    public var date: Date = Date()
    /// Descriptions to use instead of `experiments/<name>/REPORT_SECTION.md` (e.g. `bilevel solve`'s).
    public var prose: [String: ExperimentProse] = [:]

    public init(root: URL, profile: String) {
        self.root = root
        self.profile = profile
        runs = root.appendingPathComponent("runs")
        reports = root.appendingPathComponent("reports")
        expectationsFile = root.appendingPathComponent(Expectations.fileName)
    }

    /// The registered experiments (`ExperimentRegistry`, in report order), then any other
    /// experiment with results for this profile (by name). A broken `experiment.yaml` is an error.
    public func experimentNames() throws -> [String] {
        let registered: [String]
        do { registered = try ExperimentRegistry.names(in: root) } catch let error as ConfigError {
            throw ReportError(error.description)
        }
        let others = ExperimentResults.experiments(in: runs, profile: profile).filter { !registered.contains($0) }
        return registered + others.sorted()
    }

    /// Reads every experiment's results and evaluates the claims (no files written).
    public func assemble() throws -> ReportContent {
        let names = try selectedNames()
        let results = names.map { ExperimentResults.load(runs: runs, experiment: $0, profile: profile) }
        let expectations = FileManager.default.fileExists(atPath: expectationsFile.path)
            ? try Expectations.load(expectationsFile) : Expectations(claims: [])
        var metrics: [String: [String: Double]] = [:]
        for r in results where r.summary != nil { metrics[r.name] = r.metrics }
        let checks = expectations.evaluate(metrics: metrics, profile: profile)
        let git = GitCheckout(root: root)
        let commit = self.commit ?? git.head
        let dirty = self.dirty ?? (commit != "unknown" && git.isDirty)
        return ReportContent(
            commit: commit, dirty: dirty, commitLine: commit == "unknown" ? "" : git.describe(commit),
            date: date, swiftVersion: Toolchain.installedSwift, cairoVersion: Toolchain.installedCairo,
            profile: profile,
            experiments: results.map { (results: $0, prose: prose[$0.name] ?? ExperimentProse.load(root: root, experiment: $0.name)) },
            checks: checks)
    }

    /// The experiments to report, in report order (`only` narrows them).
    func selectedNames() throws -> [String] {
        let known = try experimentNames()
        guard let only else { return known }
        for name in only where !known.contains(name) {
            throw ReportError("unknown experiment '\(name)'; known: \(known.joined(separator: ", "))")
        }
        return known.filter { only.contains($0) }
    }

    /// The folder name for a commit: `1a2b3c4d5e6f`, `1a2b3c4d5e6f-dirty`, or `unknown`, with
    /// `-<profile>` appended for profiles other than `standard` (what `make` runs).
    public static func folderName(commit: String, dirty: Bool, profile: String = "standard") -> String {
        let base = commit == "unknown" ? "unknown" : String(commit.prefix(12)) + (dirty ? "-dirty" : "")
        return profile == "standard" ? base : "\(base)-\(profile)"
    }

    /// Writes the report; returns its folder.
    @discardableResult
    public func write() throws -> URL {
        try write(assemble())
    }

    @discardableResult
    public func write(_ content: ReportContent) throws -> URL {
        let fm = FileManager.default
        let final = reports.appendingPathComponent(Self.folderName(commit: content.commit, dirty: content.dirty, profile: content.profile))
        try fm.createDirectory(at: reports, withIntermediateDirectories: true)
        StaleFolders.remove(in: reports)
        let staging = reports.appendingPathComponent(".staging-\(final.lastPathComponent)-\(getpid())")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            let manifest = try content.write(into: staging)
            let markdown = ReportMarkdown(content: content, manifest: manifest).render()
            try AtomicFile.write(markdown, to: staging.appendingPathComponent("REPORT.md"))
            var page = HTMLPage(title: "Reproduction report \(final.lastPathComponent)", markdown: markdown, base: staging)
            page.interactive.add(pngs: manifest.experiments.flatMap { $0.figures.map(\.png) }, in: staging)
            let html = try page.render()
            try AtomicFile.write(html, to: staging.appendingPathComponent("report.html"))
            let old = reports.appendingPathComponent(".old-\(final.lastPathComponent)-\(getpid())")
            if fm.fileExists(atPath: final.path) { try fm.moveItem(at: final, to: old) }
            try fm.moveItem(at: staging, to: final)
            try? fm.removeItem(at: old)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        return final
    }
}

/// What a report shows, before it is written.
public struct ReportContent {
    public var commit: String
    public var dirty: Bool
    /// `1a2b3c4 subject (date)` of the commit, or empty.
    public var commitLine: String
    public var date: Date
    public var swiftVersion: String
    public var cairoVersion: String
    public var profile: String
    public var experiments: [(results: ExperimentResults, prose: ExperimentProse)]
    public var checks: [CheckResult]

    public var failures: Int { checks.filter { $0.verdict == .fail }.count }
    /// Leave out figures whose PNG is missing or damaged (`report --allow-partial`); otherwise
    /// writing fails and an earlier report stays as it was.
    public var leaveOutDamaged = false

    /// Damaged result files (unreadable summary, record or manifest) of every experiment.
    public var corrupt: [String] { experiments.flatMap { $0.results.corrupt } }
    /// Whether no experiment has any result (no record, no summary).
    public var hasNoResults: Bool { experiments.allSatisfy { $0.results.records.isEmpty && $0.results.summary == nil } }

    /// The flat metrics of every experiment. A name two experiments both write is kept as
    /// `<experiment>:<name>` for each, so no value is silently dropped.
    public var flatMetrics: [String: Double] {
        var owners: [String: [String]] = [:]
        for (r, _) in experiments { for name in r.metrics.keys { owners[name, default: []].append(r.name) } }
        var out: [String: Double] = [:]
        for (r, _) in experiments {
            for (name, value) in r.metrics {
                out[owners[name]!.count > 1 ? "\(r.name):\(name)" : name] = value
            }
        }
        return out
    }

    /// Copies figures, writes metrics.json, checks.txt and report.json into `folder`.
    func write(into folder: URL) throws -> ReportManifest {
        let fm = FileManager.default
        var entries: [ReportManifest.ExperimentEntry] = []
        for (results, prose) in experiments {
            var figures: [FigureEntry] = []
            for figure in results.figures {
                // A missing or damaged PNG (reported only with --allow-partial, listed in the header) is left out.
                let png = results.layout.root.appendingPathComponent(figure.png).path
                if leaveOutDamaged, results.corrupt.contains(where: { $0.hasPrefix(png) }) { continue }
                let target = folder.appendingPathComponent("figures/\(results.name)")
                try fm.createDirectory(at: target, withIntermediateDirectories: true)
                var copied = figure
                for (path, ext) in [(figure.png, "png"), (figure.pdf, "pdf"),
                                    (InteractiveFigures.viewPath(forPNG: figure.png), FigureView.fileExtension)] {
                    let source = results.layout.root.appendingPathComponent(path)
                    guard fm.fileExists(atPath: source.path) else { continue }
                    let destination = target.appendingPathComponent("\(figure.name).\(ext)")
                    try? fm.removeItem(at: destination)
                    try fm.copyItem(at: source, to: destination)
                }
                copied.png = "figures/\(results.name)/\(figure.name).png"
                copied.pdf = "figures/\(results.name)/\(figure.name).pdf"
                figures.append(copied)
            }
            entries.append(.init(name: results.name, title: prose.title, metrics: results.metrics,
                                 summarySeries: results.summary?.series ?? [:], series: results.meanSeries,
                                 axes: results.seriesAxes.isEmpty ? nil : results.seriesAxes,
                                 figures: figures, provenance: .init(results), problems: results.problems))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(flatMetrics), to: folder.appendingPathComponent("metrics.json"))
        let lines = checks.map(\.line).joined(separator: "\n")
        try AtomicFile.write(lines.isEmpty ? "" : lines + "\n", to: folder.appendingPathComponent("checks.txt"))
        let formatter = ISO8601DateFormatter()
        let manifest = ReportManifest(
            schemaVersion: ReportManifest.currentSchemaVersion, commit: commit, dirty: dirty,
            date: formatter.string(from: date), swiftVersion: swiftVersion, cairoVersion: cairoVersion,
            profile: profile, experiments: entries,
            checks: checks.map { .init(experiment: $0.claim.experiment, metric: $0.claim.metric, claim: $0.claim.statement,
                                       basis: $0.claim.basis.rawValue, source: $0.claim.source, value: $0.value,
                                       verdict: $0.verdict.rawValue, reason: $0.reason) })
        try manifest.write(to: folder)
        return manifest
    }
}
