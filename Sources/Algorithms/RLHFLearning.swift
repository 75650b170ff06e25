import BilevelCore
import Environments

/// What an RLHF learner sees and how it is scored (shared by `PBRLForRLHF` and `TwoStageRLHF`).
///
/// - `rewardModel`: the lower level `x -> M_tau(x)` with `r_x = Phi x` on the true dynamics.
/// - `trueMDP`: the same dynamics with the hidden true reward; used only by the oracle (to label)
///   and by the metrics (never by a learner's update).
/// - Metrics: the true **unregularized** return `V^pi_{r_true}(rho)` (`tau = 0`, discounted by
///   `gamma`), and the held-out preference accuracy of `r_x`.
public struct RLHFTask: Sendable {
    public let rewardModel: LinearRewardMDP
    public let trueMDP: TabularMDP
    public let oracle: PreferenceOracle
    public let heldOut: HeldOutPreferences
    public let segmentLength: Int

    public init(rewardModel: LinearRewardMDP, trueMDP: TabularMDP, oracle: PreferenceOracle,
                heldOut: HeldOutPreferences, segmentLength: Int) {
        self.rewardModel = rewardModel; self.trueMDP = trueMDP; self.oracle = oracle
        self.heldOut = heldOut; self.segmentLength = segmentLength
    }

    public var stateCount: Int { trueMDP.stateCount }
    public var actionCount: Int { trueMDP.actionCount }
    public var likelihood: PreferenceLikelihood {
        PreferenceLikelihood(rewardModel: rewardModel, actionCount: actionCount)
    }

    /// `V^pi_{r_true}(rho)` with `tau = 0`.
    public func trueReturn(_ policy: Policy) -> Double {
        PolicyEvaluation(mdp: trueMDP, policy: policy, tau: 0).initialValue
    }

    /// The reference line: the unregularized true return of the soft-optimal policy of the
    /// true reward at the follower's temperature.
    public var oracleReturn: Double { trueReturn(trueMDP.softOptimum().policy) }
}

/// The learning curve of one RLHF run, indexed by evaluation point.
public struct RLHFCurve: Sendable {
    /// Cumulative preference queries (pairs labelled) at the evaluation point.
    public var queries: [Int] = []
    /// True unregularized return of the learner's policy (PBRL: `pi_y`; two-stage: `pi*_x`).
    public var trueReturn: [Double] = []
    /// True return of the soft-optimal policy of the current reward model, `pi*_{x}`.
    public var modelOptimalReturn: [Double] = []
    /// Held-out preference accuracy of `r_x`.
    public var heldOutAccuracy: [Double] = []
    /// Value penalty `p(x, y) = V*_x(rho) - V^{pi_y}_x(rho)` (0 for two-stage by construction).
    public var valuePenalty: [Double] = []
    /// Mean NLL of the newest batch at the updated `x`.
    public var batchLoss: [Double] = []
    public var finalX: [Double] = []

    mutating func record(task: RLHFTask, queries q: Int, policy: Policy, modelOptimal: Policy,
                         x: [Double], penalty: Double, loss: Double) throws {
        let values = [task.trueReturn(policy), task.trueReturn(modelOptimal),
                      task.heldOut.accuracy(reward: task.rewardModel.reward(at: x)), penalty, loss]
        guard values.allSatisfy({ $0.isFinite }) else {
            throw RLHFError.nonFinite("metrics at \(q) queries: \(values)")
        }
        queries.append(q)
        trueReturn.append(values[0]); modelOptimalReturn.append(values[1])
        heldOutAccuracy.append(values[2]); valuePenalty.append(values[3]); batchLoss.append(values[4])
    }
}

public enum RLHFError: Error, CustomStringConvertible {
    case nonFinite(String)
    public var description: String {
        switch self { case .nonFinite(let s): return "non-finite value in RLHF run: \(s)" }
    }
}

@inlinable func checkFinite(_ v: [Double], _ what: String, _ k: Int) throws {
    for e in v where !e.isFinite { throw RLHFError.nonFinite("\(what) at iteration \(k)") }
}
