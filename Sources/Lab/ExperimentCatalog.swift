import Foundation

/// Choosing an experiment to run by a name taken from a file (a run record's `experiment`):
/// only a name the package registers (`ExperimentRegistry`, the one list of experiments) is
/// accepted, so a record can never pick another program (`../../bin/echo`).
public enum ExperimentCatalog {
    /// Letters, digits, `-` and `_` only: never a path.
    public static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// `name` when the package at `root` registers it (or it is a tool experiment such as `solve`); otherwise a `LabError` listing the valid names.
    public static func resolve(_ name: String, root: URL?) throws -> String {
        guard let root else {
            throw LabError("not inside the package: cannot check experiment '\(name.prefix(60))' against its list of experiments; run from the repository")
        }
        let names = try ExperimentRegistry.verifiableNames(in: root)   // registered experiments and `solve`
        guard isPlainName(name), names.contains(name) else {
            let shown = name.count > 60 ? String(name.prefix(60)) + "..." : name
            throw LabError("unknown experiment '\(shown)'\(Suggestion.didYouMean(name, among: names)); valid: \(names.joined(separator: ", "))")
        }
        return name
    }
}
