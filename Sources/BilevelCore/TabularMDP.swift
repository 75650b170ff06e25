/// An entropy-regularized tabular MDP `M_tau` (math.md section 1).
///
/// States `0..<n`, actions `0..<m`. Storage is dense and row-major:
/// `transitions[(s * m + a) * n + s']` is `P(s' | s, a)` and `rewards[s * m + a]` is `r(s, a)`.
/// A *terminal* state is absorbing with zero continuation: the term `gamma P V` vanishes there,
/// so a reward earned at a terminal state is collected once. Internally this is the per-state
/// continuation factor `continuation[s] = terminal[s] ? 0 : gamma`, which every formula uses in
/// place of `gamma`.
///
/// Validation (in `init`): shapes; every transition probability finite and in [0, 1]; every
/// row summing to 1 within 1e-9; `gamma` in [0, 1); `tau > 0` and finite; `rho` a distribution
/// (entries in [0, 1], sum 1 within 1e-9); rewards finite. A violation throws `MDPError`
/// naming the offending entry.
public struct TabularMDP: Sendable {
    public let stateCount: Int
    public let actionCount: Int
    public let transitions: [Double]
    public let rewards: [Double]
    public let gamma: Double
    public let tau: Double
    public let initialDistribution: [Double]
    public let terminal: [Bool]
    /// `terminal[s] ? 0 : gamma`.
    public let continuation: [Double]
    /// For each (s, a), the successor states with nonzero probability (sparse view of P).
    public let successors: [[Int]]

    /// Row-sum tolerance used by validation.
    public static let rowSumTolerance = 1e-9

    public init(
        stateCount n: Int, actionCount m: Int,
        transitions: [Double], rewards: [Double],
        gamma: Double, tau: Double,
        initialDistribution rho: [Double],
        terminal: [Bool]? = nil
    ) throws {
        guard n >= 1 else { throw MDPError.shape("stateCount must be >= 1, got \(n)") }
        guard m >= 1 else { throw MDPError.shape("actionCount must be >= 1, got \(m)") }
        guard transitions.count == n * m * n else {
            throw MDPError.shape("transitions has \(transitions.count) entries, expected n*m*n = \(n * m * n)")
        }
        guard rewards.count == n * m else {
            throw MDPError.shape("rewards has \(rewards.count) entries, expected n*m = \(n * m)")
        }
        guard rho.count == n else {
            throw MDPError.shape("initial distribution has \(rho.count) entries, expected n = \(n)")
        }
        let term = terminal ?? [Bool](repeating: false, count: n)
        guard term.count == n else {
            throw MDPError.shape("terminal has \(term.count) entries, expected n = \(n)")
        }
        guard gamma.isFinite, gamma >= 0, gamma < 1 else { throw MDPError.gamma(gamma) }
        guard tau.isFinite, tau > 0 else { throw MDPError.tau(tau) }
        var succ = [[Int]]()
        succ.reserveCapacity(n * m)
        for s in 0..<n {
            for a in 0..<m {
                var sum = 0.0
                var list = [Int]()
                let base = (s * m + a) * n
                for t in 0..<n {
                    let p = transitions[base + t]
                    guard p.isFinite, p >= 0, p <= 1 else {
                        throw MDPError.transitionEntry(state: s, action: a, next: t, value: p)
                    }
                    sum += p
                    if p != 0 { list.append(t) }
                }
                guard abs(sum - 1) <= Self.rowSumTolerance else {
                    throw MDPError.transitionRowSum(state: s, action: a, sum: sum)
                }
                succ.append(list)
                let r = rewards[s * m + a]
                guard r.isFinite else { throw MDPError.reward(state: s, action: a, value: r) }
            }
        }
        var rhoSum = 0.0
        for s in 0..<n {
            guard rho[s].isFinite, rho[s] >= 0, rho[s] <= 1 else {
                throw MDPError.initialDistributionEntry(state: s, value: rho[s])
            }
            rhoSum += rho[s]
        }
        guard abs(rhoSum - 1) <= Self.rowSumTolerance else { throw MDPError.initialDistributionSum(rhoSum) }
        self.stateCount = n
        self.actionCount = m
        self.transitions = transitions
        self.rewards = rewards
        self.gamma = gamma
        self.tau = tau
        self.initialDistribution = rho
        self.terminal = term
        self.continuation = term.map { $0 ? 0 : gamma }
        self.successors = succ
    }

