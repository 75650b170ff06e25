import Foundation

/// The Markdown of a report (`REPORT.md`; `report.html` is rendered from it).
///
/// Layout: title and header table (commit, dirty flag, date, toolchain, profile, machine);
/// contents; the checks; one numbered section per experiment (its committed prose, the runs
/// and their cost, the figures with their generated captions, the headline numbers, its
/// checks, problems found while reading); an appendix with the provenance.
/// Every number printed comes from the manifest, i.e. from the runs.
struct ReportMarkdown {
    var content: ReportContent
    var manifest: ReportManifest

    static let title = "Reproduction report: Principled Penalty-based Methods for Bilevel RL and RLHF"

    func render() -> String {
        var out = "# \(Self.title)\n\n"
        out += header()
        out += contents()
        out += checksSection()
        var figureNumber = 0
        for (index, entry) in manifest.experiments.enumerated() {
            out += experimentSection(index + 1, entry, figureNumber: &figureNumber)
        }
        out += appendix()
        return out
    }

    func sectionTitle(_ index: Int, _ entry: ReportManifest.ExperimentEntry) -> String {
        entry.title == entry.name ? "\(index). \(entry.name)" : "\(index). \(entry.title) (\(entry.name))"
    }

    func header() -> String {
        let commit: String
        if content.commit == "unknown" {
            commit = "unknown (not a git checkout)"
        } else {
            commit = MarkdownText.code(String(content.commit.prefix(12))) + " — "
                + MarkdownText.escape(content.commitLine.split(separator: " ", maxSplits: 1).last.map(String.init) ?? "")
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        let hosts = Set(manifest.experiments.flatMap { $0.provenance.hosts })
        let cpus = Set(manifest.experiments.flatMap { $0.provenance.cpus })
        var rows: [[String]] = [
            ["Commit", commit],
            ["Working tree", content.dirty ? "**dirty**: uncommitted changes; results may not match the commit" : "clean"],
            ["Date", formatter.string(from: content.date)],
            ["Toolchain", "\(content.swiftVersion); Cairo \(content.cairoVersion)"],
            ["Profile", MarkdownText.code(content.profile)],
        ]
        if !hosts.isEmpty { rows.append(["Machine", hosts.sorted().joined(separator: ", ") + (cpus.isEmpty ? "" : " — " + cpus.sorted().joined(separator: "; "))]) }
        // Cached runs keep the commit they were made at; say which experiments' results are older.
        let older = manifest.experiments.filter { e in e.provenance.runs > 0 && e.provenance.commits != [content.commit] }
        if !older.isEmpty, content.commit != "unknown" {
            rows.append(["Results from other commits", older.map { e in
                "\(e.name) (" + e.provenance.commits.map { MarkdownText.code(String($0.prefix(12))) }.joined(separator: ", ") + ")"
            }.joined(separator: "; ") + " — cached runs whose code and config are unchanged, or results not rerun since"])
        }
        let unreadable = content.corrupt
        if !unreadable.isEmpty {
            rows.append(["**Partial** (`--allow-partial`)", "\(unreadable.count) unreadable result file(s) left out: "
                + unreadable.map { MarkdownText.escape($0) }.joined(separator: "; ")])
        }
        let passed = content.checks.count - content.failures
        rows.append(["Checks", content.checks.isEmpty ? "no claims" : "\(passed) of \(content.checks.count) pass" + (content.failures > 0 ? ", **\(content.failures) fail**" : "")])
        return MarkdownText.table(["", ""], rows) + "\n"
    }

    func contents() -> String {
        var out = "**Contents.** [Checks](#checks)"
        for (index, entry) in manifest.experiments.enumerated() {
            let title = sectionTitle(index + 1, entry)
            out += " · [\(MarkdownText.escape(title))](#\(MarkdownText.slug(title)))"
        }
        return out + " · [Provenance](#provenance)\n\n"
    }

    func checksSection() -> String {
        var out = "## Checks\n\n"
        guard !content.checks.isEmpty else {
            return out + "No expectations apply to profile \(MarkdownText.code(content.profile)).\n\n"
        }
        out += "Each claim names a metric from an experiment's summary, the value or bound it should meet and where that expectation comes from. `bilevel check` evaluates the same claims.\n\n"
        // In the order of the sections below.
        let order = manifest.experiments.map(\.name)
        let sorted = content.checks.enumerated().sorted { a, b in
            let ia = order.firstIndex(of: a.element.claim.experiment) ?? order.count
            let ib = order.firstIndex(of: b.element.claim.experiment) ?? order.count
            return (ia, a.offset) < (ib, b.offset)
        }.map(\.element)
        out += checksTable(sorted, showExperiment: true)
        return out + "\n"
    }

    /// A compact table (verdict, metric, value, claim, basis) with each claim's source and,
    /// for a failure, the reason, as numbered notes below it: a paper table with footnotes.
    func checksTable(_ checks: [CheckResult], showExperiment: Bool) -> String {
        let rows = checks.enumerated().map { i, c -> [String] in
            var row = [c.verdict == .pass ? "PASS" : "**FAIL**", MarkdownText.code(c.claim.metric) + " [\(i + 1)]"]
            if showExperiment { row.append(c.claim.experiment) }
            row += [c.value.map { NumberText.significant($0, 5) } ?? "—",
                    c.claim.statement.replacingOccurrences(of: " ", with: "\u{00A0}"), c.claim.basis.rawValue]
            return row
        }
        var header = ["", "Metric"]
        if showExperiment { header.append("Experiment") }
        header += ["Value", "Claim", "Basis"]
        var align: [Character] = ["l", "l"]
        if showExperiment { align.append("l") }
        align += ["r", "l", "l"]
        var out = MarkdownText.table(header, rows, align: align) + "\n"
        for (i, c) in checks.enumerated() {
            out += "\(i + 1). \(MarkdownText.escape(c.claim.source))"
            if c.verdict == .fail { out += " — **\(c.value == nil ? "missing" : "violated")**: \(MarkdownText.escape(c.reason))." }
            out += "\n"
        }
        return out
    }

    func experimentSection(_ index: Int, _ entry: ReportManifest.ExperimentEntry, figureNumber: inout Int) -> String {
        let pair = content.experiments.first { $0.results.name == entry.name }!
        let (results, prose) = pair
        var out = "## \(sectionTitle(index, entry))\n\n"
        if prose.found {
            out += prose.body + "\n\n"
        } else {
            out += "*No description: experiments/\(entry.name)/\(ExperimentProse.fileName) is missing.*\n\n"
        }
        let p = entry.provenance
        if p.runs == 0 {
            out += "**No results** for profile \(MarkdownText.code(content.profile)) yet: run `.build/release/\(entry.name) --profile \(content.profile)` (or `make`).\n\n"
        } else {
            out += "### Runs and cost\n\n"
            let seeds = p.seeds.count > 1 && p.seeds.last! - p.seeds.first! == UInt64(p.seeds.count - 1)
                ? "\(p.seeds.first!)–\(p.seeds.last!)" : p.seeds.map(String.init).joined(separator: ", ")
            var rows: [[String]] = [
                ["Runs", "\(p.runs) (\(p.methods.count) method configurations × \(p.seeds.count) seeds)" + (p.failedRuns > 0 ? ", **\(p.failedRuns) failed**" : "")],
                ["Methods", MarkdownText.escape(results.methodSummaries.joined(separator: " · "))],
                ["Seeds", seeds],
                ["Config", p.configHashes.map { MarkdownText.code(String($0.prefix(12))) }.joined(separator: ", ")],
                ["Records from commit", p.commits.map { MarkdownText.code(String($0.prefix(12))) }.joined(separator: ", ")],
                ["Wall time (sum over runs)", NumberText.duration(p.wallSeconds)],
                ["CPU time (sum over runs)", NumberText.duration(p.cpuSeconds)],
            ]
            if let elapsed = p.elapsedSeconds { rows.append(["Elapsed (first start to last end)", NumberText.duration(elapsed)]) }
            out += MarkdownText.table(["", ""], rows) + "\n"
            out += configurationTable(p.config)
            for failed in results.failedRecords.prefix(5) {
                out += "- Failed run \(MarkdownText.code(failed.methodLabel + " seed \(failed.seed)")): \(MarkdownText.escape(failed.error ?? "no message"))\n"
            }
            if !results.failedRecords.isEmpty { out += "\n" }
        }
        if !entry.figures.isEmpty {
            out += "### Figures\n\n"
            for figure in entry.figures {
                figureNumber += 1
                out += "![\(MarkdownText.escape(figure.title))](\(figure.png))\n\n"
                out += "**Figure \(figureNumber).** **\(MarkdownText.richText(figure.title)).** \(MarkdownText.richText(figure.caption)) "
                // The experiment's caption should name its commit; when it does not, say where the figure comes from.
                let named = entry.provenance.commits.allSatisfy { figure.caption.contains($0.prefix(7)) }
                out += (named ? "" : provenanceTail(entry) + " ") + "[PDF](\(figure.pdf))\n\n"
            }
        }
        if !results.tables.isEmpty {
            out += "### Tables\n\n"
            for table in results.tables {
                // Demote any heading in the experiment's table file below this section.
                let body = table.markdown.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix("#") ? "###" + $0 : String($0) }.joined(separator: "\n")
                out += body + "\n\n*Written by the experiment: `runs/\(entry.name)/\(content.profile)/\(table.name)`.*\n\n"
            }
        }
        if !entry.metrics.isEmpty {
            out += "### Headline numbers\n\n"
            out += "From the experiment's summary; a ± b is a mean and standard deviation over seeds where the summary gives both. Exact values by metric name: `metrics.json`.\n\n"
            for table in MetricTable.tables(entry.metrics) {
                let header = [table.group.isEmpty ? "" : MarkdownText.code(table.group)] + table.columns.map { MarkdownText.escape($0) }
                let rows = table.rows.map { [MarkdownText.escape(MetricTable.label($0.label))] + $0.cells }
                out += MarkdownText.table(header, rows, align: ["l"] + Array(repeating: "r", count: table.columns.count)) + "\n"
            }
            if let notes = results.summary?.notes, !notes.isEmpty {
                for key in notes.keys.sorted() { out += "- *\(MarkdownText.escape(key))*: \(MarkdownText.escape(notes[key]!))\n" }
                out += "\n"
            }
        } else if p.runs > 0 {
            out += "### Headline numbers\n\n"
            out += "No summary (\(MarkdownText.code("runs/\(entry.name)/\(content.profile)/summary.json")) is missing or empty).\n\n"
        }
        let checks = content.checks.filter { $0.claim.experiment == entry.name }
        if !checks.isEmpty {
            out += "### Checks\n\n" + checksTable(checks, showExperiment: false) + "\n"
        } else if p.runs > 0 {
            out += "### Checks\n\nNo claims about this experiment in `expectations.yaml`.\n\n"
        }
        if !entry.problems.isEmpty, p.runs > 0 || !entry.metrics.isEmpty {
            out += "### Problems found while reading the results\n\n"
            for problem in entry.problems { out += "- \(MarkdownText.escape(problem))\n" }
            out += "\n"
        }
        return out
    }

