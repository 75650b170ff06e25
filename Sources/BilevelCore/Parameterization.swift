/// The lower-level MDP as a differentiable function of the leader's variable: `x -> M_tau(x)`.
///
/// Every x-gradient in docs/math.md section 4 is a contraction of the Jacobian of `(r_x, P_x)` with
/// an `n x m` weight table (the adjoint form), so a parameterization provides exactly that
/// vector-Jacobian product and never a dense Jacobian:
///
///     pullback(x, Wr, Wp, v) = sum_{s,a} Wr[s,a] dr_x[s,a]/dx
///                            + sum_{s,a} Wp[s,a] sum_s' dP_x[s,a,s']/dx v[s'].
///
/// Callers pass `Wp` already multiplied by the continuation factor `c(s)`.
public protocol ParametricMDP: Sendable {
    /// `dim(x)`.
    var parameterCount: Int { get }
    /// The MDP `M_tau(x)` (validated).
    func mdp(at x: [Double]) throws -> TabularMDP
    /// The vector-Jacobian product above; returns a vector of length `parameterCount`.
    func pullback(at x: [Double], rewardWeights: [Double], transitionWeights: [Double], values: [Double]) -> [Double]
}

/// A reward table as a differentiable function of `x` (e.g. a leader's or designer's reward).
public protocol ParametricReward: Sendable {
    var parameterCount: Int { get }
    /// `r(x)` as an `n * m` table.
    func reward(at x: [Double]) -> [Double]
    /// `sum_{s,a} W[s,a] dr(x)[s,a]/dx`.
    func pullback(at x: [Double], weights: [Double]) -> [Double]
}

/// `r_x = base + Phi x` with fixed transitions: the linear reward model (tabular when
/// `Phi = I`, the RLHF reward model and the E5 feature model).
public struct LinearRewardMDP: ParametricMDP, ParametricReward {
    public let base: TabularMDP
    /// Row-major `(n*m) x d` feature matrix; `nil` for the tabular model (`Phi = I`), which
    /// is then applied in O(n m) without materializing the identity.
    let storedFeatures: [Double]?
    public let parameterCount: Int
    public let baseReward: [Double]

    /// - Parameters:
    ///   - base: supplies `P`, `gamma`, `tau`, `rho`, terminal states; its rewards are ignored.
    ///   - features: `(n*m) x d`, row-major; `nil` means tabular (`Phi = I`, `d = n*m`).
    ///   - offset: a fixed reward added to `Phi x` (default zero).
    public init(base: TabularMDP, features: [Double]? = nil, featureCount: Int? = nil, offset: [Double]? = nil) {
        let nm = base.stateCount * base.actionCount
        self.base = base
        if let f = features {
            let d = featureCount ?? f.count / nm
            precondition(f.count == nm * d, "features must be (n*m) x d")
            self.storedFeatures = f
            self.parameterCount = d
        } else {
            self.storedFeatures = nil
            self.parameterCount = nm
        }
        self.baseReward = offset ?? [Double](repeating: 0, count: nm)
    }

    /// The feature matrix `Phi`, row-major `(n*m) x d` (the identity for the tabular model).
    public var features: [Double] {
        if let f = storedFeatures { return f }
        let nm = parameterCount
        var eye = [Double](repeating: 0, count: nm * nm)
        for i in 0..<nm { eye[i * nm + i] = 1 }
        return eye
    }

    public func reward(at x: [Double]) -> [Double] {
        let nm = base.stateCount * base.actionCount, d = parameterCount
        var r = baseReward
        guard let features = storedFeatures else {
            for i in 0..<nm { r[i] += x[i] }
            return r
        }
        for i in 0..<nm {
            var acc = 0.0
            for k in 0..<d { acc += features[i * d + k] * x[k] }
            r[i] += acc
        }
        return r
    }

    public func mdp(at x: [Double]) throws -> TabularMDP { try base.with(rewards: reward(at: x)) }

    public func pullback(at x: [Double], weights: [Double]) -> [Double] {
        let nm = base.stateCount * base.actionCount, d = parameterCount
        guard let features = storedFeatures else { return weights }
        var g = [Double](repeating: 0, count: d)
        for i in 0..<nm {
            let w = weights[i]
            if w == 0 { continue }
            for k in 0..<d { g[k] += w * features[i * d + k] }
        }
        return g
    }

    public func pullback(at x: [Double], rewardWeights: [Double], transitionWeights: [Double], values: [Double]) -> [Double] {
        pullback(at: x, weights: rewardWeights)
    }
}

/// A reward that does not depend on `x`.
public struct FixedReward: ParametricReward {
    public let table: [Double]
    public let parameterCount: Int
    public init(_ table: [Double], parameterCount: Int) { self.table = table; self.parameterCount = parameterCount }
    public func reward(at x: [Double]) -> [Double] { table }
    public func pullback(at x: [Double], weights: [Double]) -> [Double] { [Double](repeating: 0, count: parameterCount) }
}
