import BilevelCore
import Environments

/// One outer-optimization run of a method on a bilevel problem. Reads like the paper's box:
///
///     for k = 0..K-1:
///         value penalty only: pi_hat <- inner oracle on M_tau(x_k)      (warm-started)
///         gx = df/dx + lambda dpenalty/dx ;  gy = df/dy + lambda dpenalty/dy
///         x <- Proj_X(x - alpha clip(gx)) ;  y <- y - beta gy
///
/// The baselines replace `gx` (exact hypergradient, zero-order estimate, naive gradient) and
/// keep `y = log pi*_x`. Every recorded quantity is checked: a non-finite value throws
/// `AlgorithmError.nonFinite` (the divergence guard).
public struct BilevelOptimizer: Sendable {
    public let problem: BilevelProblem
    public let method: MethodSpec
    public let settings: OptimizerSettings
    public let projection: Projection
    public private(set) var x: [Double]
    public private(set) var y: [Double]
    public private(set) var k = 0
    var rng: SeededGenerator
    /// Warm starts: the last soft-optimal policy and the last inner value estimate.
    var lastBest: Policy?
    /// The linear systems of the last best response and of the last follower policy: their
    /// factorizations precondition the next iterate's evaluations (`PolicySystem`), so that
    /// consecutive outer iterations, whose policies and MDPs differ little, refactorize only
    /// when refinement stops paying.
    var lastBestSystem: PolicySystem?
    var lastFollower: PolicyEvaluation?
    var innerValues: [Double]?
    var innerIterations = 0

    /// - Parameters:
    ///   - x0: initial leader variable (projected onto X).
    ///   - y0: initial follower logits (default zero = uniform policy).
    ///   - seed: seeds the zero-order directions (the only randomness).
    public init(problem: BilevelProblem, method: MethodSpec, settings: OptimizerSettings,
                projection: Projection = .none, x0: [Double], y0: [Double]? = nil, seed: UInt64 = 0) throws {
        guard x0.count == problem.parameterCount else {
            throw AlgorithmError.invalidSetting("x0 has \(x0.count) entries, the problem has dim(x) = \(problem.parameterCount)")
        }
        guard settings.iterations >= 0, settings.stepX > 0, settings.stepX.isFinite else {
            throw AlgorithmError.invalidSetting("need iterations >= 0 and a finite stepX > 0")
        }
        if method.kind.usesPenalty {
            guard method.lambda > 0, method.lambda.isFinite else { throw AlgorithmError.invalidSetting("lambda must be finite and > 0, got \(method.lambda)") }
            guard settings.stepY > 0 else { throw AlgorithmError.invalidSetting("PBRL needs stepY > 0") }
            try method.schedule.validate(target: method.lambda)
        }
        let mdp = try problem.lower.mdp(at: x0)
        self.problem = problem
        self.method = method
        self.settings = settings
        self.projection = projection
        self.x = projection.apply(x0)
        self.y = y0 ?? [Double](repeating: 0, count: mdp.stateCount * mdp.actionCount)
        self.rng = SeededGenerator(seed: seed, stream: 7)
    }

    /// Exact soft optimum of `M_tau(x)`, warm-started from the previous one.
    mutating func bestResponse(_ mdp: TabularMDP, tolerance: Double) -> PolicyEvaluation {
        let opt = mdp.softOptimum(solver: .policyIteration, tolerance: tolerance, warmPolicy: lastBest, warmSystem: lastBestSystem)
        let best = PolicyEvaluation(mdp: mdp, optimum: opt)
        lastBest = opt.policy
        lastBestSystem = best.system
        innerIterations += opt.iterations
        return best
    }

    /// The value penalty's inner oracle.
    mutating func innerOracle(_ mdp: TabularMDP) -> PolicyEvaluation {
        switch method.oracle {
        case .exact(let tol):
            return bestResponse(mdp, tolerance: tol)
        case .sweeps(let T):
            let v = mdp.softValueIteration(from: innerValues ?? [Double](repeating: 0, count: mdp.stateCount), sweeps: T)
            innerValues = v
            innerIterations += T
            let best = PolicyEvaluation(mdp: mdp, policy: mdp.softGreedy(mdp.qValues(from: v)), preconditioner: lastBestSystem)
            lastBestSystem = best.system
            return best
        }
    }

