import BilevelCore
import Foundation
import Lab

/// A user's bilevel problem from an instance file (YAML or JSON; docs/adding-an-experiment.md,
/// "Solving your own instance"):
///
///     states: 3
///     actions: 2
///     transitions: [[[1, 0, 0], [0, 1, 0]], ...]   # P[s][a][s'], each row sums to 1
///     rewards: [[0, 1], [1, 0], [0.5, 0.5]]         # r[s][a]: the leader sets the reward, r_x = x, from x0 = rewards
///     # or, instead of rewards:
///     # features: [[[1, 0], [0, 1]], ...]           # phi[s][a] (d features): r_x = phi x
///     # x0: [0, 0]                                  # the start (default zeros)
///     gamma: 0.9
///     tau: 0.5
///     rho: [0.5, 0.25, 0.25]                        # start distribution (default uniform)
///     upper_reward: [[1, 0], [0, 0], [0, 1]]        # r_U[s][a]: f(x, pi) = -V_U^pi(rho) + (regularization/2)|x|^2
///     regularization: 0.1                           # default 0
///     name: my problem                              # default: the file's name
///
/// Every field is checked with one line naming it: shapes, finite numbers, probabilities that
/// are >= 0 and sum to one (within 1e-9), unknown keys.
struct SolveInstance: Sendable {
    var name: String
    var states: Int
    var actions: Int
    var transitions: [Double]
    /// `nil` for tabular rewards (r_x = x); else phi, `states * actions * featureCount`.
    var features: [Double]?
    var featureCount: Int
    var x0: [Double]
    var gamma: Double
    var tau: Double
    var rho: [Double]
    var upperReward: [Double]
    var regularization: Double

    static let sumTolerance = 1e-9

    static func read(_ c: ConfigReader, defaultName: String) throws -> SolveInstance {
        let name = try c.string("name", default: defaultName)
        let n = try c.int("states", min: 1, max: 100_000)
        let m = try c.int("actions", min: 1, max: 10_000)
        let P = try c.array("transitions", shape: [n, m, n], names: ["the number of states", "the number of actions", "the number of states"]).values
        for s in 0..<n {
            for a in 0..<m {
                let row = P[((s * m + a) * n)..<((s * m + a + 1) * n)]
                if let t = row.firstIndex(where: { $0 < 0 }) {
                    throw c.invalid("transitions", "= \(row[t]) is a negative probability", index: "[\(s)][\(a)][\(t - (s * m + a) * n)]")
                }
                let sum = row.reduce(0, +)
                if abs(sum - 1) > sumTolerance {
                    throw c.invalid("transitions", "sums to \(sum); each row P[s][a] must sum to 1 (within \(sumTolerance))", index: "[\(s)][\(a)]")
                }
            }
        }
        var features: [Double]? = nil
        var d = n * m
        let x0: [Double]
        switch (c.has("rewards"), c.has("features")) {
        case (true, false):
            x0 = try c.array("rewards", shape: [n, m], names: ["the number of states", "the number of actions"]).values
        case (false, true):
            let read = try c.array("features", shape: [n, m, -1], names: ["the number of states", "the number of actions", "the number of features"])
            features = read.values
            d = read.shape[2]
            x0 = try c.doubles("x0", default: [Double](repeating: 0, count: d))
            guard x0.count == d else { throw c.invalid("x0", "has \(x0.count) entries, expected \(d) (the number of features)") }
        case (true, true):
            throw c.invalid("features", "and 'rewards' are both given; give one: rewards r[s][a] (r_x = x) or features phi[s][a] (r_x = phi x)")
        case (false, false):
            throw c.invalid("rewards", "is missing: give rewards r[s][a] (the leader sets r_x = x, starting there) or features phi[s][a] (r_x = phi x)")
        }
        let gamma = try c.double("gamma", in: 0..<1)
        let tau = try c.double("tau", in: .positive)
        let rho = try c.doubles("rho", default: [Double](repeating: 1 / Double(n), count: n), in: .nonNegative)
        guard rho.count == n else { throw c.invalid("rho", "has \(rho.count) entries, expected \(n) (the number of states)") }
        let total = rho.reduce(0, +)
        guard abs(total - 1) <= sumTolerance else {
            throw c.invalid("rho", "sums to \(total); the start distribution must sum to 1 (within \(sumTolerance))")
        }
        let upper = try c.array("upper_reward", shape: [n, m], names: ["the number of states", "the number of actions"]).values
        let regularization = try c.double("regularization", default: 0, in: .nonNegative)
        try c.finish()
        return SolveInstance(name: name, states: n, actions: m, transitions: P, features: features, featureCount: d,
                             x0: x0, gamma: gamma, tau: tau, rho: rho, upperReward: upper, regularization: regularization)
    }

    /// `min_x F(x) = f(x, pi*_x)` with `f = -V_U^pi(rho) + (regularization/2)|x|^2` on the
    /// lower level `M_tau(x)` (tabular `r_x = x`, or `r_x = phi x`).
    func problem() throws -> BilevelProblem {
        let base = try TabularMDP(stateCount: states, actionCount: actions, transitions: transitions,
                                  rewards: features == nil ? x0 : [Double](repeating: 0, count: states * actions),
                                  gamma: gamma, tau: tau, initialDistribution: rho)
        let lower: any ParametricMDP
        if let features {
            lower = LinearRewardMDP(base: base, features: features, featureCount: featureCount)
        } else {
            lower = TabularRewardMDP(base: base)
        }
        let upper = NegativeUpperValue(reward: FixedReward(upperReward, parameterCount: featureCount), dynamics: lower,
                                       regularization: regularization)
        return BilevelProblem(lower: lower, upper: upper)
    }

    var description: String {
        "\(name): n = \(states) states, m = \(actions) actions, "
            + (features == nil ? "r_x = x (dim x = \(featureCount))" : "r_x = Φx (\(featureCount) features)")
            + ", γ = \(gamma), τ = \(tau), f = −V_U" + (regularization > 0 ? " + \(regularization)/2·|x|²" : "")
    }
}