    /// The same MDP with another reward table (validated) — e.g. a leader's reward on the
    /// follower's dynamics.
    public func with(rewards newRewards: [Double]) throws -> TabularMDP {
        try TabularMDP(stateCount: stateCount, actionCount: actionCount, transitions: transitions,
                       rewards: newRewards, gamma: gamma, tau: tau,
                       initialDistribution: initialDistribution, terminal: terminal)
    }

    /// The same MDP with another initial distribution (validated).
    public func with(initialDistribution newRho: [Double]) throws -> TabularMDP {
        try TabularMDP(stateCount: stateCount, actionCount: actionCount, transitions: transitions,
                       rewards: rewards, gamma: gamma, tau: tau,
                       initialDistribution: newRho, terminal: terminal)
    }

    /// The same MDP with another temperature (validated).
    public func with(tau newTau: Double) throws -> TabularMDP {
        try TabularMDP(stateCount: stateCount, actionCount: actionCount, transitions: transitions,
                       rewards: rewards, gamma: gamma, tau: newTau,
                       initialDistribution: initialDistribution, terminal: terminal)
    }

    @inlinable public func p(_ s: Int, _ a: Int, _ t: Int) -> Double {
        transitions[(s * actionCount + a) * stateCount + t]
    }

    @inlinable public func r(_ s: Int, _ a: Int) -> Double { rewards[s * actionCount + a] }

    /// `(P v)[s, a] = sum_s' P(s'|s,a) v(s')`, using the sparse successor lists.
    public func expectation(of v: [Double]) -> [Double] {
        let n = stateCount, m = actionCount
        var out = [Double](repeating: 0, count: n * m)
        for sa in 0..<(n * m) {
            let base = sa * n
            var acc = 0.0
            for t in successors[sa] { acc += transitions[base + t] * v[t] }
            out[sa] = acc
        }
        return out
    }

    /// `Q[s, a] = r(s, a) + c(s) (P v)[s, a]` with `c(s)` the continuation factor.
    public func qValues(from v: [Double]) -> [Double] {
        let pv = expectation(of: v)
        var q = rewards
        for s in 0..<stateCount {
            let c = continuation[s]
            for a in 0..<actionCount { q[s * actionCount + a] += c * pv[s * actionCount + a] }
        }
        return q
    }

    /// `mu(s') = sum_{s,a} weight[s,a] c(s) P(s'|s,a)`: pushes a state-action weight table one
    /// step forward (with the continuation factor). Adjoint of `qValues` in its `v` argument.
    public func pushForward(_ weight: [Double]) -> [Double] {
        let n = stateCount, m = actionCount
        var mu = [Double](repeating: 0, count: n)
        for s in 0..<n {
            let c = continuation[s]
            if c == 0 { continue }
            for a in 0..<m {
                let w = weight[s * m + a] * c
                if w == 0 { continue }
                let base = (s * m + a) * n
                for t in successors[s * m + a] { mu[t] += w * transitions[base + t] }
            }
        }
        return mu
    }
}

/// Invalid MDP input. The description is one line naming the offending entry.
public enum MDPError: Error, CustomStringConvertible, Equatable {
    case shape(String)
    case gamma(Double)
    case tau(Double)
    case transitionEntry(state: Int, action: Int, next: Int, value: Double)
    case transitionRowSum(state: Int, action: Int, sum: Double)
    case reward(state: Int, action: Int, value: Double)
    case initialDistributionEntry(state: Int, value: Double)
    case initialDistributionSum(Double)
    case policy(String)

    public var description: String {
        switch self {
        case .shape(let s): return "invalid MDP shape: \(s)"
        case .gamma(let g): return "invalid gamma \(g): must be in [0, 1)"
        case .tau(let t): return "invalid tau \(t): must be finite and > 0"
        case let .transitionEntry(s, a, t, v):
            return "invalid transition P[s=\(s), a=\(a), s'=\(t)] = \(v): must be a finite probability in [0, 1]"
        case let .transitionRowSum(s, a, sum):
            return "transition row P[s=\(s), a=\(a), :] sums to \(sum), must sum to 1 within \(TabularMDP.rowSumTolerance)"
        case let .reward(s, a, v): return "invalid reward r[s=\(s), a=\(a)] = \(v): must be finite"
        case let .initialDistributionEntry(s, v):
            return "invalid initial distribution rho[\(s)] = \(v): must be in [0, 1]"
        case .initialDistributionSum(let sum):
            return "initial distribution rho sums to \(sum), must sum to 1 within \(TabularMDP.rowSumTolerance)"
        case .policy(let s): return "invalid policy: \(s)"
        }
    }
}
