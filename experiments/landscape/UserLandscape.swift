import Algorithms
import BilevelCore
import Environments
import Foundation
import Lab

/// A landscape a user asks for in the config's `landscapes:` list:
///
///     landscapes:
///       - name: garnet_F10              # figure file stem (letters, digits, _ and -)
///         instance: {generator: garnet, seed: 5}    # garnet (E5) | e1b | e1a | l1; or
///         # instance: {record: runs/stackelberg/standard/records/<file>.json}   (relative to the package root)
///         objective: F_lambda           # f | p | g | F_lambda | F
///         lambda: 10                    # F_lambda only (required there)
///         penalty: value                # F_lambda only: value (f + λp) | bellman (f + λg)
///         plane:
///           through: origin             # origin | final (a record's final iterate) | solution
///           axes: [x0, x1]              # two coordinates x<i> / y<j> ... or
///           # directions: [solution, random]   # each: solution | random | x<i> | y<j>
///           firstRange: [-3, 3]
///           secondRange: [-3, 3]
///           directionSeed: 1
///         resolution: [41, 41]
///         solution: {iterations: 500, step: 1.0, bound: 3}   # exact hypergradient descent
///
/// `y` is the follower's full logit table (row-major `s * m + a`). A coordinate plane's ranges
/// are coordinate values; a direction plane's are multiples of the directions, and a `random`
/// direction has the length of the other direction when that one is `solution` (else 1).
/// `solution` is the exact bilevel solution found by projected hypergradient descent from
/// `x = 0` onto `[-bound, bound]^dim(x)`, with `y = log pi*` (logits centred per state).
struct UserLandscapeSpec: Equatable {
    enum Source: Equatable { case generator(String, seed: UInt64); case record(URL) }
    static let generators = ["garnet", "e1b", "e1a", "l1"]
    static let throughChoices = ["origin", "final", "solution"]

    var name: String
    var source: Source
    var objective: LandscapeObjective
    var through: String
    var axes: [String]?
    var directions: [String]?
    var directionSeed: UInt64
    var firstRange: ClosedRange<Double>
    var secondRange: ClosedRange<Double>
    var resolution: [Int]
    var solutionIterations: Int
    var solutionStep: Double
    var solutionBound: Double