    /// One outer iteration; returns the x-direction (before clipping) and y-direction norms.
    @discardableResult
    public mutating func step() throws -> (gradNormX: Double, gradNormY: Double) {
        let mdp = try problem.lower.mdp(at: x)
        var gx: [Double]
        var gyNorm = 0.0
        // The scheduled weight and the step factor it implies (exactly lambda and 1 for a
        // constant schedule, so such runs are unchanged; LambdaSchedule.swift).
        let lambda = method.lambda(at: k)
        var stepFactorX = 1.0
        switch method.kind {
        case .pbrlValue, .pbrlBellman:
            let pi = Policy.softmax(logits: y, stateCount: mdp.stateCount, actionCount: mdp.actionCount)
            let follower = PolicyEvaluation(mdp: mdp, policy: pi, preconditioner: lastFollower?.system, guess: lastFollower?.values)
            lastFollower = follower
            let penalty = method.kind == .pbrlValue
                ? problem.valuePenalty(x: x, follower: follower, best: innerOracle(mdp))
                : problem.bellmanPenalty(x: x, follower: follower)
            let up = problem.upper.evaluate(x: x, policy: pi, lower: mdp, lowerEvaluation: follower)
            let fy = pi.logitGradient(fromPolicyGradient: up.gradPolicy)
            gx = zip(up.gradX, penalty.gradX).map { $0 + lambda * $1 }
            let gy = zip(fy, penalty.gradY).map { $0 + lambda * $1 }
            gyNorm = euclideanNorm(gy)
            try guardFinite(gy, "y-gradient")
            let stepY = settings.stepY * settings.stepScalingY.stepFactor(current: lambda, target: method.lambda)
            stepFactorX = settings.stepScalingX.stepFactor(current: lambda, target: method.lambda)
            for i in 0..<y.count { y[i] -= stepY * gy[i] }
        case .hypergradient:
            gx = problem.hypergradient(x: x, best: bestResponse(mdp, tolerance: settings.solveTolerance)).gradient
        case .naive:
            gx = problem.naiveGradient(x: x, best: bestResponse(mdp, tolerance: settings.solveTolerance)).gradient
        case .zeroOrder:
            let u = method.smoothing / Double(k + 1)
            let z = (0..<x.count).map { _ in rng.normal() }
            // Both lower-level solves are warm-started from the last best response (the
            // shifted point is within u of x): same values to the solve tolerance, a few
            // policy-iteration steps instead of a cold solve each.
            let base = try warmHyperObjective(at: x, keep: true)
            let shifted = try warmHyperObjective(at: projection.apply(zip(x, z).map { $0 + u * $1 }), keep: false)
            gx = z.map { (shifted - base) / u * $0 }
        }
        try guardFinite(gx, "x-gradient")
        let gxNorm = euclideanNorm(gx)
        var scale = settings.stepX * stepFactorX
        if let c = settings.clipNorm, gxNorm > c { scale *= c / gxNorm }
        x = projection.apply(zip(x, gx).map { $0 - scale * $1 })
        if !method.kind.usesPenalty, let best = lastBest { y = best.logits }
        k += 1
        return (gxNorm, gyNorm)
    }

    /// `F(x)` with the exact best response, warm-started from `lastBest`; `keep` stores the
    /// new best response as the next warm start.
    mutating func warmHyperObjective(at x: [Double], keep: Bool) throws -> Double {
        let mdp = try problem.lower.mdp(at: x)
        let opt = mdp.softOptimum(solver: .policyIteration, tolerance: settings.solveTolerance, warmPolicy: lastBest, warmSystem: lastBestSystem)
        innerIterations += opt.iterations
        let best = PolicyEvaluation(mdp: mdp, optimum: opt)
        if keep { lastBest = opt.policy; lastBestSystem = best.system }
        return problem.upper.value(x: x, policy: opt.policy, lower: mdp, lowerEvaluation: best)
    }

    func guardFinite(_ v: [Double], _ what: String) throws {
        for e in v where !e.isFinite { throw AlgorithmError.nonFinite(iteration: k, quantity: what) }
    }

    /// Metrics at the current `(x, y)`: `F(x)`, `f(x, y)`, `p(x, y)`, `g(x, y)`.
    public func metrics() throws -> (F: Double, f: Double, p: Double, g: Double) {
        let mdp = try problem.lower.mdp(at: x)
        let opt = mdp.softOptimum(solver: .policyIteration, tolerance: settings.solveTolerance, warmPolicy: lastBest, warmSystem: lastBestSystem)
        let best = PolicyEvaluation(mdp: mdp, optimum: opt)
        let follower = method.kind.usesPenalty
            ? PolicyEvaluation(mdp: mdp, policy: Policy.softmax(logits: y, stateCount: mdp.stateCount, actionCount: mdp.actionCount),
                               preconditioner: lastFollower?.system, guess: lastFollower?.values)
            : best
        let pi = follower.policy
        let F = problem.upper.value(x: x, policy: opt.policy, lower: mdp, lowerEvaluation: best)
        let f = problem.upper.value(x: x, policy: pi, lower: mdp, lowerEvaluation: follower)
        let p = problem.valuePenalty(x: x, follower: follower, best: best).value
        let g = problem.bellmanPenalty(x: x, follower: follower).value
        for (v, name) in [(F, "F(x)"), (f, "f(x,y)"), (p, "value penalty"), (g, "Bellman penalty")] where !v.isFinite {
            throw AlgorithmError.nonFinite(iteration: k, quantity: name)
        }
        return (F, f, p, g)
    }

    /// Runs `settings.iterations` outer iterations and records the trajectory. Metrics are
    /// recorded at k = 0 (before any step), every `evaluateEvery` steps, and at the end;
    /// gradient norms are those of the step taken from that iterate (0 at the final point).
    public mutating func run(progress: ((Int) -> Void)? = nil) throws -> Trajectory {
        var t = Trajectory(method: method)
        if settings.keepIterates { t.iterates.append(x); t.followerIterates.append(y) }
        let K = settings.iterations
        for it in 0...K {
            let record = it == K || it % max(1, settings.evaluateEvery) == 0
            var m: (F: Double, f: Double, p: Double, g: Double)? = nil
            if record { m = try metrics() }
            var norms = (gradNormX: 0.0, gradNormY: 0.0)
            if it < K {
                norms = try step()
                if settings.keepIterates { t.iterates.append(x); t.followerIterates.append(y) }
            }
            if let m {
                t.iterations.append(it)
                t.hyperObjective.append(m.F); t.upperObjective.append(m.f)
                t.valuePenalty.append(m.p); t.bellmanPenalty.append(m.g)
                t.lambdas.append(method.kind.usesPenalty ? method.lambda(at: it) : method.lambda)
                t.gradNormX.append(norms.gradNormX); t.gradNormY.append(norms.gradNormY)
            }
            progress?(it)
        }
        t.finalX = x
        t.finalY = y
        t.innerIterations = innerIterations
        return t
    }
}
