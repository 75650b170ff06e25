import BilevelCore
import Environments
import Algorithms

/// One benchmark instance: a bilevel problem with tabular reward `r_x = x` on some dynamics,
/// its start point and the method settings every step kernel uses. Serialized (sparse `P`)
/// so that the NumPy reference runs the same numbers.
struct BenchInstance {
    var name: String
    var problem: BilevelProblem
    var mdp: TabularMDP
    var x0: [Double]
    var y0: [Double]
    var upperReward: [Double]
    var regularization: Double
    var lambda = 10.0
    var tolerance = 1e-10
    /// Optimizer steps taken before timing one step (the inner oracle is then warm-started
    /// as in a real run).
    var warmupSteps = 3
    var stepX: Double { 0.1 / lambda }
    var stepY: Double { 2 / lambda }

    static func garnet(states n: Int, seed: UInt64 = 1) throws -> BenchInstance {
        let g = try GarnetBilevel(states: n, seed: seed)
        return BenchInstance(name: "garnet", problem: g.problem, mdp: g.mdp, x0: g.x0, y0: g.y0,
                             upperReward: g.upperReward, regularization: g.regularization)
    }

    var description: InstanceFile {
        let n = mdp.stateCount, m = mdp.actionCount
        var rows: [[Int]] = [], probs: [[Double]] = []
        for sa in 0..<(n * m) {
            rows.append(mdp.successors[sa])
            probs.append(mdp.successors[sa].map { mdp.transitions[sa * n + $0] })
        }
        return InstanceFile(name: name, n: n, m: m, gamma: mdp.gamma, tau: mdp.tau, rho: mdp.initialDistribution,
                            continuation: mdp.continuation, successors: rows, probabilities: probs,
                            x0: x0, y0: y0, upperReward: upperReward, regularization: regularization,
                            lambda: lambda, stepX: stepX, stepY: stepY, tolerance: tolerance, warmupSteps: warmupSteps)
    }
}

struct InstanceFile: Codable {
    var name: String
    var n: Int, m: Int
    var gamma: Double, tau: Double
    var rho: [Double]
    var continuation: [Double]
    /// For each (s, a) in row-major order, the successor states and their probabilities.
    var successors: [[Int]]
    var probabilities: [[Double]]
    var x0: [Double], y0: [Double], upperReward: [Double]
    var regularization: Double
    var lambda: Double, stepX: Double, stepY: Double, tolerance: Double
    var warmupSteps: Int
}
