import BilevelCore
import Environments

/// PBRL for RLHF (docs/experiments.md E3): joint gradient descent on
/// `F_lambda(x, y) = f(x, y) + lambda p(x, y)`, with `f` the expected Bradley-Terry NLL of
/// segment pairs drawn from `pi_y` (`ExpectedPreferenceNLL`) and `p` the value penalty in
/// `M_tau(x)`. Each iteration labels `N` new pairs from the current policy and uses only them:
///
///     pairs   <- N pairs sigma1, sigma2 ~ pi_{y_k} from rho, labelled by the oracle
///     pi_hat  <- soft-optimal policy of M_tau(x_k)                (exact; warm-started)
///     gx      = grad_x NLL(pairs; x_k)            + lambda dp/dx  (Danskin)
///     gy      = score-function grad of NLL(pairs) + lambda dp/dy  (= -lambda grad V^{pi_y}_x)
///     x       <- x - alpha (gx + l2 x) ;  y <- y - beta gy
///
/// With `policySteps = T > 1`, the y-step is repeated `T` times at `x_k` on the same pairs (each
/// repetition re-evaluates `pi_y` and its score; the losses are those at `x_k`), so that `y`
/// tracks `y_lambda(x) = argmin_y F_lambda(x, y)` — the regime where `lambda dp/dx` approximates
/// the implicit (hypergradient) term (docs/math.md section 6). `gx` always uses `(x_k, y_k)`.
public struct PBRLForRLHF: Sendable {
    public struct Settings: Sendable, Hashable {
        public var iterations: Int
        public var pairsPerIteration: Int
        public var lambda: Double
        public var stepX: Double
        public var stepY: Double
        /// Weight decay on x (`l2/2 |x|^2` added to the NLL).
        public var l2: Double
        /// y-steps per x-step (1 = the plain joint algorithm). Later steps reuse the batch, their
        /// score-function estimate then being slightly off-policy.
        public var policySteps: Int
        /// Include the upper objective's score-function term in the y-step (true = PBRL as
        /// derived). `false` is an ablation: y follows `lambda dp/dy` only, i.e. ignores that
        /// the preference data's distribution depends on the policy.
        public var scoreFunction: Bool
        public var evaluateEvery: Int
        public init(iterations: Int, pairsPerIteration: Int, lambda: Double, stepX: Double, stepY: Double,
                    l2: Double = 0, policySteps: Int = 1, scoreFunction: Bool = true, evaluateEvery: Int = 1) {
            self.iterations = iterations; self.pairsPerIteration = pairsPerIteration; self.lambda = lambda
            self.stepX = stepX; self.stepY = stepY; self.l2 = l2; self.policySteps = policySteps; self.scoreFunction = scoreFunction
            self.evaluateEvery = evaluateEvery
        }
    }

    public let task: RLHFTask
    public let settings: Settings

    public init(task: RLHFTask, settings: Settings) { self.task = task; self.settings = settings }

    /// Runs from `x = initialX` (default 0) and `y = 0` (uniform policy); queries drawn from `rng`.
    public func run(rng: inout SeededGenerator, initialX: [Double]? = nil) throws -> RLHFCurve {
        let n = task.stateCount, m = task.actionCount
        let model = task.rewardModel
        let problem = BilevelProblem(
            lower: model,
            upper: ExpectedPreferenceNLL(rewardModel: model, oracle: task.oracle, segmentLength: task.segmentLength))
        let likelihood = task.likelihood
        var x = initialX ?? [Double](repeating: 0, count: model.parameterCount)
        precondition(x.count == model.parameterCount, "initialX must have \(model.parameterCount) entries")
        var y = [Double](repeating: 0, count: n * m)
        var warm: Policy? = nil
        var curve = RLHFCurve()
        let s = settings
        for k in 0..<s.iterations {
            let policy = Policy.softmax(logits: y, stateCount: n, actionCount: m)
            let pairs = task.oracle.query(count: s.pairsPerIteration, mdp: task.trueMDP, policy: policy,
                                          length: task.segmentLength, rng: &rng)
            let mdpX = try model.mdp(at: x)
            let best = mdpX.softOptimum(tolerance: 1e-10, maxIterations: 500, warmPolicy: warm).policy
            warm = best
            let penalty = problem.valuePenalty(
                x: x, follower: PolicyEvaluation(mdp: mdpX, policy: policy),
                best: PolicyEvaluation(mdp: mdpX, policy: best))
            var gx = likelihood.gradientX(pairs, x: x)
            for i in gx.indices { gx[i] += s.lambda * penalty.gradX[i] + s.l2 * x[i] }
            try checkFinite(gx, "gx", k)
            let zero = [Double](repeating: 0, count: n * m)
            var gy = s.scoreFunction ? likelihood.scoreFunctionGradient(pairs, x: x, policy: policy) : zero
            for i in gy.indices { gy[i] += s.lambda * penalty.gradY[i] }
            for t in 0..<s.policySteps {
                if t > 0 {
                    let current = Policy.softmax(logits: y, stateCount: n, actionCount: m)
                    let dpdy = PolicyEvaluation(mdp: mdpX, policy: current).logitGradient()
                    gy = s.scoreFunction ? likelihood.scoreFunctionGradient(pairs, x: x, policy: current) : zero
                    for i in gy.indices { gy[i] -= s.lambda * dpdy[i] }
                }
                try checkFinite(gy, "gy", k)
                for i in y.indices { y[i] -= s.stepY * gy[i] }
            }
            for i in x.indices { x[i] -= s.stepX * gx[i] }
            if (k + 1) % s.evaluateEvery == 0 || k == s.iterations - 1 {
                let newPolicy = Policy.softmax(logits: y, stateCount: n, actionCount: m)
                let mdpNew = try model.mdp(at: x)
                let bestNew = mdpNew.softOptimum(tolerance: 1e-10, maxIterations: 500, warmPolicy: warm)
                let p = PolicyEvaluation(mdp: mdpNew, policy: bestNew.policy).initialValue
                    - PolicyEvaluation(mdp: mdpNew, policy: newPolicy).initialValue
                try curve.record(task: task, queries: (k + 1) * s.pairsPerIteration, policy: newPolicy,
                                 modelOptimal: bestNew.policy, x: x, penalty: p,
                                 loss: likelihood.meanLoss(pairs, x: x))
            }
        }
        curve.finalX = x
        return curve
    }
}