    /// The resolved config of the runs (from the records, so every setting the prose names
    /// is printed from what actually ran), two settings per row.
    func configurationTable(_ config: [String: String]) -> String {
        guard !config.isEmpty else { return "" }
        let keys = config.keys.sorted(by: MetricTable.naturalLess)
        let half = (keys.count + 1) / 2
        let rows = (0..<half).map { i -> [String] in
            var row = [MarkdownText.code(keys[i]), MarkdownText.escape(config[keys[i]]!)]
            if i + half < keys.count { row += [MarkdownText.code(keys[i + half]), MarkdownText.escape(config[keys[i + half]]!)] } else { row += ["", ""] }
            return row
        }
        return "**Configuration** (resolved, from the run records; seeds and methods above):\n\n"
            + MarkdownText.table(["Setting", "Value", "Setting", "Value"], rows) + "\n"
    }

    /// `Generated from stackelberg (standard): 5 seeds, config 1a2b3c4d5e6f, commit 9f8e7d6c5b4a.`
    func provenanceTail(_ entry: ReportManifest.ExperimentEntry) -> String {
        let p = entry.provenance
        guard p.runs > 0 else { return "" }
        let configs = p.configHashes.map { MarkdownText.code(String($0.prefix(12))) }.joined(separator: ", ")
        let commits = p.commits.map { MarkdownText.code(String($0.prefix(12))) }.joined(separator: ", ")
        return "*Generated from \(entry.name) (\(content.profile)): \(p.seeds.count) seed\(p.seeds.count == 1 ? "" : "s"), config \(configs), commit \(commits).*"
    }

    func appendix() -> String {
        var out = "## Provenance\n\n"
        out += "Per experiment: the code digest (SHA-256 of the sources the experiment depends on), the toolchain recorded in its runs, and where they ran. Full records: `runs/<experiment>/\(content.profile)/records/`.\n\n"
        var rows: [[String]] = []
        for entry in manifest.experiments where entry.provenance.runs > 0 {
            let p = entry.provenance
            rows.append([entry.name, p.codeDigests.map { MarkdownText.code(String($0.prefix(12))) }.joined(separator: ", "),
                         p.swiftVersions.joined(separator: "; "), p.cairoVersions.joined(separator: "; "),
                         p.operatingSystems.joined(separator: "; ")])
        }
        if rows.isEmpty { return out + "No run records.\n" }
        out += MarkdownText.table(["Experiment", "Code digest", "Swift", "Cairo", "OS"], rows)
        return out
    }
}
