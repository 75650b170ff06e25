import Foundation
import Lab

/// The landscape experiment's config: optional sections `l1`, `l2`, `l3` (the paper's
/// figures) and an optional list `landscapes` (user landscapes, see `UserLandscapeSpec`).
/// Every key is validated before anything runs.
struct LandscapeConfig {
    var l1: L1Settings?
    var l2: L2Settings?
    var l3: L3Settings?
    var landscapes: [UserLandscapeSpec] = []

    init(_ c: ConfigReader, baseDirectory: URL) throws {
        if c.has("l1") { l1 = try Self.readL1(try c.section("l1")) }
        if c.has("l2") { l2 = try Self.readL2(try c.section("l2")) }
        if c.has("l3") { l3 = try Self.readL3(try c.section("l3")) }
        if c.has("landscapes") {
            landscapes = try c.sections("landscapes").map { try UserLandscapeSpec($0, baseDirectory: baseDirectory) }
            var seen: Set<String> = []
            for spec in landscapes {
                guard seen.insert(spec.name).inserted else {
                    throw LandscapeError("\(c.file): landscapes: the name '\(spec.name)' is used twice; names must be unique")
                }
            }
        }
        // Register the absent sections too, so that an unknown top-level key (a typo such as
        // `l4` or `landscape`) is reported with every valid section name.
        for key in ["l1", "l2", "l3"] where !c.has(key) { _ = try c.section(key, required: false) }
        if l1 == nil, l2 == nil, l3 == nil, landscapes.isEmpty {
            throw LandscapeError("\(c.file): nothing to draw; give at least one of the sections l1, l2, l3, landscapes")
        }
    }

    static func readL1(_ c: ConfigReader) throws -> L1Settings {
        var s = L1Settings()
        s.gamma = try c.double("gamma", default: s.gamma, in: 0..<1)
        s.tau = try c.double("tau", default: s.tau, in: .positive)
        s.xRange = try range(c, "xRange", default: s.xRange)
        s.yRange = try range(c, "yRange", default: s.yRange)
        let res = try resolution(c, "resolution", default: [s.resolution.x, s.resolution.y])
        s.resolution = (res[0], res[1])
        s.lambdas = try c.doubles("lambdas", default: s.lambdas, in: .positive)
        s.iterations = try c.int("iterations", default: s.iterations, min: 1)
        s.stepX = try c.double("stepX", default: s.stepX, in: .positive)
        s.stepY = try c.double("stepY", default: s.stepY, in: .positive)
        let start = try c.doubles("start", default: [s.x0, s.y0])
        guard start.count == 2 else { throw LandscapeError("\(c.file): 'l1.start' must be [x0, y0], got \(start.count) numbers") }
        (s.x0, s.y0) = (start[0], start[1])
        guard s.xRange.contains(s.x0) else { throw LandscapeError("\(c.file): 'l1.start' x0 = \(s.x0) is outside l1.xRange") }
        s.pathLambda = try c.double("pathLambda", default: s.pathLambda, in: .positive)
        return s
    }

    static func readL2(_ c: ConfigReader) throws -> L2Settings {
        var s = L2Settings()
        s.gameSeed = UInt64(try c.int("gameSeed", default: Int(s.gameSeed), min: 0, max: Int.max))
        s.lambda = try c.double("lambda", default: s.lambda, in: .positive)
        s.pbrlIterations = try c.int("pbrlIterations", default: s.pbrlIterations, min: 1)
        s.stepX = try c.double("stepX", default: s.stepX, in: .positive)
        s.stepY = try c.double("stepY", default: s.stepY, in: .positive)
        s.hyperIterations = try c.int("hyperIterations", default: s.hyperIterations, min: 1)
        s.hyperStep = try c.double("hyperStep", default: s.hyperStep, in: .positive)
        s.bound = try c.double("bound", default: s.bound, in: .positive)
        s.aRange = try range(c, "aRange", default: s.aRange)
        s.bRange = try range(c, "bRange", default: s.bRange)
        let res = try resolution(c, "resolution", default: [s.resolution.a, s.resolution.b])
        s.resolution = (res[0], res[1])
        s.directionSeed = UInt64(try c.int("directionSeed", default: Int(s.directionSeed), min: 0, max: Int.max))
        return s
    }

    static func readL3(_ c: ConfigReader) throws -> L3Settings {
        var s = L3Settings()
        s.gamma = try c.double("gamma", default: s.gamma, in: 0..<1)
        s.tau = try c.double("tau", default: s.tau, in: .positive)
        s.xRange = try range(c, "xRange", default: s.xRange)
        s.points = try c.int("points", default: s.points, min: 2, max: 10_000)
        s.lambdas = try c.doubles("lambdas", default: s.lambdas, in: .positive)
        return s
    }

    /// `[lo, hi]` with lo < hi.
    static func range(_ c: ConfigReader, _ key: String, default d: ClosedRange<Double>? = nil) throws -> ClosedRange<Double> {
        let v = try c.doubles(key, default: d.map { [$0.lowerBound, $0.upperBound] })
        guard v.count == 2, v[0] < v[1] else {
            throw LandscapeError("\(c.file): '\(c.path.isEmpty ? key : c.path + "." + key)' must be [lo, hi] with lo < hi, got \(v)")
        }
        return v[0]...v[1]
    }

    /// `[n1, n2]`, each in 2...1001.
    static func resolution(_ c: ConfigReader, _ key: String, default d: [Int]) throws -> [Int] {
        let v = try c.ints(key, default: d, min: 2, max: 1001)
        guard v.count == 2 else {
            throw LandscapeError("\(c.file): '\(c.path.isEmpty ? key : c.path + "." + key)' must be [points along the first axis, points along the second], got \(v.count) numbers")
        }
        return v
    }
}
