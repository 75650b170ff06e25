import Neural

/// The policy and value networks of A2C: two MLPs on the flattened observation, as
/// stable-baselines3's `MlpPolicy` with `net_arch=dict(pi=hidden, vf=hidden)` builds them
/// (separate networks; orthogonal initialization with gain sqrt(2) on hidden layers, 0.01 on
/// the policy head, 1 on the value head; zero biases).
public struct ActorCritic: Sendable, Equatable {
    public var policy: MLP
    public var value: MLP

    public init<G: RandomNumberGenerator>(observationCount: Int, actionCount: Int, hidden: [Int], activation: Activation, rng: inout G) {
        policy = MLP(sizes: [observationCount] + hidden + [actionCount], activation: activation)
        value = MLP(sizes: [observationCount] + hidden + [1], activation: activation)
        let g = 2.0.squareRoot()
        policy.initialize(hidden: .orthogonal(gain: g), output: .orthogonal(gain: 0.01), rng: &rng)
        value.initialize(hidden: .orthogonal(gain: g), output: .orthogonal(gain: 1), rng: &rng)
    }

    public var actionCount: Int { policy.outputCount }

    /// Row-wise log pi(. | o) for a batch of observations.
    public func logProbabilities(_ observations: [Double], batch: Int) -> [Double] {
        Softmax.logSoftmax(policy(observations, batch: batch), columns: actionCount)
    }
}
