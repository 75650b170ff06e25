import BilevelCore
import Environments

/// The standard two-stage RLHF pipeline (docs/math.md 5(d), docs/experiments.md E3), iterated:
///
///     D <- D + N pairs sigma1, sigma2 ~ pi_k from rho, labelled by the oracle
///     x <- x - alpha (grad_x NLL(D; x) + l2 x)      (`fitSteps` full-batch steps, warm start)
///     pi_{k+1} <- soft-optimal policy of M_tau(x)    (exact)
///
/// starting from `x = 0` and the uniform policy.
public struct TwoStageRLHF: Sendable {
    public struct Settings: Sendable, Hashable {
        public var rounds: Int
        public var pairsPerRound: Int
        public var fitSteps: Int
        public var stepX: Double
        public var l2: Double
        public var evaluateEvery: Int
        public init(rounds: Int, pairsPerRound: Int, fitSteps: Int, stepX: Double, l2: Double = 0, evaluateEvery: Int = 1) {
            self.rounds = rounds; self.pairsPerRound = pairsPerRound; self.fitSteps = fitSteps
            self.stepX = stepX; self.l2 = l2; self.evaluateEvery = evaluateEvery
        }
    }

    public let task: RLHFTask
    public let settings: Settings

    public init(task: RLHFTask, settings: Settings) { self.task = task; self.settings = settings }

    public func run(rng: inout SeededGenerator) throws -> RLHFCurve {
        let n = task.stateCount, m = task.actionCount
        let model = task.rewardModel
        let likelihood = task.likelihood
        let s = settings
        var x = [Double](repeating: 0, count: model.parameterCount)
        var policy = Policy.uniform(stateCount: n, actionCount: m)
        var data = PreferenceDataset(rewardModel: model, actionCount: m)
        var curve = RLHFCurve()
        for k in 0..<s.rounds {
            let pairs = task.oracle.query(count: s.pairsPerRound, mdp: task.trueMDP, policy: policy,
                                          length: task.segmentLength, rng: &rng)
            data.append(pairs)
            for _ in 0..<s.fitSteps {
                var g = data.gradient(at: x)
                for i in g.indices { g[i] += s.l2 * x[i] }
                try checkFinite(g, "reward-fit gradient", k)
                for i in x.indices { x[i] -= s.stepX * g[i] }
            }
            policy = try model.mdp(at: x).softOptimum(tolerance: 1e-10, maxIterations: 500, warmPolicy: policy).policy
            if (k + 1) % s.evaluateEvery == 0 || k == s.rounds - 1 {
                try curve.record(task: task, queries: (k + 1) * s.pairsPerRound, policy: policy,
                                 modelOptimal: policy, x: x, penalty: 0, loss: likelihood.meanLoss(pairs, x: x))
            }
        }
        curve.finalX = x
        return curve
    }
}
