import Foundation

/// The committed description of an experiment, `experiments/<name>/REPORT_SECTION.md`:
/// a `# Title` line, then Markdown saying what the experiment reproduces from the paper and
/// what is reconstructed. The report copies it under the experiment's heading (its own
/// headings demoted below the section's). It holds no result: numbers come from the runs.
public struct ExperimentProse: Equatable, Sendable {
    public static let fileName = "REPORT_SECTION.md"

    public var title: String
    public var body: String
    /// False when the file is missing (the report then says so).
    public var found: Bool

    public static func load(root: URL, experiment: String) -> ExperimentProse {
        let url = root.appendingPathComponent("experiments/\(experiment)/\(fileName)")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            return ExperimentProse(title: experiment, body: "", found: false)
        }
        return parse(text, fallbackTitle: experiment)
    }

    public static func parse(_ text: String, fallbackTitle: String) -> ExperimentProse {
        var title = fallbackTitle
        var lines: [String] = []
        var sawTitle = false
        for line in text.components(separatedBy: "\n") {
            if !sawTitle, line.hasPrefix("# ") {
                title = String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)
                sawTitle = true
                continue
            }
            // Demote headings by two levels: the section is `##`, its parts `###` and below.
            if line.hasPrefix("#") { lines.append("##" + line) } else { lines.append(line) }
        }
        let body = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return ExperimentProse(title: title, body: body, found: true)
    }
}
