import Algorithms
import Lab

/// The E2s config (experiments/incentive-sampled/configs/<profile>.yaml), read strictly.
///
/// Grid and protocol keys as E2 (`taus`, `costs`, `learning_rates`, `iterations`,
/// `evaluate_every`, `tail_fraction`, `init_scale`, `clip_norm`, `gamma`), and the sample budgets:
/// - `transitions`, `environments`, `episode_length`: HPGD's per-step rollouts (published:
///   10,000 transitions from 5 environments, restart at the goal or after 200 steps); the
///   sampled zero-order method splits the same budget between its two points;
/// - `pbrl_lambda_tau` (lambda = value / tau), `pbrl_step_y` (follower step = value / (lambda tau)),
///   `pbrl_episodes_per_batch` (two batches per step: the follower's, shared with the upper
///   objective, and the inner oracle's; their transitions per step are recorded);
/// - `zero_order_smoothing` (`u_k = value / k`);
/// - `curve_tau`, `curve_cost`: the cell of the convergence figure;
/// - `error_budgets`, `error_repeats`, `error_tau`, `error_cost`: the gradient-error study
///   (transitions per estimate, repeats per budget, cell).
struct SampledConfig: Sendable {
    var taus: [Double]
    var costs: [Double]
    var learningRates: [Double]
    var iterations: Int
    var evaluateEvery: Int
    var tailFraction: Double
    var initScale: Double
    var clipNorm: Double
    var gamma: Double
    var transitions: Int
    var environments: Int
    var episodeLength: Int
    var lambdaTau: [Double]
    var stepY: Double
    var episodesPerBatch: Int
    var smoothing: Double
    var curveTau: Double
    var curveCost: Double
    var errorBudgets: [Int]
    var errorRepeats: Int
    var errorTau: Double
    var errorCost: Double

    init(_ c: ConfigReader) throws {
        taus = try c.doubles("taus", in: .positive)
        costs = try c.doubles("costs", in: .nonNegative)
        learningRates = try c.doubles("learning_rates", in: .positive)
        iterations = try c.int("iterations", min: 1)
        evaluateEvery = try c.int("evaluate_every", min: 1)
        tailFraction = try c.double("tail_fraction", default: 0.1, in: Interval(0.0...1.0))
        initScale = try c.double("init_scale", default: 0.01, in: .nonNegative)
        clipNorm = try c.double("clip_norm", default: 1.0, in: .positive)
        gamma = try c.double("gamma", default: 0.99, in: 0..<1)
        transitions = try c.int("transitions", min: 1)
        environments = try c.int("environments", min: 1)
        episodeLength = try c.int("episode_length", min: 1)
        lambdaTau = try c.doubles("pbrl_lambda_tau", in: .positive)
        stepY = try c.double("pbrl_step_y", in: .positive)
        episodesPerBatch = try c.int("pbrl_episodes_per_batch", min: 1)
        smoothing = try c.double("zero_order_smoothing", in: .positive)
        curveTau = try c.double("curve_tau", in: .positive)
        curveCost = try c.double("curve_cost", in: .nonNegative)
        errorBudgets = try c.ints("error_budgets", min: 10)
        errorRepeats = try c.int("error_repeats", min: 2)
        errorTau = try c.double("error_tau", in: .positive)
        errorCost = try c.double("error_cost", in: .nonNegative)
        guard taus.contains(curveTau), costs.contains(curveCost) else {
            throw ConfigValueError("curve_tau = \(curveTau) and curve_cost = \(curveCost) must be in taus \(taus) and costs \(costs)")
        }
        guard iterations % evaluateEvery == 0 else {
            throw ConfigValueError("iterations = \(iterations) must be a multiple of evaluate_every = \(evaluateEvery)")
        }
        guard errorBudgets.allSatisfy({ $0 >= environments }) else {
            throw ConfigValueError("every error budget must be >= environments = \(environments)")
        }
    }

    /// The jobs' parameter sets of one method.
    func params(for method: String) -> [[String: Double]] {
        if method == "gradient-error" { return [["tau": errorTau, "cost": errorCost]] }
        let lambdas: [Double?] = method == "sampled-pbrl-value" ? lambdaTau : [nil]
        var out: [[String: Double]] = []
        for tau in taus { for cost in costs { for lr in learningRates { for lt in lambdas {
            var p = ["tau": tau, "cost": cost, "lr": lr]
            if let lt { p["lambda_tau"] = lt }
            out.append(p)
        } } } }
        return out
    }
}

struct ConfigValueError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = "invalid incentive-sampled config: " + d }
}
