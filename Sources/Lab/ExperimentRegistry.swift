import Foundation

/// One registered experiment: the folder `experiments/<name>/` and its manifest
/// `experiments/<name>/experiment.yaml`:
///
///     name: stackelberg          # the folder's name, the executable's name
///     number: E1                 # the label in the report ("E1: ...")
///     title: Stackelberg Markov games
///     order: 1                   # position in the report and in `make` (ties: by name)
public struct ExperimentEntry: Sendable, Equatable {
    public var name: String
    public var number: String
    public var title: String
    public var order: Int

    public init(name: String, number: String, title: String, order: Int) {
        self.name = name
        self.number = number
        self.title = title
        self.order = order
    }

    /// `E1: Stackelberg Markov games`, the report's heading (and REPORT_SECTION.md's `# ` line).
    public var heading: String { "\(number): \(title)" }
}

/// The one list of experiments. An experiment is a folder `experiments/<name>/` holding
/// `experiment.yaml`; Package.swift makes one executable target per such folder (it lists
/// them with FileManager), the Makefile globs `experiments/*/experiment.yaml`, and
/// `bilevel list|verify|report`, `make experiments` and `bilevel new` read it here. There is
/// no second list to keep in sync: adding the folder (or `bilevel new NAME`) registers it.
public enum ExperimentRegistry {
    public static let manifestName = "experiment.yaml"

    /// The registered experiments of the package at `root`, in report order (`order`, then
    /// name). A manifest that does not parse, or whose `name` is not its folder's, is an error.
    public static func entries(in root: URL) throws -> [ExperimentEntry] {
        let folder = root.appendingPathComponent("experiments")
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            !$0.hasPrefix(".") && fm.fileExists(atPath: folder.appendingPathComponent("\($0)/\(manifestName)").path)
        }
        var entries: [ExperimentEntry] = []
        for name in names {
            let url = folder.appendingPathComponent("\(name)/\(manifestName)")
            let entry = try read(url)
            guard entry.name == name else {
                throw ConfigError(.badValue, "\(url.path): 'name' is '\(entry.name)' but the folder is experiments/\(name)/; they must agree")
            }
            entries.append(entry)
        }
        return entries.sorted { ($0.order, $0.name) < ($1.order, $1.name) }
    }

    /// The experiment names of the package at `root`, in report order: the one function
    /// every tool uses for "which experiments exist".
    public static func names(in root: URL) throws -> [String] {
        try entries(in: root).map(\.name)
    }

    /// Executables that write run records without being registered experiments: `solve`
    /// (`bilevel solve INSTANCE`), whose records `bilevel verify` reruns like an experiment's.
    public static let toolExperiments = ["solve"]

    /// Every name a run record's `experiment` may carry: the registered experiments, then
    /// `toolExperiments` (what `bilevel verify` accepts).
    public static func verifiableNames(in root: URL) throws -> [String] {
        try names(in: root) + toolExperiments
    }

    /// The names of the package found from the current directory (or this file's build path);
    /// empty when no package root is found.
    public static func names() throws -> [String] {
        guard let root = Workspace.locate().root else { return [] }
        return try names(in: root)
    }

    /// Reads one `experiment.yaml` (strict: unknown keys are rejected).
    public static func read(_ url: URL) throws -> ExperimentEntry {
        let c = try ConfigReader(contentsOf: url)
        let entry = ExperimentEntry(name: try c.string("name"), number: try c.string("number"),
                                    title: try c.string("title"), order: try c.int("order", min: 0))
        try c.finish()
        if let problem = nameProblem(entry.name) {
            throw ConfigError(.badValue, "\(url.path): 'name' \(problem)")
        }
        guard entry.number.range(of: #"^E[0-9]+[a-z]?$"#, options: .regularExpression) != nil else {
            throw ConfigError(.badValue, "\(url.path): 'number' must look like E7 or E3b (got '\(entry.number)')")
        }
        return entry
    }

    /// The manifest text for an entry (what `bilevel new` writes).
    public static func manifestText(_ e: ExperimentEntry) -> String {
        """
        # The experiment registry entry (docs/adding-an-experiment.md): Package.swift, the Makefile,
        # `bilevel list|verify|report` all find experiments by this file.
        name: \(e.name)
        number: \(e.number)
        title: "\(e.title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))"
        order: \(e.order)

        """
    }

    /// Names that would clash with a module or product of the package or its dependencies
    /// (compared case-insensitively: macOS file systems and module names).
    public static let reservedNames: Set<String> = [
        "bilevel", "bench", "plot-gallery", "plotgallery", "bilevelcore", "environments", "algorithms", "lab",
        "plot", "report", "experimentkit", "ccairo", "clapack", "dominantlu", "seededrandom",
        "argumentparser", "yams", "ink", "foundation", "xctest", "dispatch", "glibc", "swift", "main",
        "runs", "reports", "docs", "tests", "sources", "configs", "solve", "new", "list", "verify",
    ]

    /// Why `name` cannot be an experiment (nil when it can): lower-case letters, digits and
    /// single hyphens, starting with a letter, at most 40 characters, not a reserved name.
    public static func nameProblem(_ name: String) -> String? {
        guard name.range(of: #"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"#, options: .regularExpression) != nil, name.count <= 40 else {
            return "'\(name)' is not a valid experiment name: use lower-case letters, digits and single hyphens, starting with a letter (e.g. my-idea), at most 40 characters"
        }
        if reservedNames.contains(name.lowercased()) || reservedNames.contains(name.replacingOccurrences(of: "-", with: "")) {
            return "'\(name)' is reserved (a module, product or folder of the package); choose another name"
        }
        return nil
    }

    /// The Swift module name of an experiment's target (`rlhf-deep` -> `rlhf_deep`).
    public static func moduleName(_ name: String) -> String {
        name.replacingOccurrences(of: "-", with: "_")
    }
}
