import Foundation
import Lab

/// The E5 config (experiments/theory/configs/<profile>.yaml). Seeds pick the point x at which
/// the lambda-scaling and the penalty bounds are measured (`x ~ N(0, xScale^2 I)`), the sampled
/// policies of the bounds, and PBRL's starting point; the Garnet instance is fixed by
/// `instanceSeed`.
struct TheoryConfig: Sendable {
    var instanceSeed: UInt64
    var xScale: Double
    // lambda scaling
    var lambdaMin: Double
    var lambdaMax: Double
    var lambdaPoints: Int
    /// Newton on F_lambda(x, .) stops when the gradient's sup-norm is below this.
    var newtonTolerance: Double
    // penalty bounds
    var policiesPerScale: Int
    var logitScales: [Double]
    // PBRL stationarity
    var pbrlLambdas: [Double]
    var iterations: Int
    var stepXScale: Double
    var stepYScale: Double
    var hypergradientStep: Double
    var evaluateEvery: Int
    /// When > 0, PBRL at weight lambda runs (and records) `max(1, lambda / reference)` times
    /// longer: its steps are ~1/lambda.
    var lambdaReference: Double

    /// The iteration budget and metric stride of PBRL at `lambda` (baselines: factor 1).
    func budget(lambda: Double?) -> (iterations: Int, evaluateEvery: Int) {
        guard let lambda, lambdaReference > 0 else { return (iterations, evaluateEvery) }
        let factor = max(1, lambda / lambdaReference)
        return (Int((Double(iterations) * factor).rounded()), Int((Double(evaluateEvery) * factor).rounded()))
    }

    /// `lambdaPoints` values log-spaced from `lambdaMin` to `lambdaMax`.
    var lambdaGrid: [Double] {
        let a = log10(lambdaMin), b = log10(lambdaMax)
        return (0..<lambdaPoints).map { pow(10, a + (b - a) * Double($0) / Double(max(1, lambdaPoints - 1))) }
    }

    static func read(_ c: ConfigReader) throws -> TheoryConfig {
        let s = try c.section("scaling"), b = try c.section("bounds"), p = try c.section("pbrl")
        let config = TheoryConfig(
            instanceSeed: UInt64(try c.int("instance_seed", min: 0, max: Int.max)),
            xScale: try c.double("x_scale", in: .nonNegative),
            lambdaMin: try s.double("lambda_min", in: .positive),
            lambdaMax: try s.double("lambda_max", in: .positive),
            lambdaPoints: try s.int("points", min: 2),
            newtonTolerance: try s.double("newton_tolerance", in: .positive),
            policiesPerScale: try b.int("policies_per_scale", min: 1),
            logitScales: try b.doubles("logit_scales", in: .positive),
            pbrlLambdas: try p.doubles("lambdas", in: .positive),
            iterations: try p.int("iterations", min: 1),
            stepXScale: try p.double("step_x_scale", in: .positive),
            stepYScale: try p.double("step_y_scale", in: .positive),
            hypergradientStep: try p.double("hypergradient_step", in: .positive),
            evaluateEvery: try p.int("evaluate_every", min: 1),
            lambdaReference: try p.double("iterations_lambda_reference", default: 0, in: .nonNegative))
        guard config.lambdaMax > config.lambdaMin else {
            throw ConfigError(.badValue, "\(c.file): scaling.lambda_max (\(config.lambdaMax)) must exceed scaling.lambda_min (\(config.lambdaMin))")
        }
        return config
    }
}