    init(_ c: ConfigReader, baseDirectory: URL) throws {
        let here = "\(c.file): '\(c.path)"
        name = try c.string("name")
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw LandscapeError("\(here).name' = '\(name)' must be a non-empty file stem of letters, digits, _ and -")
        }
        let inst = try c.section("instance")
        if inst.has("record") {
            if inst.has("generator") { throw LandscapeError("\(here).instance' names both a record and a generator; give one") }
            let path = try inst.string("record")
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : baseDirectory.appendingPathComponent(path)
            source = .record(url.standardizedFileURL)
        } else if inst.has("generator") {
            let g = try inst.string("generator", oneOf: Self.generators)
            source = .generator(g, seed: UInt64(try inst.int("seed", default: 0, min: 0, max: Int.max)))
        } else {
            throw LandscapeError("\(here).instance' needs 'generator' (\(Self.generators.joined(separator: ", "))) or 'record' (a run record file)")
        }
        let obj = try c.string("objective", oneOf: LandscapeObjective.names)
        switch obj {
        case "f": objective = .upper
        case "p": objective = .valuePenalty
        case "g": objective = .bellmanPenalty
        case "F": objective = .hyper
        default:
            let lambda = try c.double("lambda", in: .positive)
            let penalty = try c.string("penalty", default: "value", oneOf: ["value", "bellman"])
            objective = .penalized(lambda: lambda, bellman: penalty == "bellman")
        }
        let plane = try c.section("plane")
        through = try plane.string("through", default: "origin", oneOf: Self.throughChoices)
        if through == "final", case .generator = source {
            throw LandscapeError("\(here).plane.through' = final needs an instance from a record (instance: {record: ...})")
        }
        switch (plane.has("axes"), plane.has("directions")) {
        case (true, false):
            let a = try plane.strings("axes")
            guard a.count == 2, a[0] != a[1] else { throw LandscapeError("\(here).plane.axes' must name two different coordinates, e.g. [x0, y3]") }
            try a.forEach { try Self.checkCoordinateSyntax($0, "\(here).plane.axes'") }
            axes = a
        case (false, true):
            let d = try plane.strings("directions")
            guard d.count == 2 else { throw LandscapeError("\(here).plane.directions' must list two directions (solution, random, x<i>, y<j>)") }
            for e in d where e != "solution" && e != "random" { try Self.checkCoordinateSyntax(e, "\(here).plane.directions'") }
            if d.contains("solution"), through == "solution" {
                throw LandscapeError("\(here).plane': direction 'solution' from the point 'solution' is zero; choose through: origin or final")
            }
            if d == ["solution", "solution"] { throw LandscapeError("\(here).plane.directions': 'solution' twice spans a line, not a plane") }
            directions = d
        default:
            throw LandscapeError("\(here).plane' needs exactly one of 'axes' (two coordinates) or 'directions' (two directions)")
        }
        directionSeed = UInt64(try plane.int("directionSeed", default: 1, min: 0, max: Int.max))
        firstRange = try LandscapeConfig.range(plane, "firstRange")
        secondRange = try LandscapeConfig.range(plane, "secondRange")
        resolution = try LandscapeConfig.resolution(c, "resolution", default: [41, 41])
        let sol = try c.section("solution", required: false)
        solutionIterations = try sol.int("iterations", default: 500, min: 1)
        solutionStep = try sol.double("step", default: 1.0, in: .positive)
        solutionBound = try sol.double("bound", default: 3.0, in: .positive)
    }

    static func checkCoordinateSyntax(_ text: String, _ where_: String) throws {
        let t = text.replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
        guard let h = t.first, h == "x" || h == "y", Int(t.dropFirst()) != nil else {
            throw LandscapeError("\(where_): '\(text)' is not a coordinate; use x<i> (leader variable) or y<j> (follower logit)")
        }
    }

    /// A digest of the instance's source (the record file's bytes), so a changed record is
    /// never served from the cache: it enters the job's parameters.
    func sourceDigest() -> Double {
        guard case .record(let url) = source, let data = FileManager.default.contents(atPath: url.path) else { return 0 }
        var h = SHA256()
        h.update(Array(data))
        let bytes = h.finalize()
        var v: UInt64 = 0
        for b in bytes.prefix(6) { v = v << 8 | UInt64(b) }
        return Double(v)
    }
}

/// A user landscape with its instance loaded and its plane built (everything checked).
struct ResolvedLandscape {
    var spec: UserLandscapeSpec
    var problem: BilevelProblem
    var instanceDescription: String
    var instanceJSON: JSONValue?
    var plane: LandscapePlane
    /// Points worth marking: label, a, b.
    var markers: [(String, Double, Double)]
}

