import Algorithms
import BilevelCore
import Environments

/// Settings of L1 (the two-state incentive MDP, `TwoStateIncentive`).
public struct L1Settings: Sendable, Equatable {
    public var gamma = 0.9
    public var tau = 0.3
    public var xRange: ClosedRange<Double> = -0.25...1.25
    public var yRange: ClosedRange<Double> = -5...4
    /// Grid points along x and along y.
    public var resolution = (x: 61, y: 61)
    public var lambdas: [Double] = [1, 10, 100]
    /// PBRL: `iterations` steps from `(x0, y0)` with step sizes `stepX / lambda`, `stepY / lambda`,
    /// x projected onto `xRange`.
    public var iterations = 3000
    public var stepX = 0.5
    public var stepY = 1.0
    public var x0 = 0.0
    public var y0 = -4.0
    /// lambda of the PBRL paths drawn on the f, p and g panels (value penalty on f and p,
    /// Bellman penalty on g).
    public var pathLambda = 10.0

    public init() {}

    public static func == (l: Self, r: Self) -> Bool {
        l.gamma == r.gamma && l.tau == r.tau && l.xRange == r.xRange && l.yRange == r.yRange
            && l.resolution == r.resolution && l.lambdas == r.lambdas && l.iterations == r.iterations
            && l.stepX == r.stepX && l.stepY == r.stepY && l.x0 == r.x0 && l.y0 == r.y0 && l.pathLambda == r.pathLambda
    }
}

/// A PBRL run drawn as a path in the `(x, y)` plane.
public struct IteratePath: Sendable, Codable, Equatable {
    public var label: String
    public var x: [Double]
    public var y: [Double]
    /// Largest `|y(goal, 0) - y(goal, 1)|` seen: the logits that should not matter stayed equal.
    public var goalLogitDrift: Double
}

public struct L1Result: Sendable {
    public let instance: TwoStateIncentive
    public let field: LandscapeField
    /// The lower-level solution curve `y*(x)` on the grid's x values.
    public let curveX: [Double]
    public let curveY: [Double]
    /// PBRL-value paths, one per lambda (same order as `settings.lambdas`), and the Bellman path.
    public let valuePaths: [Double: IteratePath]
    public let bellmanPath: IteratePath
    /// Minimizer of F on the grid's x values (the solution of the bilevel problem, to grid accuracy).
    public let hyperMinimum: (x: Double, y: Double, F: Double)
}

/// Runs L1: all landscape quantities on the `(x, y)` grid, the curve `y*(x)`, and PBRL paths.
public func runL1(_ s: L1Settings) throws -> L1Result {
    let inst = try TwoStateIncentive(gamma: s.gamma, tau: s.tau)
    let evaluator = LandscapeEvaluator(problem: inst.problem)
    let xs = evenlySpaced(s.xRange.lowerBound, s.xRange.upperBound, count: s.resolution.x)
    let ys = evenlySpaced(s.yRange.lowerBound, s.yRange.upperBound, count: s.resolution.y)
    let plane = LandscapePlane(origin: LandscapePoint(x: [0], logits: inst.logits(y: 0)),
                               u: LandscapePoint(x: [1], logits: [0, 0, 0, 0]),
                               v: LandscapePoint(x: [0], logits: inst.logits(y: 1)),
                               firstLabel: "x", secondLabel: "y")
    let field = try LandscapeField.compute(evaluator, plane: plane, a: xs, b: ys)
    let curve = try xs.map { try inst.solutionLogit(x: $0) }

    var best = (x: xs[0], y: curve[0], F: Double.infinity)
    for (i, x) in xs.enumerated() {
        let F = field.values[0][i].F
        if F < best.F { best = (x, curve[i], F) }
    }

    // Refine the grid minimizer of F by golden-section search on its two neighbouring cells.
    if let i = xs.firstIndex(of: best.x) {
        let lo = xs[max(0, i - 1)], hi = xs[min(xs.count - 1, i + 1)]
        let xm = try goldenSection(lo, hi) { try inst.problem.hyperObjective(x: [$0]) }
        best = (xm, try inst.solutionLogit(x: xm), try inst.problem.hyperObjective(x: [xm]))
    }

    func path(_ kind: MethodKind, _ lambda: Double) throws -> IteratePath {
        let settings = OptimizerSettings(iterations: s.iterations, stepX: s.stepX / lambda, stepY: s.stepY / lambda,
                                         evaluateEvery: max(1, s.iterations))
        var opt = try BilevelOptimizer(problem: inst.problem, method: MethodSpec(kind, lambda: lambda),
                                       settings: settings, projection: .box(lower: s.xRange.lowerBound, upper: s.xRange.upperBound),
                                       x0: [s.x0], y0: inst.logits(y: s.y0))
        var px = [opt.x[0]], py = [inst.scalarLogit(opt.y)]
        var drift = 0.0
        for _ in 0..<s.iterations {
            try opt.step()
            px.append(opt.x[0]); py.append(inst.scalarLogit(opt.y))
            drift = max(drift, abs(opt.y[2] - opt.y[3]))
        }
        let name = kind == .pbrlValue ? "PBRL-value" : "PBRL-Bellman"
        return IteratePath(label: "\(name), λ = \(formatted(lambda))", x: px, y: py, goalLogitDrift: drift)
    }
    var valuePaths: [Double: IteratePath] = [:]
    for lambda in Set(s.lambdas + [s.pathLambda]) { valuePaths[lambda] = try path(.pbrlValue, lambda) }
    let bellman = try path(.pbrlBellman, s.pathLambda)
    return L1Result(instance: inst, field: field, curveX: xs, curveY: curve, valuePaths: valuePaths,
                    bellmanPath: bellman, hyperMinimum: best)
}

/// Minimizer of a unimodal function on `[lo, hi]` by golden-section search, to `tolerance` in x.
func goldenSection(_ lo: Double, _ hi: Double, tolerance: Double = 1e-10, _ f: (Double) throws -> Double) throws -> Double {
    let r = (5.0.squareRoot() - 1) / 2
    var a = lo, b = hi
    var c = b - r * (b - a), d = a + r * (b - a)
    var fc = try f(c), fd = try f(d)
    while b - a > tolerance {
        if fc < fd { b = d; d = c; fd = fc; c = b - r * (b - a); fc = try f(c) }
        else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = try f(d) }
    }
    return (a + b) / 2
}
