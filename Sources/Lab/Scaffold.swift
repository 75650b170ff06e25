import Foundation

/// `bilevel new NAME`: a new experiment from the templates in `templates/`
/// (docs/adding-an-experiment.md):
///
///     templates/experiment/**        -> experiments/<name>/**   (registry entry, code, configs, prose)
///     templates/test/ExperimentTests.swift -> Tests/ExperimentsTests/<Name>Tests.swift
///     templates/expectation.yaml     -> appended to expectations.yaml
///
/// with `{{NAME}}`, `{{MODULE}}`, `{{CLASS}}`, `{{NUMBER}}`, `{{TITLE}}`, `{{ORDER}}` filled in.
/// Everything is checked before anything is written: a name that is invalid, reserved or
/// already taken changes nothing; a failure while writing removes what was written.
public struct Scaffold {
    public let root: URL
    public let entry: ExperimentEntry

    /// The test class's name: `my-idea` -> `MyIdea` (the file is `<Class>Tests.swift`).
    public static func className(_ name: String) -> String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// Checks the name against the registry and the package (nothing is written).
    /// `number`, `order` default to the next free ones; `title` to the name.
    public init(root: URL, name: String, number: String? = nil, title: String? = nil, order: Int? = nil) throws {
        if let problem = ExperimentRegistry.nameProblem(name) { throw LabError("bilevel new: \(problem)") }
        let fm = FileManager.default
        let existing = try ExperimentRegistry.entries(in: root)
        let folders = (try? fm.contentsOfDirectory(atPath: root.appendingPathComponent("experiments").path)) ?? []
        if let clash = folders.first(where: { $0.lowercased() == name.lowercased() }) {
            throw LabError("bilevel new: experiments/\(clash)/ already exists; choose another name (registered: \(existing.map(\.name).joined(separator: ", ")))")
        }
        let test = "Tests/ExperimentsTests/\(Self.className(name))Tests.swift"
        if fm.fileExists(atPath: root.appendingPathComponent(test).path) {
            throw LabError("bilevel new: \(test) already exists; choose another name")
        }
        for template in ["templates/experiment/main.swift", "templates/test/ExperimentTests.swift", "templates/expectation.yaml"]
        where !fm.fileExists(atPath: root.appendingPathComponent(template).path) {
            throw LabError("bilevel new: template \(template) is missing from \(root.path)")
        }
        let numbers = existing.compactMap { Int($0.number.dropFirst().prefix { $0.isNumber }) }
        let number = number ?? "E\((numbers.max() ?? 0) + 1)"
        if let taken = existing.first(where: { $0.number == number }) {
            throw LabError("bilevel new: number \(number) is taken by \(taken.name); choose another with --number")
        }
        let title = title ?? name
        guard !title.contains("\n"), !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw LabError("bilevel new: --title must be one non-empty line")
        }
        let candidate = ExperimentEntry(name: name, number: number, title: title,
                                        order: order ?? ((existing.map(\.order).max() ?? 0) + 1))
        // The entry must read back as written (number format, order >= 0).
        guard number.range(of: #"^E[0-9]+[a-z]?$"#, options: .regularExpression) != nil, candidate.order >= 0 else {
            throw LabError("bilevel new: --number must look like E7 or E3b and --order be >= 0 (got \(number), \(candidate.order))")
        }
        self.root = root
        self.entry = candidate
    }

    /// The placeholders and their values.
    public var substitutions: [String: String] {
        ["NAME": entry.name, "MODULE": ExperimentRegistry.moduleName(entry.name), "CLASS": Self.className(entry.name),
         "NUMBER": entry.number, "TITLE": entry.title, "ORDER": String(entry.order)]
    }

    public func fill(_ template: String) -> String {
        var text = template
        for (key, value) in substitutions { text = text.replacingOccurrences(of: "{{\(key)}}", with: value) }
        return text
    }

    /// Writes the experiment; returns the files written or changed (root-relative).
    @discardableResult
    public func write() throws -> [String] {
        let fm = FileManager.default
        let templates = root.appendingPathComponent("templates/experiment")
        let folder = root.appendingPathComponent("experiments/\(entry.name)")
        let staging = root.appendingPathComponent("experiments/.new-\(entry.name)-\(getpid())")
        try? fm.removeItem(at: staging)
        var written: [String] = []
        let test = root.appendingPathComponent("Tests/ExperimentsTests/\(Self.className(entry.name))Tests.swift")
        let expectations = root.appendingPathComponent("expectations.yaml")
        let oldExpectations = fm.contents(atPath: expectations.path)
        do {
            guard let files = fm.enumerator(at: templates, includingPropertiesForKeys: [.isRegularFileKey]) else {
                throw LabError("bilevel new: cannot read \(templates.path)")
            }
            let prefix = templates.standardizedFileURL.path + "/"
            for case let url as URL in files where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                let relative = String(url.standardizedFileURL.path.dropFirst(prefix.count))
                let text = try String(contentsOf: url, encoding: .utf8)
                try AtomicFile.write(Data(fill(text).utf8), to: staging.appendingPathComponent(relative))
                written.append("experiments/\(entry.name)/\(relative)")
            }
            let testTemplate = try String(contentsOf: root.appendingPathComponent("templates/test/ExperimentTests.swift"), encoding: .utf8)
            try AtomicFile.write(Data(fill(testTemplate).utf8), to: test)
            let claim = fill(try String(contentsOf: root.appendingPathComponent("templates/expectation.yaml"), encoding: .utf8))
            var text = oldExpectations.map { String(decoding: $0, as: UTF8.self) } ?? "claims:\n"
            if !text.hasSuffix("\n") { text += "\n" }
            try AtomicFile.write(Data((text + claim).utf8), to: expectations)
            try fm.moveItem(at: staging, to: folder)
        } catch {
            try? fm.removeItem(at: staging)
            try? fm.removeItem(at: test)
            if let oldExpectations { try? AtomicFile.write(oldExpectations, to: expectations) } else { try? fm.removeItem(at: expectations) }
            throw error
        }
        return written.sorted() + ["Tests/ExperimentsTests/\(Self.className(entry.name))Tests.swift", "expectations.yaml"]
    }
}
