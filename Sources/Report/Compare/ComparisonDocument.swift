import Foundation
import Lab

extension Comparison {
    /// Writes `COMPARE.md`, `compare.html` and the figures into `folder` (replaced whole:
    /// written to a staging folder first, then moved into place).
    @discardableResult
    public func write(to folder: URL) throws -> URL {
        let fm = FileManager.default
        try fm.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        StaleFolders.remove(in: folder.deletingLastPathComponent())
        let staging = folder.deletingLastPathComponent().appendingPathComponent(".staging-\(folder.lastPathComponent)-\(getpid())")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            var figureFiles: [String: (a: String?, b: String?, diff: String?)] = [:]
            for pair in figures {
                let dir = "figures/\(pair.experiment)"
                try fm.createDirectory(at: staging.appendingPathComponent(dir), withIntermediateDirectories: true)
                var files: (a: String?, b: String?, diff: String?) = (nil, nil, nil)
                if let src = pair.pngA { files.a = "\(dir)/\(pair.name).A.png"; try fm.copyItem(at: src, to: staging.appendingPathComponent(files.a!)) }
                if let src = pair.pngB { files.b = "\(dir)/\(pair.name).B.png"; try fm.copyItem(at: src, to: staging.appendingPathComponent(files.b!)) }
                if let png = pair.differencePNG { files.diff = "\(dir)/\(pair.name).diff.png"; try AtomicFile.write(png, to: staging.appendingPathComponent(files.diff!)) }
                figureFiles["\(pair.experiment)/\(pair.name)"] = files
            }
            var overlayFiles: [String] = []
            for (index, overlay) in overlays.enumerated() {
                let path = "figures/\(overlay.experiment)/\(overlay.fileStem(index: index)).png"
                try fm.createDirectory(at: staging.appendingPathComponent("figures/\(overlay.experiment)"), withIntermediateDirectories: true)
                try AtomicFile.write(try overlay.png(), to: staging.appendingPathComponent(path))
                overlayFiles.append(path)
            }
            var landscapeFiles: [String] = []
            for (index, field) in landscapes.enumerated() {
                let path = "figures/\(field.experiment)/landscape_\(String(format: "%02d", index))_\(field.figure).png"
                try fm.createDirectory(at: staging.appendingPathComponent("figures/\(field.experiment)"), withIntermediateDirectories: true)
                try AtomicFile.write(try field.png(), to: staging.appendingPathComponent(path))
                landscapeFiles.append(path)
            }
            let views = interactiveOverlays()
            let markdown = self.markdown(figureFiles: figureFiles, overlayFiles: overlayFiles, landscapeFiles: landscapeFiles,
                                         interactive: Set(views.entries.keys))
            try AtomicFile.write(markdown, to: staging.appendingPathComponent("COMPARE.md"))
            var page = HTMLPage(title: "Comparison \(labelA) vs \(labelB)", markdown: markdown, base: staging)
            page.css += ReportStyle.wide
            page.interactive = views
            let html = try page.render()
            try AtomicFile.write(html, to: staging.appendingPathComponent("compare.html"))
            let old = folder.deletingLastPathComponent().appendingPathComponent(".old-\(folder.lastPathComponent)-\(getpid())")
            if fm.fileExists(atPath: folder.path) { try fm.moveItem(at: folder, to: old) }
            try fm.moveItem(at: staging, to: folder)
            try? fm.removeItem(at: old)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        return folder
    }

    func commitText(_ m: ReportManifest) -> String {
        MarkdownText.code(String(m.commit.prefix(12))) + (m.dirty ? " (dirty)" : "")
    }

