/// `r_x = offset + x` with fixed transitions: the tabular reward model (`dim(x) = n m`).
///
/// The same map as `LinearRewardMDP` with `Phi = I`, in O(n m) per reward and per pullback
/// instead of O((n m)^2) through an identity matrix:
/// `pullback(x, Wr, Wp, v) = Wr` (the transitions do not depend on `x`).
public struct TabularRewardMDP: ParametricMDP, ParametricReward {
    public let base: TabularMDP
    public let offset: [Double]

    /// - Parameters:
    ///   - base: supplies `P`, `gamma`, `tau`, `rho`, terminal states; its rewards are ignored.
    ///   - offset: a fixed reward added to `x` (default zero).
    public init(base: TabularMDP, offset: [Double]? = nil) {
        let nm = base.stateCount * base.actionCount
        precondition(offset == nil || offset!.count == nm, "offset must have n*m = \(nm) entries")
        self.base = base
        self.offset = offset ?? [Double](repeating: 0, count: nm)
    }

    public var parameterCount: Int { base.stateCount * base.actionCount }

    public func reward(at x: [Double]) -> [Double] {
        precondition(x.count == parameterCount, "x has \(x.count) entries, expected n*m = \(parameterCount)")
        var r = offset
        for i in 0..<r.count { r[i] += x[i] }
        return r
    }

    public func mdp(at x: [Double]) throws -> TabularMDP { try base.with(rewards: reward(at: x)) }

    public func pullback(at x: [Double], weights: [Double]) -> [Double] { weights }

    public func pullback(at x: [Double], rewardWeights: [Double], transitionWeights: [Double], values: [Double]) -> [Double] {
        rewardWeights
    }
}
