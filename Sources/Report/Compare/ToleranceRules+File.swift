import Foundation
import Lab
import Yams

/// Reading a tolerance file (`compare.yaml` at the package root):
///
///     rules:
///       - name: "e6.seconds_*"            # glob: * any run of characters, ? one character
///         experiment: scaling             # optional glob; default *
///         informational: true             # shown with its difference, never flagged
///         reason: "CPU timings vary from run to run"   # optional, shown in the report
///       - name: "e5.slope.*"
///         relative: 1.0e-6                # and/or absolute: ...; the one not given is 0
///
/// Read with the strict `ConfigReader`: an unknown key, a wrong type, a negative or
/// non-finite tolerance, a rule with neither a tolerance nor `informational: true` (or both)
/// is one line naming the file, the line and the valid choices.
extension ToleranceRules {
    static let ruleKeys = ["name", "experiment", "absolute", "relative", "informational", "reason"]

    /// Reads the rules at `url`; `file` names it in messages and in the report.
    public static func load(_ url: URL, file: String? = nil) throws -> ToleranceRules {
        let shown = file ?? url.path
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ReportError("tolerance file not found: \(shown) (write one like \(fileName) at the package root, or leave out --tolerances)")
        }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ReportError("cannot read tolerance file \(shown) as UTF-8 text")
        }
        return try parse(text, file: shown)
    }

    /// The rules in `text` (YAML); `file` names it in messages and in the report.
    public static func parse(_ text: String, file: String = fileName) throws -> ToleranceRules {
        do {
            let config = try ConfigReader(yaml: text, file: file)
            // The same text as nodes, for the line of a rule in messages and the report.
            let root = try? Yams.compose(yaml: text)
            var rules: [ToleranceRule] = []
            for (index, rule) in try config.sections("rules").enumerated() {
                let node = root?["rules"]?[index]
                rules.append(try readRule(rule, node: node, file: file))
            }
            try config.finish()
            return ToleranceRules(rules: rules, source: file)
        } catch let error as ConfigError {
            throw ReportError(error.description)
        }
    }

    private static func readRule(_ rule: ConfigReader, node: Node?, file: String) throws -> ToleranceRule {
        let line = node?.mark?.line
        func at(_ key: String) -> String {
            let keyLine = node?[key]?.mark?.line ?? line
            return keyLine.map { "\(file):\($0)" } ?? file
        }
        // Every key is read (with a default when optional), so that `finish()` names them all
        // as the valid keys when a rule holds an unknown one.
        let name = try rule.string("name")
        let experiment = try rule.string("experiment", default: "*")
        let absolute = try rule.double("absolute", default: 0, in: 0...)
        let relative = try rule.double("relative", default: 0, in: 0...)
        let informational = try rule.bool("informational", default: false)
        let reason = try rule.string("reason", default: "")
        let hasTolerance = rule.has("absolute") || rule.has("relative")
        try rule.finish()
        if name.isEmpty {
            throw ReportError("\(at("name")): '\(rule.path).name' is empty; give a metric, series or figure-data name, or a glob such as \"e6.seconds_*\"")
        }
        if informational, hasTolerance {
            throw ReportError("\(at(rule.has("absolute") ? "absolute" : "relative")): '\(rule.path)' is informational and has a tolerance; give either informational: true or absolute/relative, not both")
        }
        if !informational, !hasTolerance {
            throw ReportError("\(line.map { "\(file):\($0)" } ?? file): '\(rule.path)' (name \(name)) says nothing; give informational: true, or absolute and/or relative (numbers >= 0)")
        }
        let check: Check = informational ? .informational : .tolerance(Tolerance(absolute: absolute, relative: relative))
        return ToleranceRule(name: name, experiment: experiment, check: check, reason: reason, line: line)
    }
}