    func markdown(figureFiles: [String: (a: String?, b: String?, diff: String?)], overlayFiles: [String],
                  landscapeFiles: [String] = [], interactive: Set<String> = []) -> String {
        var out = "# Comparison: \(MarkdownText.escape(labelA)) (A) vs \(MarkdownText.escape(labelB)) (B)\n\n"
        out += MarkdownText.table(["", "A", "B"], [
            ["Revision", MarkdownText.escape(labelA), MarkdownText.escape(labelB)],
            ["Commit", commitText(a), commitText(b)],
            ["Report date", a.date, b.date],
            ["Profile", a.profile, b.profile],
            ["Toolchain", a.swiftVersion, b.swiftVersion],
        ] + (obtainedA == nil && obtainedB == nil ? [] : [
            ["Obtained", MarkdownText.escape(obtainedA ?? "existing results, no build"), MarkdownText.escape(obtainedB ?? "existing results, no build")],
        ])) + "\n"
        let flagged = flaggedMetrics.count
        let informational = informationalMetrics.count
        out += "**Summary.** \(metrics.count) metrics, **\(flagged)** beyond tolerance ([tolerances](#tolerances)); "
        if informational > 0 { out += "\(informational) shown for information only (never flagged, e.g. timings); " }
        out += "\(series.filter(\.flagged).count) of \(series.count) series differ; "
        let changed = changedFigures
        out += "\(changed.count) of \(figures.count) figures have changed pixels"
        let informationalFigures = changed.filter(\.informationalOnly).count
        if informationalFigures > 0 { out += " (\(informationalFigures) of them drawn from informational data only)" }
        out += "; \(provenance.count) provenance differences.\n\n"
        out += "**Contents.** [Tolerances](#tolerances) · [Metrics](#metrics) · [Series](#series) · [Figures](#figures) · [Figure data](#figure-data) · [Provenance](#provenance) · [All metrics](#all-metrics)\n\n"

        out += toleranceSection()

        out += "## Metrics\n\n"
        if metrics.isEmpty { out += "No metrics in either report.\n\n" } else {
            let changed = flaggedMetrics
            let checked = metrics.count - informational
            if changed.isEmpty {
                out += "All \(checked) checked metrics agree within their tolerance (every value: [appendix](#all-metrics)).\n\n"
            } else {
                out += "Metrics beyond their tolerance or present in one report only (\(changed.count) of \(checked) checked; every value: [appendix](#all-metrics)):\n\n"
                out += metricTable(changed) + "\n"
            }
            if informational > 0 {
                out += "### Shown for information\n\n"
                out += "\(informational == 1 ? "1 metric" : "\(informational) metrics") a [rule](#tolerances) marks informational (timings differ from run to run): shown with the difference, never flagged.\n\n"
                out += metricTable(informationalMetrics) + "\n"
            }
        }

        out += "## Series\n\n"
        if overlays.isEmpty { out += "No series present in both reports.\n\n" } else {
            let changed = series.filter(\.flagged)
            let shown = series.filter(\.check.isInformational).count
            out += changed.isEmpty
                ? "All \(series.count) series (means over seeds per method\(shown > 0 ? "; \(shown) of them informational" : "")) agree within their tolerance.\n\n"
                : "\(changed.count) of \(series.count) series (means over seeds per method) differ; largest difference of each:\n\n" + seriesTable(changed) + "\n"
            out += "Every series present in both reports, one plot per series: A solid, B dashed, one colour per method.\n\n"
            for (overlay, path) in zip(overlays, overlayFiles) {
                out += "![\(MarkdownText.escape(overlay.experiment + ": " + overlay.series))](\(path))\n\n"
            }
        }

        out += "## Figures\n\n"
        if figures.isEmpty { out += "No figures in either report.\n\n" }
        // Most changed first; figures drawn from informational data only (timings) after the rest.
        for pair in figures.sorted(by: { x, y in
            x.informationalOnly != y.informationalOnly ? !x.informationalOnly : (x.difference?.share ?? 1) > (y.difference?.share ?? 1)
        }) {
            let files = figureFiles["\(pair.experiment)/\(pair.name)"]!
            out += "### \(pair.experiment) / \(MarkdownText.escape(pair.name))\n\n"
            if let d = pair.difference {
                out += "Changed pixels: **\(NumberText.percent(d.share))** (\(d.changedPixels) of \(d.width * d.height)"
                out += d.changedPixels > 0 ? "; largest channel change \(d.maxChannelDifference)/255)." : ")."
                if let mismatch = d.sizeMismatch { out += " **Sizes differ** (\(mismatch)): compared on the larger canvas." }
                if pair.informationalOnly, d.changedPixels > 0 {
                    out += " Its data differ only in series shown for information (e.g. timings; [tolerances](#tolerances)): no change of results."
                }
                out += "\n\n"
            } else {
                out += "Present in \(pair.pngA == nil ? "B" : "A") only.\n\n"
            }
            var cells = ""
            for (path, caption) in [(files.a, "A: \(labelA)"), (files.b, "B: \(labelB)"), (files.diff, "difference (red = changed)")] {
                guard let path else { continue }
                cells += "<figure><img src=\"\(path)\" alt=\"\(caption)\"/><figcaption>\(htmlEscape(caption))</figcaption></figure>"
            }
            out += "<div class=\"side-by-side\">\(cells)</div>\n\n"
            let key = InteractiveFigures.overlayKey(pair)
            if interactive.contains(key) { out += InteractiveFigures.slot(key) + "\n\n" }
        }

        out += "## Figure data\n\n"
        if figureData.isEmpty { out += "No figure data present in both reports.\n\n" } else {
            let changed = figureData.filter(\.flagged)
            let shown = figureData.filter(\.check.isInformational).count
            out += changed.isEmpty
                ? "The data behind the figures (\(figureData.count) series from the figure manifests\(shown > 0 ? ", \(shown) of them informational" : "")) agree within their tolerance.\n\n"
                : "The data behind the figures: \(changed.count) of \(figureData.count) series differ; largest difference of each and where:\n\n" + seriesTable(changed) + "\n"
        }

        if !landscapes.isEmpty {
            out += "### Landscapes\n\n"
            out += "Fields on a grid in the figure data: the difference B − A (diverging colours, white = 0), its largest magnitude, and how far the grid minimum moved.\n\n"
            let sig = { (x: Double) in NumberText.significant(x, 4) }
            out += MarkdownText.table(["", "Experiment", "Field", "Max |B − A|", "At (a, b)", "Min A at", "Min B at", "Minimum moved"],
                landscapes.map { l in
                    [l.flagged ? "**≠**" : l.check.isInformational ? "info" : "", l.experiment, MarkdownText.escape("\(l.figure) / \(l.field)"),
                     sig(l.maxAbsDifference), "(\(sig(l.maxAt.a)), \(sig(l.maxAt.b)))",
                     "(\(sig(l.minimumA.a)), \(sig(l.minimumA.b)))", "(\(sig(l.minimumB.a)), \(sig(l.minimumB.b)))", sig(l.minimumMoved)]
                }, align: ["c", "l", "l", "r", "r", "r", "r", "r"]) + "\n"
            for (field, path) in zip(landscapes, landscapeFiles) where field.maxAbsDifference > 0 && (field.flagged || field.check.isInformational) {
                out += "![\(MarkdownText.escape(field.figure + " / " + field.field + ": B − A"))](\(path))\n\n"
            }
        }

        out += "## Provenance\n\n"
        if provenance.isEmpty { out += "No provenance differences.\n" } else {
            out += MarkdownText.table(["Scope", "Field", "A", "B"], provenance.map { [$0.scope, $0.field, MarkdownText.escape($0.a), MarkdownText.escape($0.b)] })
        }
        out += "\n## All metrics\n\n"
        out += metrics.isEmpty ? "None.\n" : metricTable(metrics)
        if !series.isEmpty {
            out += "\n## All series\n\n" + seriesTable(series)
        }
        if !figureData.isEmpty {
            out += "\n## All figure data\n\n" + seriesTable(figureData)
        }
        return out
    }

