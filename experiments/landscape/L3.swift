import BilevelCore
import Environments

/// Settings of L3: `F(x)` against `min_y F_lambda(x, y)` on the L1 instance.
public struct L3Settings: Sendable, Equatable {
    public var gamma = 0.9
    public var tau = 0.3
    public var xRange: ClosedRange<Double> = -0.25...1.25
    public var points = 121
    public var lambdas: [Double] = [1, 3, 10, 30, 100]
    public init() {}
}

public struct L3Result: Sendable {
    public let x: [Double]
    /// `F(x)` on `x`.
    public let hyper: [Double]
    /// `min_y F_lambda(x, y)` on `x`, per lambda (order of `lambdas`).
    public let lambdas: [Double]
    public let penalizedMinimum: [[Double]]
    /// Largest final gradient sup-norm of the inner minimizations (accuracy witness).
    public let worstGradient: Double
    /// `max_x (F(x) - min_y F_lambda(x, y))` per lambda.
    public var maxGap: [Double] {
        penalizedMinimum.map { row in zip(hyper, row).reduce(0) { max($0, $1.0 - $1.1) } }
    }
    /// Minimizers on the grid: of `F`, and of `min_y F_lambda(x, .)` per lambda.
    public var hyperArgmin: Double { x[hyper.indices.min { hyper[$0] < hyper[$1] }!] }
    public var penalizedArgmin: [Double] {
        penalizedMinimum.map { row in x[row.indices.min { row[$0] < row[$1] }!] }
    }
}

/// Runs L3: for each `x`, `F(x)` and, for each lambda, the inner minimum over all four logits.
public func runL3(_ s: L3Settings) throws -> L3Result {
    let inst = try TwoStateIncentive(gamma: s.gamma, tau: s.tau)
    let evaluator = LandscapeEvaluator(problem: inst.problem)
    let xs = evenlySpaced(s.xRange.lowerBound, s.xRange.upperBound, count: s.points)
    var hyper: [Double] = []
    var rows = [[Double]](repeating: [], count: s.lambdas.count)
    var worst = 0.0
    for x in xs {
        let best = try evaluator.bestResponse(x: [x])
        hyper.append(try evaluator.values(x: [x], logits: best.policy.logProbabilities, best: best).F)
        for (k, lambda) in s.lambdas.enumerated() {
            let m = try evaluator.minimizePenalized(x: [x], lambda: lambda)
            rows[k].append(m.value)
            worst = max(worst, m.gradientNorm)
        }
    }
    return L3Result(x: xs, hyper: hyper, lambdas: s.lambdas, penalizedMinimum: rows, worstGradient: worst)
}