extension UserLandscapeSpec {
    /// Loads the instance and builds the plane. With `validateOnly`, stops after every check
    /// that needs no optimization (instance, coordinates, record contents), so a config is
    /// validated before anything runs and a cached landscape costs no hypergradient descent.
    func resolve(validateOnly: Bool = false) throws -> ResolvedLandscape {
        let problem: BilevelProblem
        let m: Int
        let description: String
        var json: JSONValue? = nil
        var record: RunRecord? = nil
        switch source {
        case let .generator(g, seed):
            switch g {
            case "garnet":
                let t = try TheoryInstance(seed: seed)
                (problem, m, description) = (t.problem, t.actionCount, "E5 Garnet instance, seed \(seed)")
                json = try JSONValue(encoding: t.file)
            case "e1b":
                let game = try StackelbergGames.randomGeneralSum(seed: seed)
                (problem, m, description) = (game.bilevelProblem, game.followerActionCount, "E1b random game, seed \(seed)")
                json = try JSONValue(encoding: StackelbergGameFile(game))
            case "e1a":
                let game = try StackelbergGames.commitment()
                (problem, m, description) = (game.bilevelProblem, game.followerActionCount, "E1a commitment game")
                json = try JSONValue(encoding: StackelbergGameFile(game))
            default:
                let l1 = try TwoStateIncentive()
                (problem, m, description) = (l1.problem, 2, "L1 two-state incentive MDP")
                json = try JSONValue(encoding: l1.file)
            }
        case let .record(url):
            let r: RunRecord
            do { r = try RunRecord.load(url) } catch { throw LandscapeError("landscape '\(name)': \(error)") }
            record = r
            if let inst = r.instance {
                let loaded = try loadInstance(inst, source: url.lastPathComponent)
                (problem, m, description) = (loaded.problem, loaded.followerActionCount, loaded.description)
                json = inst
            } else if r.experiment == "stackelberg", r.params["part"] == 2 {
                // E1b records without an embedded game: the generator and the seed determine it.
                let game = try StackelbergGames.randomGeneralSum(seed: r.seed)
                (problem, m, description) = (game.bilevelProblem, game.followerActionCount,
                                             "E1b random game, seed \(r.seed) (regenerated: the record embeds no game)")
                json = try JSONValue(encoding: StackelbergGameFile(game))
            } else {
                throw LandscapeError("landscape '\(name)': record \(url.path) embeds no instance (it may have been too large); use a generator instead")
            }
        }
        let evaluator = LandscapeEvaluator(problem: problem)
        let dimX = problem.parameterCount
        let x0 = [Double](repeating: 0, count: dimX)
        let dimY = try problem.lower.mdp(at: x0).stateCount * m
        let origin = LandscapePoint(x: x0, logits: [Double](repeating: 0, count: dimY))

        var solutionCache: LandscapePoint?
        func solution() throws -> LandscapePoint {
            if let s = solutionCache { return s }
            var opt = try BilevelOptimizer(problem: problem, method: MethodSpec(.hypergradient),
                                           settings: OptimizerSettings(iterations: solutionIterations, stepX: solutionStep),
                                           projection: .box(lower: -solutionBound, upper: solutionBound), x0: x0)
            for _ in 0..<solutionIterations { try opt.step() }
            let best = try evaluator.bestResponse(x: opt.x)
            let s = LandscapePoint(x: opt.x, logits: best.policy.logProbabilities).centered(actionCount: m)
            solutionCache = s
            return s
        }
        if validateOnly {
            if let axes { for a in axes { _ = try JointCoordinate.parse(a, xCount: dimX, yCount: dimY) } }
            for d in directions ?? [] where d != "solution" && d != "random" { _ = try JointCoordinate.parse(d, xCount: dimX, yCount: dimY) }
            if through == "final" { _ = try finalPoint(record!, evaluator: evaluator, dimX: dimX, dimY: dimY, m: m) }
            let zero = LandscapePoint(x: x0, logits: origin.logits)
            return ResolvedLandscape(spec: self, problem: problem, instanceDescription: description, instanceJSON: json,
                                     plane: LandscapePlane(origin: zero, u: zero, v: zero, firstLabel: "", secondLabel: ""), markers: [])
        }
        let center: LandscapePoint
        var centerLabel = through
        switch through {
        case "solution": center = try solution(); centerLabel = "exact bilevel solution"
        case "final":
            let (p, note) = try finalPoint(record!, evaluator: evaluator, dimX: dimX, dimY: dimY, m: m)
            center = p; centerLabel = "final iterate" + note
        default: center = origin
        }
        let plane: LandscapePlane
        var markers: [(String, Double, Double)] = []
        if let axes {
            let c1 = try JointCoordinate.parse(axes[0], xCount: dimX, yCount: dimY)
            let c2 = try JointCoordinate.parse(axes[1], xCount: dimX, yCount: dimY)
            plane = .coordinates(c1, c2, through: center)
            markers.append((centerLabel, c1.get(center), c2.get(center)))
        } else {
            let dirs = directions!
            var vectors: [LandscapePoint?] = [nil, nil]
            var labels = ["", ""]
            for (k, d) in dirs.enumerated() where d != "random" {
                if d == "solution" {
                    vectors[k] = try solution() - center
                    labels[k] = "towards the exact bilevel solution"
                } else {
                    let c = try JointCoordinate.parse(d, xCount: dimX, yCount: dimY)
                    vectors[k] = c.unit(like: center)
                    labels[k] = "along \(c.label)"
                }
            }
            let reference = dirs.contains("solution") ? vectors[dirs.firstIndex(of: "solution")!]!.norm : 1
            for (k, d) in dirs.enumerated() where d == "random" {
                var rng = SeededGenerator(seed: directionSeed, stream: 31 + UInt64(k))
                var r = LandscapePoint(x: (0..<dimX).map { _ in rng.normal() }, logits: (0..<dimY).map { _ in rng.normal() })
                r = r.centered(actionCount: m)
                vectors[k] = (reference / max(r.norm, 1e-300)) * r
                labels[k] = "random direction" + (dirs.contains("solution") ? ", same length" : ", unit length")
            }
            plane = LandscapePlane(origin: center, u: vectors[0]!, v: vectors[1]!,
                                   firstLabel: "a (\(labels[0]))", secondLabel: "b (\(labels[1]))")
            markers.append((centerLabel, 0, 0))
            if let k = dirs.firstIndex(of: "solution") { markers.append(("exact bilevel solution", k == 0 ? 1 : 0, k == 1 ? 1 : 0)) }
        }
        return ResolvedLandscape(spec: self, problem: problem, instanceDescription: description, instanceJSON: json,
                                 plane: plane, markers: markers)
    }