    func metricTable(_ rows: [MetricDifference]) -> String {
        let sig = { (x: Double?) in x.map { NumberText.significant($0, 6) } ?? "—" }
        return MarkdownText.table(["", "Experiment", "Metric", "A", "B", "B − A", "(B − A)/|A|"], rows.map { m in
            [m.flagged ? "**≠**" : m.check.isInformational ? "info" : "", m.experiment, MarkdownText.code(m.metric), sig(m.a), sig(m.b),
             m.difference.map { NumberText.significant($0, 4) } ?? (m.a == nil ? "only in B" : "only in A"),
             m.relativeDifference.map { NumberText.percent($0) } ?? "—"]
        }, align: ["c", "l", "l", "r", "r", "r", "r"])
    }

    func seriesTable(_ rows: [SeriesDifference]) -> String {
        let sig = { (x: Double?) in x.map { NumberText.significant($0, 6) } ?? "—" }
        return MarkdownText.table(["", "Experiment", "Series", "Length A / B", "Max |B − A|", "At index", "A there", "B there"],
            rows.map { s in
                [s.flagged ? "**≠**" : s.check.isInformational ? "info" : "", s.experiment, MarkdownText.escape(s.name), "\(s.countA) / \(s.countB)",
                 NumberText.significant(s.maxAbsDifference, 4), s.index.map(String.init) ?? "—", sig(s.valueA), sig(s.valueB)]
            }, align: ["c", "l", "l", "r", "r", "r", "r", "r"])
    }

    /// The rules applied, from which file, and how many numbers each decided.
    func toleranceSection() -> String {
        var out = "## Tolerances\n\n"
        let defaultText = Check.tolerance(tolerance).text
        guard let source = rules.source else {
            return out + "No tolerance file (`\(ToleranceRules.fileName)` at the package root, or `--tolerances FILE`): every number is checked against \(defaultText) (`--atol`, `--rtol`).\n\n"
        }
        out += "Rules from `\(source)`, first matching rule wins; a name is matched against the metric's name, the series' name and the figure-data key (`*` any run of characters, `?` one character). "
        out += "A number no rule covers is checked against \(defaultText) (`--atol`, `--rtol`). **≠** marks a difference beyond its tolerance, *info* a number shown for information only.\n\n"
        let use = ruleUse
        func covers(_ metrics: Int, _ series: Int) -> String {
            "\(metrics) metric\(metrics == 1 ? "" : "s"), \(series) series"
        }
        var rows: [[String]] = rules.rules.enumerated().map { index, rule in
            let u = use[index] ?? (0, 0)
            return ["\(index + 1)", rule.line.map { "line \($0)" } ?? "—", rule.experiment.pattern == "*" ? "any" : MarkdownText.code(rule.experiment.pattern),
                    MarkdownText.code(rule.name.pattern), rule.check.text, MarkdownText.escape(rule.reason), covers(u.metrics, u.series)]
        }
        let byRules = use.values.reduce((0, 0)) { ($0.0 + $1.metrics, $0.1 + $1.series) }
        rows.append(["—", "default", "any", "everything else", defaultText, "",
                     covers(metrics.count - byRules.0, series.count + figureData.count - byRules.1)])
        out += MarkdownText.table(["#", "In file", "Experiment", "Name", "Check", "Why", "Applied to"], rows,
                                  align: ["r", "l", "l", "l", "l", "l", "r"]) + "\n"
        return out
    }

    func htmlEscape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
