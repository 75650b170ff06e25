import Foundation

/// The package's experiments: the one list `bilevel verify` (and anything else that runs an
/// experiment by name) may choose from. Read from `Package.swift`'s
/// `let experimentNames = [...]`, the list that declares the experiment targets, so a name
/// taken from a file (a run record's `experiment`) can never pick another program.
public enum ExperimentCatalog {
    /// The experiment names declared by the package at `root`; a `LabError` when the list
    /// cannot be read.
    public static func names(root: URL) throws -> [String] {
        let manifest = root.appendingPathComponent("Package.swift")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else {
            throw LabError("cannot read \(manifest.path), which declares the experiments")
        }
        return try parse(manifest: text, file: manifest.path)
    }

    /// The names in `let experimentNames = ["a", "b"]` of a manifest's text.
    static func parse(manifest text: String, file: String) throws -> [String] {
        guard let start = text.range(of: "let experimentNames"),
              let open = text[start.upperBound...].firstIndex(of: "["),
              let close = text[open...].firstIndex(of: "]") else {
            throw LabError("\(file) has no `let experimentNames = [...]` list of experiments")
        }
        let names = text[text.index(after: open)..<close].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }.filter { !$0.isEmpty }
        guard !names.isEmpty, names.allSatisfy(isPlainName) else {
            throw LabError("\(file): cannot read the experiment list `experimentNames`")
        }
        return names
    }

    /// Letters, digits, `-` and `_` only: never a path.
    public static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// `name` when the package declares it; otherwise a `LabError` listing the valid names.
    public static func resolve(_ name: String, root: URL?) throws -> String {
        guard let root else {
            throw LabError("not inside the package: cannot check experiment '\(name)' against its list; run from the repository")
        }
        let names = try names(root: root)
        guard names.contains(name) else {
            let shown = name.count > 60 ? String(name.prefix(60)) + "..." : name
            throw LabError("unknown experiment '\(shown)'\(Suggestion.didYouMean(name, among: names)); valid: \(names.joined(separator: ", "))")
        }
        return name
    }
}
