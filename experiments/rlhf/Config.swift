import Lab

/// Every knob of E3 (docs/experiments.md), read strictly from `configs/<profile>.yaml`.
///
/// Step sizes of PBRL scale like `1/lambda` (docs/math.md section 5) with a cap:
/// `alpha = min(stepXMax, stepXScale / lambda)`, `beta = min(stepYMax, stepYScale / lambda)`.
struct RLHFConfig: Sendable, Hashable {
    // Environment (the reconstruction of the paper's gridworld).
    var gridSize = 5
    var slip = 0.1
    var gamma = 0.95
    var tau = 0.05
    var betterReward = 1.0
    var worseReward = 0.5
    var stepCost = 0.1
    var terminalGoals = false
    // Preference queries.
    var segmentLength = 10
    var pairsPerIteration = 10
    var queries = 1000
    var heldOutPairs = 500
    var evaluateEvery = 5
    // PBRL.
    var lambdas: [Double] = [0.01, 0.1, 1, 10]
    /// lambdas at which the no-score-function ablation runs (may be empty).
    var ablationLambdas: [Double] = [0.1]
    var stepXMax = 0.2
    var stepXScale = 2.0
    var stepYMax = 2.0
    var stepYScale = 10.0
    var policySteps = 1
    // Two-stage RLHF.
    var fitSteps = 500
    var fitStepX = 2.0
    // Both: weight decay on x.
    var l2 = 0.0

    var iterations: Int { queries / pairsPerIteration }
    func stepX(lambda: Double) -> Double { min(stepXMax, stepXScale / lambda) }
    func stepY(lambda: Double) -> Double { min(stepYMax, stepYScale / lambda) }

    /// Reads every key (unknown keys are rejected later by the session).
    init(reading c: ConfigReader) throws {
        gridSize = try c.int("grid_size", default: gridSize, min: 2, max: 20)
        slip = try c.double("slip", default: slip, in: 0...1)
        gamma = try c.double("gamma", default: gamma, in: 0..<1)
        tau = try c.double("tau", default: tau, in: .positive)
        betterReward = try c.double("better_reward", default: betterReward)
        worseReward = try c.double("worse_reward", default: worseReward)
        stepCost = try c.double("step_cost", default: stepCost, in: .nonNegative)
        terminalGoals = try c.bool("terminal_goals", default: terminalGoals)
        segmentLength = try c.int("segment_length", default: segmentLength, min: 1)
        pairsPerIteration = try c.int("pairs_per_iteration", default: pairsPerIteration, min: 1)
        queries = try c.int("queries", default: queries, min: 1)
        heldOutPairs = try c.int("held_out_pairs", default: heldOutPairs, min: 1)
        evaluateEvery = try c.int("evaluate_every", default: evaluateEvery, min: 1)
        lambdas = try c.doubles("lambdas", default: lambdas, in: .positive)
        ablationLambdas = try c.doubles("ablation_lambdas", default: ablationLambdas, in: .positive, nonEmpty: false)
        stepXMax = try c.double("pbrl_step_x_max", default: stepXMax, in: .positive)
        stepXScale = try c.double("pbrl_step_x_scale", default: stepXScale, in: .positive)
        stepYMax = try c.double("pbrl_step_y_max", default: stepYMax, in: .positive)
        stepYScale = try c.double("pbrl_step_y_scale", default: stepYScale, in: .positive)
        policySteps = try c.int("pbrl_policy_steps", default: policySteps, min: 1)
        fitSteps = try c.int("two_stage_fit_steps", default: fitSteps, min: 1)
        fitStepX = try c.double("two_stage_step_x", default: fitStepX, in: .positive)
        l2 = try c.double("l2", default: l2, in: .nonNegative)
        guard queries % pairsPerIteration == 0 else {
            throw ConfigError(.badValue, "queries (\(queries)) must be a multiple of pairs_per_iteration (\(pairsPerIteration))")
        }
    }
}
