import Lab

/// The config of `{{NAME}}` (configs/<profile>.yaml). Every key is read here, with its range;
/// an unknown or missing key is a one-line error naming the file, the line and the valid keys.
struct ExampleConfig: Sendable {
    /// Garnet instance: states, actions, successors per (s, a), discount, temperature.
    var states: Int
    var actions: Int
    var branching: Int
    var gamma: Double
    var tau: Double
    /// f(x, pi) = -V_U^pi(rho) + (regularization / 2) |x|^2.
    var regularization: Double
    var iterations: Int
    var lambdas: [Double]
    var stepXScale: Double
    var stepYScale: Double
    /// PBRL at weight lambda runs iterations * max(1, lambda / lambdaReference) iterations.
    var lambdaReference: Double
    var hypergradientStep: Double
    var evaluateEvery: Int

    static func read(_ c: ConfigReader) throws -> ExampleConfig {
        let g = try c.section("garnet")
        let states = try g.int("states", min: 2)
        return ExampleConfig(
            states: states, actions: try g.int("actions", min: 2), branching: try g.int("branching", min: 1, max: states),
            gamma: try g.double("gamma", in: 0..<1), tau: try g.double("tau", in: .positive),
            regularization: try g.double("regularization", in: .nonNegative),
            iterations: try c.int("iterations", min: 1), lambdas: try c.doubles("lambdas", in: .positive),
            stepXScale: try c.double("step_x_scale", in: .positive), stepYScale: try c.double("step_y_scale", in: .positive),
            lambdaReference: try c.double("iterations_lambda_reference", in: .positive),
            hypergradientStep: try c.double("hypergradient_step", in: .positive),
            evaluateEvery: try c.int("evaluate_every", min: 1))
    }

    /// The iteration budget of a method (PBRL's steps are ~1/lambda, so it runs longer).
    func budget(penalty: Bool, lambda: Double) -> Int {
        penalty ? Int((Double(iterations) * max(1, lambda / lambdaReference)).rounded()) : iterations
    }

    var instanceText: String {
        "Garnet n = \(states), m = \(actions), \(branching) successors, γ = \(gamma), τ = \(tau), r_x = x, "
            + "f = −V_U + \(regularization)/2·|x|², one instance per seed"
    }
}
