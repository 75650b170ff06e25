import ArgumentParser
import Foundation
import Lab
import Report

/// `bilevel solve INSTANCE`: a user's own bilevel problem (YAML or JSON) through the methods by
/// name, without writing Swift (docs/adding-an-experiment.md, "Solving your own instance").
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Run your own instance file through PBRL and the baselines: records, a figure and a report section.",
        discussion: """
            INSTANCE (YAML or JSON): states, actions, transitions P[s][a][s'], rewards r[s][a] \
            (the leader sets r_x = x, starting there) or features phi[s][a] with x0 (r_x = phi x), \
            gamma, tau, rho (default uniform), upper_reward r_U[s][a], regularization (default 0), \
            name. The upper objective is f(x, pi) = -V_U^pi(rho) + (regularization/2)|x|^2. \
            Results go to runs/solve/<instance name>/ (records, summary.json, figures/) and the \
            report to runs/solve/<instance name>/report/<commit>-<name>/REPORT.md. A bad field is \
            one line naming it (shapes, row sums, non-finite numbers); nothing is written then.
            """)

    @Argument(help: "The instance file (.yaml, .yml or .json).")
    var instance: String

    @Option(help: "Methods, comma-separated: pbrl-value, pbrl-bellman, hypergradient, zero-order, naive.")
    var methods = "pbrl-value,hypergradient"

    @Option(name: .customLong("lambda"), help: "Penalty weights of the PBRL methods, comma-separated.")
    var lambdas = "1,10,100"

    @Option(help: "Outer iterations (PBRL: times max(1, lambda / --iterations-lambda-reference)).")
    var iterations = 500

    @Option(help: "PBRL x step: alpha = step-x-scale / lambda.")
    var stepXScale = 0.2
    @Option(help: "PBRL follower step: beta = step-y-scale / lambda.")
    var stepYScale = 2.0
    @Option(help: "PBRL runs max(1, lambda / this) times the iterations (its steps are ~1/lambda).")
    var iterationsLambdaReference = 1.0
    @Option(help: "Step of the baselines (hypergradient, naive, zero-order).")
    var stepX = 0.5
    @Option(help: "Record F, p, g every this many iterations.")
    var evaluateEvery = 10
    @Option(help: "Seeds (only zero-order uses randomness), e.g. 0 or 0..4.")
    var seeds = "0"

    @Option(help: ArgumentHelp("Folder standing for runs/ (default: <root>/runs).", valueName: "dir"))
    var out: String?
    @Option(help: ArgumentHelp("Directory holding the solve executable (default: bilevel's own).", valueName: "dir"))
    var buildDir: String?
    @Option(help: "Runs in parallel (default: all cores).")
    var jobs: Int?
    @Option(help: "Package root (default: found from the current directory).")
    var root: String?

    func validate() throws {
        guard iterations >= 1, evaluateEvery >= 1 else { throw ValidationError("--iterations and --evaluate-every must be >= 1") }
        for (name, v) in [("--step-x-scale", stepXScale), ("--step-y-scale", stepYScale), ("--step-x", stepX),
                          ("--iterations-lambda-reference", iterationsLambdaReference)] where !(v.isFinite && v > 0) {
            throw ValidationError("\(name) must be a finite number > 0, got \(v)")
        }
        _ = try Self.lambdaList(lambdas)
        _ = try SeedList.parse(seeds, source: "--seeds")
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    static func lambdaList(_ text: String) throws -> [Double] {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !items.isEmpty else { throw ValidationError("--lambda: give at least one penalty weight, e.g. 1,10,100") }
        return try items.map { item in
            guard let v = Double(item), v.isFinite, v > 0 else {
                throw ValidationError("--lambda: '\(item)' is not a finite number > 0 (e.g. --lambda 1,10,100)")
            }
            return v
        }
    }

    /// The profile (and folder) name of an instance: its file name, lower-cased, other
    /// characters as hyphens; `-instance` appended to quick/standard/full.
    static func profileName(_ url: URL) -> String {
        let stem = url.deletingPathExtension().lastPathComponent.lowercased()
        var name = String(stem.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        if name.isEmpty { name = "instance" }
        return ["quick", "standard", "full"].contains(name) ? name + "-instance" : name
    }

    func run() throws {
        do {
            try solve()
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    func solve() throws {
        let fm = FileManager.default
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath)
        let root = try self.root.map { try PackageRoot.find(from: URL(fileURLWithPath: $0)) } ?? PackageRoot.find()
        let file = URL(fileURLWithPath: instance, relativeTo: cwd).standardizedFileURL
        guard let data = fm.contents(atPath: file.path) else { throw ReportError("instance file not found: \(instance)") }
        let profile = Self.profileName(file)
        let runs = out.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL } ?? root.appendingPathComponent("runs")
        let folder = runs.appendingPathComponent("solve/\(profile)")
        let executables = buildDir.map { URL(fileURLWithPath: $0) } ?? VerifyCommand.ownDirectory()
        let solver = executables.appendingPathComponent("solve")
        guard fm.isExecutableFile(atPath: solver.path) else {
            throw ReportError("no 'solve' executable in \(executables.path); build it first (swift build --product solve, or make build)")
        }
        // The run's config: where the instance is and its content's digest (so the config hash,
        // hence the cache and `bilevel verify`, cover the instance), and the solver's settings.
        let settings: [String: JSONValue] = [
            "lambdas": .array(try Self.lambdaList(lambdas).map(JSONValue.double)), "iterations": .int(iterations),
            "step_x_scale": .double(stepXScale), "step_y_scale": .double(stepYScale),
            "iterations_lambda_reference": .double(iterationsLambdaReference), "step_x": .double(stepX),
            "evaluate_every": .int(evaluateEvery)]
        let config: JSONValue = .object(["instance_file": .string(file.path), "instance_sha256": .string(SHA256.hex(Array(data))),
                                         "solver": .object(settings)])
        let scratch = fm.temporaryDirectory.appendingPathComponent("bilevel-solve-\(UUID().uuidString)")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let configFile = scratch.appendingPathComponent("\(profile).yaml")
        try AtomicFile.write("# written by bilevel solve \(instance)\n" + String(decoding: try config.canonicalData(), as: UTF8.self) + "\n",
                             to: configFile)
        var arguments = ["--config", configFile.path, "--out", folder.path, "--methods", methods, "--seeds", seeds]
        if let jobs { arguments += ["--jobs", String(jobs)] }
        guard let status = Shell.run(solver.path, arguments, in: root, echo: true)?.status else {
            throw ReportError("cannot start \(solver.path)")
        }
        guard status == 0 else { throw ExitCode(status) }   // solve printed the one-line error

        var builder = ReportBuilder(root: root, profile: profile)
        builder.runs = runs
        builder.reports = folder.appendingPathComponent("report")
        builder.only = ["solve"]
        builder.expectationsFile = scratch.appendingPathComponent("no-expectations.yaml")
        builder.prose["solve"] = ExperimentProse.parse("""
            # Your instance: \(file.lastPathComponent)

            **Instance.** `\(file.path)` (sha256 `\(SHA256.hex(Array(data)).prefix(12))`), solved by `bilevel solve` with methods \
            \(methods.split(separator: ",").map { "`\($0)`" }.joined(separator: ", ")) and λ ∈ {\(lambdas)}. The upper objective is \
            f(x, π) = −V<sub>U</sub><sup>π</sup>(ρ) + (c/2)‖x‖², the lower level the entropy-regularized MDP M<sub>τ</sub>(x); \
            F(x) = f(x, π*<sub>x</sub>) is evaluated exactly. Settings: the configuration table below.
            """, fallbackTitle: "solve")
        let written = try builder.write()
        let shown = written.path.hasPrefix(cwd.path + "/") ? String(written.path.dropFirst(cwd.path.count + 1)) : written.path
        print("solve: records in \(folder.path)/records; report \(shown)/REPORT.md")
    }
}
