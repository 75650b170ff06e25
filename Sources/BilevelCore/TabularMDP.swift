/// An entropy-regularized tabular MDP `M_tau` (docs/math.md section 1).
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
    /// `P` in compressed sparse rows (the storage every kernel iterates over), shared by the
    /// MDPs derived with `with(...)` together with their memo of LU factorizations.
    public let sparseTransitions: SparseTransitions

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
        try Self.validateInitialDistribution(rho)
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
        self.sparseTransitions = SparseTransitions(dense: transitions, stateCount: n, actionCount: m)
    }

    /// `rho` is a distribution: entries finite in [0, 1], summing to 1 within `rowSumTolerance`
    /// (its length is checked by the callers, which name the expected shape).
    static func validateInitialDistribution(_ rho: [Double]) throws {
        var rhoSum = 0.0
        for s in 0..<rho.count {
            guard rho[s].isFinite, rho[s] >= 0, rho[s] <= 1 else {
                throw MDPError.initialDistributionEntry(state: s, value: rho[s])
            }
            rhoSum += rho[s]
        }
        guard abs(rhoSum - 1) <= rowSumTolerance else { throw MDPError.initialDistributionSum(rhoSum) }
    }

    /// A copy with new rewards / initial distribution / temperature, validating only those:
    /// the dynamics (already validated) and their sparse storage are shared, not rebuilt.
    private init(_ base: TabularMDP, rewards: [Double]? = nil, initialDistribution rho: [Double]? = nil, tau: Double? = nil) throws {
        let n = base.stateCount, m = base.actionCount
        if let r = rewards {
            guard r.count == n * m else {
                throw MDPError.shape("rewards has \(r.count) entries, expected n*m = \(n * m)")
            }
            for i in 0..<(n * m) where !r[i].isFinite {
                throw MDPError.reward(state: i / m, action: i % m, value: r[i])
            }
        }
        if let rho {
            guard rho.count == n else {
                throw MDPError.shape("initial distribution has \(rho.count) entries, expected n = \(n)")
            }
            try Self.validateInitialDistribution(rho)
        }
        if let tau { guard tau.isFinite, tau > 0 else { throw MDPError.tau(tau) } }
        self.stateCount = n
        self.actionCount = m
        self.transitions = base.transitions
        self.rewards = rewards ?? base.rewards
        self.gamma = base.gamma
        self.tau = tau ?? base.tau
        self.initialDistribution = rho ?? base.initialDistribution
        self.terminal = base.terminal
        self.continuation = base.continuation
        self.successors = base.successors
        self.sparseTransitions = base.sparseTransitions
    }

    /// The same MDP with another reward table (validated) — e.g. a leader's reward on the
    /// follower's dynamics.
    public func with(rewards newRewards: [Double]) throws -> TabularMDP {
        try TabularMDP(self, rewards: newRewards)
    }

    /// The same MDP with another initial distribution (validated).
    public func with(initialDistribution newRho: [Double]) throws -> TabularMDP {
        try TabularMDP(self, initialDistribution: newRho)
    }

    /// The same MDP with another temperature (validated).
    public func with(tau newTau: Double) throws -> TabularMDP {
        try TabularMDP(self, tau: newTau)
    }

    @inlinable public func p(_ s: Int, _ a: Int, _ t: Int) -> Double {
        transitions[(s * actionCount + a) * stateCount + t]
    }

    @inlinable public func r(_ s: Int, _ a: Int) -> Double { rewards[s * actionCount + a] }

    /// `(P v)[s, a] = sum_s' P(s'|s,a) v(s')`, using the sparse rows.
    public func expectation(of v: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: stateCount * actionCount)
        expectation(of: v, into: &out)
        return out
    }

    /// `out[s, a] = (P v)[s, a]` without allocating.
    public func expectation(of v: [Double], into out: inout [Double]) {
        precondition(v.count == stateCount && out.count == stateCount * actionCount)
        let sp = sparseTransitions
        sp.rowStart.withUnsafeBufferPointer { start in
            sp.column.withUnsafeBufferPointer { col in
                sp.probability.withUnsafeBufferPointer { prob in
                    v.withUnsafeBufferPointer { v in
                        out.withUnsafeMutableBufferPointer { out in
                            for sa in 0..<out.count {
                                var acc = 0.0
                                for k in start[sa]..<start[sa + 1] { acc += prob[k] * v[col[k]] }
                                out[sa] = acc
                            }
                        }
                    }
                }
            }
        }
    }

    /// `Q[s, a] = r(s, a) + c(s) (P v)[s, a]` with `c(s)` the continuation factor.
    public func qValues(from v: [Double]) -> [Double] {
        var q = [Double](repeating: 0, count: stateCount * actionCount)
        qValues(from: v, into: &q)
        return q
    }

    /// `q = r + C P v` without allocating.
    public func qValues(from v: [Double], into q: inout [Double]) {
        expectation(of: v, into: &q)
        let m = actionCount
        rewards.withUnsafeBufferPointer { r in
            continuation.withUnsafeBufferPointer { c in
                q.withUnsafeMutableBufferPointer { q in
                    for s in 0..<stateCount {
                        let cs = c[s]
                        for a in 0..<m { q[s * m + a] = r[s * m + a] + cs * q[s * m + a] }
                    }
                }
            }
        }
    }

    /// `mu(s') = sum_{s,a} weight[s,a] c(s) P(s'|s,a)`: pushes a state-action weight table one
    /// step forward (with the continuation factor). Adjoint of `qValues` in its `v` argument.
    public func pushForward(_ weight: [Double]) -> [Double] {
        let n = stateCount, m = actionCount
        precondition(weight.count == n * m)
        var mu = [Double](repeating: 0, count: n)
        let sp = sparseTransitions
        sp.rowStart.withUnsafeBufferPointer { start in
            sp.column.withUnsafeBufferPointer { col in
                sp.probability.withUnsafeBufferPointer { prob in
                    weight.withUnsafeBufferPointer { weight in
                        mu.withUnsafeMutableBufferPointer { mu in
                            for s in 0..<n {
                                let c = continuation[s]
                                if c == 0 { continue }
                                for a in 0..<m {
                                    let sa = s * m + a
                                    let w = weight[sa] * c
                                    if w == 0 { continue }
                                    for k in start[sa]..<start[sa + 1] { mu[col[k]] += w * prob[k] }
                                }
                            }
                        }
                    }
                }
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