    /// A run's final iterate from its record: `x` from matrices `final_x` / `finalX` / `pbrl.x`
    /// (or `log` of `final_leader_policy`), `y` from `final_y` / `finalY` / `pbrl.y` (or `log`
    /// of `final_follower_policy`, else the best response `log pi*_x`, said in the label).
    func finalPoint(_ r: RunRecord, evaluator: LandscapeEvaluator, dimX: Int, dimY: Int, m: Int) throws -> (LandscapePoint, String) {
        func row(_ keys: [String]) -> [Double]? {
            for k in keys { if let v = r.matrices[k] { return v.flatMap { $0 } } }
            return nil
        }
        var x = row(["final_x", "finalX", "pbrl.x"])
        if x == nil, let p = row(["final_leader_policy"]) { x = p.map { log(max($0, 1e-300)) } }
        guard let x, x.count == dimX else {
            throw LandscapeError("landscape '\(name)': record \(r.fileName) holds no final x of length \(dimX) (matrices final_x, finalX, pbrl.x or final_leader_policy); it has: \(r.matrices.keys.sorted().joined(separator: ", "))")
        }
        var y = row(["final_y", "finalY", "pbrl.y"])
        if y == nil, let p = row(["final_follower_policy"]) { y = p.map { log(max($0, 1e-300)) } }
        var note = ""
        if y == nil || y!.count != dimY {
            y = try evaluator.bestResponse(x: x).policy.logProbabilities
            note = " (x; y = log π*_{x}, the record has no follower logits)"
        }
        return (LandscapePoint(x: x, logits: y!).centered(actionCount: m), note)
    }
}

/// Computes a resolved landscape's grid and its run record.
func runUserLandscape(_ r: ResolvedLandscape) throws -> RunResult {
    let s = r.spec
    let a = evenlySpaced(s.firstRange.lowerBound, s.firstRange.upperBound, count: s.resolution[0])
    let b = evenlySpaced(s.secondRange.lowerBound, s.secondRange.upperBound, count: s.resolution[1])
    let field = try LandscapeField.compute(LandscapeEvaluator(problem: r.problem), plane: r.plane, a: a, b: b)
    var out = RunResult()
    let grid = field.grid(s.objective, name: s.name)
    out.store(grid)
    let m = grid.minimum
    out.finals["min.a"] = m.a
    out.finals["min.b"] = m.b
    out.finals["min.value"] = m.value
    out.finals["max.value"] = grid.values.flatMap { $0 }.max()!
    out.labels["name"] = s.name
    out.labels["objective"] = s.objective.tag
    out.labels["instance"] = r.instanceDescription
    for (k, mk) in r.markers.enumerated() {
        out.labels["marker.\(k)"] = mk.0
        out.series["marker.\(k)"] = [mk.1, mk.2]
    }
    out.instance = r.instanceJSON
    return out
}
