import Algorithms
import ExperimentKit
import Lab

/// Hyperparameters of one part of E1 (the commitment game E1a or the random games E1b).
///
/// PBRL uses step sizes proportional to `1/lambda` (docs/math.md section 5):
/// `alpha = stepXScale / lambda` for the leader logits x and `beta = stepYScale / lambda` for
/// the follower logits y. The baselines (exact hypergradient, naive gradient) use `baselineStepX`.
struct PartSettings: Sendable, Hashable {
    var iterations: Int
    var lambdas: [Double]
    var stepXScale: Double
    var stepYScale: Double
    var baselineStepX: Double
    /// Metrics (F(x_k) needs an exact lower-level solve) every this many iterations.
    var evaluateEvery: Int
    /// When > 0, PBRL at weight lambda runs `iterations * max(1, lambda / lambdaReference)`
    /// iterations (its steps are ~1/lambda, so it needs ~lambda times more to converge).
    var lambdaReference: Double
    /// Clip the x-direction to this Euclidean norm before the step (0 = no clipping).
    var clipNorm: Double
    /// PBRL variants at the largest lambda (a longer budget, a ramp, continuation); their steps
    /// follow the scheduled weight, `alpha_k = stepXScale / lambda_k`, `beta_k = stepYScale / lambda_k`
    /// (docs/lambda-schedules.md). Empty: the constant-lambda grid only.
    var schedules: [ScheduleVariant]

    static func read(_ c: ConfigReader) throws -> PartSettings {
        PartSettings(
            iterations: try c.int("iterations", min: 1),
            lambdas: try c.doubles("lambdas", in: .positive),
            stepXScale: try c.double("step_x_scale", in: .positive),
            stepYScale: try c.double("step_y_scale", in: .positive),
            baselineStepX: try c.double("baseline_step_x", in: .positive),
            evaluateEvery: try c.int("evaluate_every", min: 1),
            lambdaReference: try c.double("iterations_lambda_reference", default: 0, in: .nonNegative),
            clipNorm: try c.double("clip_norm", default: 0, in: .nonNegative),
            schedules: try ScheduleVariant.readList(c))
    }
}

/// Weighting of the follower's states in the lower-level objective and in both penalties
/// (the follower's best response itself does not depend on it).
enum FollowerWeighting: String, CaseIterable, Sendable {
    /// `rho = delta_S`, the game's start state.
    case start
    /// `rho` uniform over the three states.
    case uniform
}

/// The whole E1 config (experiments/stackelberg/configs/<profile>.yaml).
struct StackelbergConfig: Sendable {
    var commitment: PartSettings
    var commitmentWeighting: FollowerWeighting
    var random: PartSettings

    static func read(_ c: ConfigReader) throws -> StackelbergConfig {
        let a = try c.section("e1a")
        let weighting = try a.string("follower_rho", oneOf: FollowerWeighting.allCases.map(\.rawValue))
        return StackelbergConfig(commitment: try PartSettings.read(a),
                                 commitmentWeighting: FollowerWeighting(rawValue: weighting)!,
                                 random: try PartSettings.read(try c.section("e1b")))
    }
}

extension PartSettings {
    /// The iteration budget of a method at weight `lambda` (see `lambdaReference`).
    func iterations(penalty: Bool, lambda: Double) -> Int {
        guard penalty else { return iterations }
        return lambdaScaledBudget(base: iterations, lambda: lambda, reference: lambdaReference)
    }

    /// The target weight of the schedule variants: the largest of the grid.
    var largestLambda: Double { lambdas.max() ?? 1 }
}
