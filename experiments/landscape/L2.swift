import Algorithms
import BilevelCore
import Environments

/// Settings of L2: a slice of `F_lambda` through PBRL's solution of an E1b game.
public struct L2Settings: Sendable, Equatable {
    /// E1b game instance (`StackelbergGames.randomGeneralSum(seed:)`, 10 states, 3 x 3 actions).
    public var gameSeed: UInt64 = 0
    public var lambda = 10.0
    /// PBRL-value: `pbrlIterations` steps of sizes `stepX / lambda`, `stepY / lambda` from zero logits.
    public var pbrlIterations = 2000
    public var stepX = 0.5
    public var stepY = 1.0
    /// Exact hypergradient descent (the bilevel solution): `hyperIterations` steps of `hyperStep`.
    public var hyperIterations = 2000
    public var hyperStep = 1.0
    /// Slice coordinates: `a` along the direction to the exact solution (a = 1 is that point),
    /// `b` along a random direction of the same length (seeded by `directionSeed`).
    public var aRange: ClosedRange<Double> = -0.5...1.5
    public var bRange: ClosedRange<Double> = -1...1
    public var resolution = (a: 41, b: 41)
    public var directionSeed: UInt64 = 1
    /// The leader's feasible set `X = [-bound, bound]^dim(x)` (both methods project onto it;
    /// without it the exact solution may sit at infinite logits, a pure commitment).
    public var bound = 3.0

    public init() {}

    public static func == (l: Self, r: Self) -> Bool {
        l.gameSeed == r.gameSeed && l.lambda == r.lambda && l.pbrlIterations == r.pbrlIterations
            && l.stepX == r.stepX && l.stepY == r.stepY && l.hyperIterations == r.hyperIterations
            && l.hyperStep == r.hyperStep && l.aRange == r.aRange && l.bRange == r.bRange
            && l.resolution == r.resolution && l.directionSeed == r.directionSeed && l.bound == r.bound
    }
}

public struct L2Result: Sendable {
    public let game: StackelbergGame
    /// PBRL's final point and the exact bilevel solution `(x_H, log pi*_{x_H})`, logits centred per state.
    public let pbrl: LandscapePoint
    public let solution: LandscapePoint
    public let field: LandscapeField
    /// `F` at both points and `F_lambda` at both points.
    public let hyperAtPBRL: Double
    public let hyperAtSolution: Double
    /// `|z_H - z_PBRL|` in the joint space.
    public let distance: Double
}

/// Runs L2: PBRL-value and exact hypergradient descent on one E1b game, then `F_lambda` on
/// the plane `z_PBRL + a (z_H - z_PBRL) + b r`, `r` random with `|r| = |z_H - z_PBRL|`.
public func runL2(_ s: L2Settings) throws -> L2Result {
    let game = try StackelbergGames.randomGeneralSum(seed: s.gameSeed)
    let problem = game.bilevelProblem
    let dimX = problem.parameterCount
    let m = game.followerActionCount
    let zeros = [Double](repeating: 0, count: dimX)
    let box = Projection.box(lower: -s.bound, upper: s.bound)

    var pbrl = try BilevelOptimizer(problem: problem, method: MethodSpec(.pbrlValue, lambda: s.lambda),
                                    settings: OptimizerSettings(iterations: s.pbrlIterations, stepX: s.stepX / s.lambda,
                                                                stepY: s.stepY / s.lambda),
                                    projection: box, x0: zeros)
    for _ in 0..<s.pbrlIterations { try pbrl.step() }
    var hyper = try BilevelOptimizer(problem: problem, method: MethodSpec(.hypergradient),
                                     settings: OptimizerSettings(iterations: s.hyperIterations, stepX: s.hyperStep),
                                     projection: box, x0: zeros)
    for _ in 0..<s.hyperIterations { try hyper.step() }

    let evaluator = LandscapeEvaluator(problem: problem)
    let zP = LandscapePoint(x: pbrl.x, logits: pbrl.y).centered(actionCount: m)
    let bestH = try evaluator.bestResponse(x: hyper.x)
    let zH = LandscapePoint(x: hyper.x, logits: bestH.policy.logProbabilities).centered(actionCount: m)
    let u = zH - zP
    let length = u.norm
    var rng = SeededGenerator(seed: s.directionSeed, stream: 21)
    var r = LandscapePoint(x: (0..<dimX).map { _ in rng.normal() }, logits: (0..<zP.logits.count).map { _ in rng.normal() })
    r = r.centered(actionCount: m)
    r = (length / max(r.norm, 1e-300)) * r
    let plane = LandscapePlane(origin: zP, u: u, v: r,
                               firstLabel: "a (towards the exact bilevel solution)",
                               secondLabel: "b (random direction, same length)")
    let a = evenlySpaced(s.aRange.lowerBound, s.aRange.upperBound, count: s.resolution.a)
    let b = evenlySpaced(s.bRange.lowerBound, s.bRange.upperBound, count: s.resolution.b)
    let field = try LandscapeField.compute(evaluator, plane: plane, a: a, b: b)
    return L2Result(game: game, pbrl: zP, solution: zH, field: field,
                    hyperAtPBRL: try problem.hyperObjective(x: zP.x), hyperAtSolution: try problem.hyperObjective(x: zH.x),
                    distance: length)
}
