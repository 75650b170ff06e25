import Foundation

/// Where an experiment's outputs live, the contract between experiments and the report:
///
///     runs/<experiment>/<profile>/
///         records/...json        one run record per (method, config, seed)   (RunRecord)
///         summary.json           headline numbers, flat name -> number       (summary writer)
///         figures/<name>.png     each figure, PNG for the report
///         figures/<name>.pdf     and vector PDF for papers
///         figures.json           FigureManifest: name, title, caption, files of every figure
///
/// The report builder reads only these files (never the math).
public struct ExperimentLayout: Sendable {
    public let root: URL
    public let experiment: String
    public let profile: String

    /// `runs/<experiment>/<profile>` under the repository root (or `out` when given).
    public init(root: URL, experiment: String, profile: String) {
        self.root = root
        self.experiment = experiment
        self.profile = profile
    }

    public var recordsDirectory: URL { root.appendingPathComponent("records", isDirectory: true) }
    public var figuresDirectory: URL { root.appendingPathComponent("figures", isDirectory: true) }
    public var summaryFile: URL { root.appendingPathComponent("summary.json") }
    public var manifestFile: URL { root.appendingPathComponent("figures.json") }

    public func figureFile(_ name: String, _ ext: String) -> URL {
        figuresDirectory.appendingPathComponent("\(name).\(ext)")
    }
}

/// One figure of an experiment, as the report shows it.
public struct FigureEntry: Codable, Sendable, Equatable {
    /// File stem, e.g. `e1b_hyperobjective`.
    public var name: String
    /// Short title, e.g. "E1b: hyper-objective F(x_k)".
    public var title: String
    /// Full caption: what is plotted, the experiment, config hash, seeds, what the band means,
    /// the commit. Generated from the run records, never typed by hand.
    public var caption: String
    /// Paths relative to the layout root: `figures/<name>.png`, `figures/<name>.pdf`.
    public var png: String
    public var pdf: String
    /// Optional figure data (series behind the figure) for comparisons: name -> values.
    public var data: [String: [Double]]?

    public init(name: String, title: String, caption: String, data: [String: [Double]]? = nil) {
        self.name = name; self.title = title; self.caption = caption
        self.png = "figures/\(name).png"; self.pdf = "figures/\(name).pdf"; self.data = data
    }
}

/// The list of figures an experiment drew, written atomically as `figures.json`.
public struct FigureManifest: Codable, Sendable, Equatable {
    public var experiment: String
    public var profile: String
    public var figures: [FigureEntry]

    public init(experiment: String, profile: String, figures: [FigureEntry] = []) {
        self.experiment = experiment; self.profile = profile; self.figures = figures
    }

    /// Atomically writes the manifest (sorted keys) to `url`.
    public func write(to url: URL) throws {
        var data = try JSONCoding.encoder.encode(self)
        data.append(0x0a)
        try AtomicFile.write(data, to: url)
    }

    public static func read(from url: URL) throws -> FigureManifest {
        try JSONDecoder().decode(FigureManifest.self, from: Data(contentsOf: url))
    }
}
