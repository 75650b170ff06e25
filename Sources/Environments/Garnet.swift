import BilevelCore

/// Garnet random MDPs (Archibald et al.): each (s, a) has `branching` distinct successors with
/// uniform-random weights normalized to one; rewards U[0, 1]; `rho` uniform unless given.
public enum Garnet {
    /// The transition tensor `P[(s*m+a)*n + s']` of a Garnet MDP.
    public static func transitions(states n: Int, actions m: Int, branching b: Int, rng: inout SeededGenerator) -> [Double] {
        precondition(b >= 1 && b <= n, "branching must be in 1...n")
        var P = [Double](repeating: 0, count: n * m * n)
        for sa in 0..<(n * m) {
            let succ = rng.distinct(b, of: n)
            var w = succ.map { _ in rng.uniform() + 1e-3 }
            let z = w.reduce(0, +)
            w = w.map { $0 / z }
            for (t, p) in zip(succ, w) { P[sa * n + t] = p }
        }
        return P
    }

    /// A Garnet MDP with rewards U[0,1] and uniform `rho`.
    public static func mdp(states n: Int, actions m: Int, branching b: Int, gamma: Double, tau: Double, seed: UInt64) throws -> TabularMDP {
        var rng = SeededGenerator(seed: seed)
        let P = transitions(states: n, actions: m, branching: b, rng: &rng)
        let r = (0..<(n * m)).map { _ in rng.uniform() }
        return try TabularMDP(stateCount: n, actionCount: m, transitions: P, rewards: r, gamma: gamma, tau: tau,
                              initialDistribution: [Double](repeating: 1.0 / Double(n), count: n))
    }
}
