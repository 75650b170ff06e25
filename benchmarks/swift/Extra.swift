import BilevelCore
import Environments

/// Instances beyond the Garnet sizes: the Four Rooms MDP of experiment E2 (the two goal
/// contexts as one 208-state MDP, goals terminal, gamma = 0.99, tau = 0.005; see
/// Sources/Environments/FourRoomsIncentive.swift), with a tabular reward `r_x = x` started at
/// the follower's reward without incentives and the designer's reward (c = 1) as `r_U`.
func extraInstances() throws -> [BenchInstance] {
    let env = try FourRoomsIncentive(tau: 0.005)
    let w0 = [Double](repeating: 0, count: env.parameterCount)
    let mdp = try env.mdp(at: w0)
    let nm = mdp.stateCount * mdp.actionCount
    let rU = env.designerReward(cost: 1).reward(at: w0)
    let regularization = 0.01
    let lower = TabularRewardMDP(base: mdp)
    let upper = NegativeUpperValue(reward: FixedReward(rU, parameterCount: nm), dynamics: lower,
                                   regularization: regularization)
    return [BenchInstance(name: "four-rooms", problem: BilevelProblem(lower: lower, upper: upper), mdp: mdp,
                          x0: mdp.rewards, y0: [Double](repeating: 0, count: nm), upperReward: rU,
                          regularization: regularization)]
}
