import Algorithms
import ExperimentKit
import Lab

/// The E2 config (experiments/incentive/configs/<profile>.yaml), read strictly.
///
/// Keys (besides Lab's `seeds` and `methods`):
/// - `taus`, `costs`: the grid of follower temperatures tau and incentive-cost weights c;
/// - `learning_rates`: the designer's step sizes; per (tau, c) cell and method the one with the
///   best mean final objective is reported;
/// - `iterations`, `evaluate_every` (J(w_k) is evaluated with the exact best response every this
///   many iterations), `tail_fraction` (the metric averages J over the last fraction of them);
/// - `init_scale` (w_0 ~ N(0, init_scale^2)), `clip_norm` (global norm clip of the direction);
/// - `coverage`: weight of the uniform part of the follower MDP's start distribution used by the
///   PBRL penalties (see `FourRoomsIncentive`);
/// - `pbrl_value_lambda_tau`, `pbrl_bellman_lambda_tau`: the PBRL penalty weights as the
///   scale-free products `lambda * tau` (the value penalty is `p = tau sum_s d(s) KL`, so a
///   given `lambda tau` constrains the follower equally at every temperature), i.e.
///   `lambda = (lambda tau) / tau`;
/// - `pbrl_step_y`: the follower-logit step is `pbrl_step_y / (lambda tau)`;
/// - `zero_order_smoothing`: `u_k = smoothing / k`;
/// - `curve_tau`, `curve_cost`: the cell whose convergence curves are drawn;
/// - `pbrl_schedules` (optional): PBRL variants at each penalty's largest lambda tau (a longer
///   budget, a lambda ramp, continuation; `start` written as lambda tau), run at the learning
///   rates `schedule_learning_rates` only (docs/lambda-schedules.md). Step rule: the designer's
///   step stays `lr` (its direction is norm-clipped), the follower's is `pbrl_step_y / (lambda_k tau)`.
struct IncentiveConfig: Sendable {
    var taus: [Double]
    var costs: [Double]
    var learningRates: [Double]
    var iterations: Int
    var evaluateEvery: Int
    var tailFraction: Double
    var initScale: Double
    var clipNorm: Double
    var gamma: Double
    var coverage: Double
    var valueLambdaTau: [Double]
    var bellmanLambdaTau: [Double]
    var stepY: Double
    var smoothing: Double
    var curveTau: Double
    var curveCost: Double
    var schedules: [ScheduleVariant]
    var scheduleLearningRates: [Double]

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
        coverage = try c.double("coverage", default: 0.5, in: Interval(0.0...1.0))
        valueLambdaTau = try c.doubles("pbrl_value_lambda_tau", in: .positive)
        bellmanLambdaTau = try c.doubles("pbrl_bellman_lambda_tau", in: .positive)
        stepY = try c.double("pbrl_step_y", in: .positive)
        smoothing = try c.double("zero_order_smoothing", default: 1.0, in: .positive)
        curveTau = try c.double("curve_tau", in: .positive)
        curveCost = try c.double("curve_cost", in: .nonNegative)
        guard taus.contains(curveTau), costs.contains(curveCost) else {
            throw IncentiveConfigError("curve_tau = \(curveTau) and curve_cost = \(curveCost) must be in taus \(taus) and costs \(costs)")
        }
        guard iterations % evaluateEvery == 0 else {
            throw IncentiveConfigError("iterations = \(iterations) must be a multiple of evaluate_every = \(evaluateEvery)")
        }
        schedules = try ScheduleVariant.readList(c, key: "pbrl_schedules")
        scheduleLearningRates = schedules.isEmpty ? [] : try c.doubles("schedule_learning_rates", in: .positive)
        for v in schedules {
            if let b = v.budget, b % evaluateEvery != 0 {
                throw IncentiveConfigError("pbrl_schedules: budget = \(b) must be a multiple of evaluate_every = \(evaluateEvery)")
            }
            if case .ramp(let start, _) = v.schedule, start > min(valueLambdaTau.max()!, bellmanLambdaTau.max()!) {
                throw IncentiveConfigError("pbrl_schedules: ramp start \(start) (as lambda tau) exceeds a penalty's largest lambda tau")
            }
            if case .continuation(let start, _, _) = v.schedule, start > min(valueLambdaTau.max()!, bellmanLambdaTau.max()!) {
                throw IncentiveConfigError("pbrl_schedules: continuation start \(start) (as lambda tau) exceeds a penalty's largest lambda tau")
            }
        }
    }

    /// The jobs' parameter sets of one method: the grid x learning rates (x lambda tau for PBRL).
    func params(for method: MethodKind) -> [[String: Double]] {
        let lambdas: [Double?]
        switch method {
        case .pbrlValue: lambdas = valueLambdaTau
        case .pbrlBellman: lambdas = bellmanLambdaTau
        default: lambdas = [nil]
        }
        var out: [[String: Double]] = []
        for tau in taus {
            for cost in costs {
                for lr in learningRates {
                    for lt in lambdas {
                        var p = ["tau": tau, "cost": cost, "lr": lr]
                        if let lt { p["lambda_tau"] = lt }
                        out.append(p)
                    }
                }
                // Schedule variants at the largest lambda tau.
                guard method.usesPenalty, let top = lambdas.compactMap({ $0 }).max() else { continue }
                for lr in scheduleLearningRates {
                    for v in schedules {
                        out.append(v.params.merging(["tau": tau, "cost": cost, "lr": lr, "lambda_tau": top]) { a, _ in a })
                    }
                }
            }
        }
        return out
    }

    /// The run of a job.
    func spec(method: MethodKind, params p: [String: Double], seed: UInt64) -> IncentiveRunSpec {
        let tau = p["tau"]!
        let lt = p["lambda_tau"] ?? 1
        let m = MethodSpec(method, lambda: lt / tau, oracle: .exact(tolerance: 1e-10), smoothing: smoothing,
                           schedule: ScheduleVariant.schedule(params: p, lambdaScale: 1 / tau))
        return IncentiveRunSpec(tau: tau, coverage: coverage, gamma: gamma, cost: p["cost"]!, method: m,
                                learningRate: p["lr"]!, stepY: stepY / lt,
                                iterations: p["budget"].map { Int($0) } ?? iterations, evaluateEvery: evaluateEvery, initScale: initScale,
                                clipNorm: clipNorm, tailFraction: tailFraction, seed: seed)
    }
}

/// A config inconsistency the typed readers cannot see (one line).
struct IncentiveConfigError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
