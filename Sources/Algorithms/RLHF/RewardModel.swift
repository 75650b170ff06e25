import Foundation
import Neural

/// The reward model `r_theta(o, a)`: an MLP from the observation to one reward per action, the
/// chosen action's entry read out (math.md section 9; docs/deep-rlhf.md). `r_theta(sigma)` is
/// the sum over a segment's steps.
///
/// Trained on the Bradley-Terry negative log-likelihood of labelled pairs,
/// `NLL = mean over pairs of -(y log sigmoid(d) + (1 - y) log sigmoid(-d))`,
/// `d = r_theta(sigma1) - r_theta(sigma2)`, whose gradient reaches every step of a segment as
/// `(sigmoid(d) - y) / P` (first segment) or its negative (second).
public struct RewardModel: Sendable {
    public var network: MLP
    /// Affine normalization `(r - mean) / std * scale` applied when the policy learner reads the
    /// reward (DRLHF normalizes the reward model's output; docs/deep-rlhf.md).
    public var mean = 0.0, std = 1.0

    public init<G: RandomNumberGenerator>(observationCount: Int, actionCount: Int, hidden: [Int], rng: inout G) {
        network = MLP(sizes: [observationCount] + hidden + [actionCount], activation: .relu)
        network.initialize(hidden: .orthogonal(gain: 2.0.squareRoot()), output: .orthogonal(gain: 1), rng: &rng)
    }

    public var actionCount: Int { network.outputCount }

    /// `r_theta(o_i, a_i)` for a batch of rows.
    public func rewards(_ observations: [Double], actions: [Int]) -> [Double] {
        let out = network(observations, batch: actions.count)
        return actions.enumerated().map { out[$0.offset * actionCount + $0.element] }
    }

    /// The normalized rewards the policy learner sees.
    public func normalizedRewards(_ observations: [Double], actions: [Int], scale: Double) -> [Double] {
        rewards(observations, actions: actions).map { ($0 - mean) / std * scale }
    }

    /// Sets `mean` and `std` to those of `r_theta` over the rows given (std floored at 1e-8).
    public mutating func normalize(observations: [Double], actions: [Int]) {
        let r = rewards(observations, actions: actions)
        let m = r.reduce(0, +) / Double(r.count)
        let v = r.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(r.count)
        mean = m
        std = max(v.squareRoot(), 1e-8)
    }

    /// `r_theta(sigma)` of each segment.
    public func segmentReturns(_ segments: [ObservationSegment]) -> [Double] {
        guard let length = segments.first?.length else { return [] }
        let r = rewards(segments.flatMap(\.observations), actions: segments.flatMap(\.actions))
        return (0..<segments.count).map { s in r[(s * length)..<((s + 1) * length)].reduce(0, +) }
    }

    /// Gradient of `sum_i w_i r_theta(o_i, a_i)` with respect to the parameters.
    public func weightedRewardGradient(_ observations: [Double], actions: [Int], weights: [Double]) -> [Double] {
        let f = network.forward(observations, batch: actions.count)
        var g = [Double](repeating: 0, count: f.output.count)
        for (i, a) in actions.enumerated() { g[i * actionCount + a] = weights[i] }
        return network.backward(f, outputGradient: g).parameters
    }

    /// The mean NLL of `pairs` and its parameter gradient, plus each pair's NLL.
    public func preferenceLoss(_ pairs: [SegmentPreference]) -> (loss: Double, gradient: [Double], perPair: [Double]) {
        let p = pairs.count
        let length = pairs[0].first.length
        let segments = pairs.flatMap { [$0.first, $0.second] }
        let obs = segments.flatMap(\.observations), actions = segments.flatMap(\.actions)
        let f = network.forward(obs, batch: actions.count)
        var g = [Double](repeating: 0, count: f.output.count)
        var total = 0.0
        var perPair = [Double]()
        for (j, pair) in pairs.enumerated() {
            var s = [0.0, 0.0]
            for side in 0..<2 {
                for t in 0..<length {
                    let row = (2 * j + side) * length + t
                    s[side] += f.output[row * actionCount + actions[row]]
                }
            }
            let l = Loss.logistic(difference: s[0] - s[1], target: pair.label)
            total += l.value
            perPair.append(l.value)
            for side in 0..<2 {
                for t in 0..<length {
                    let row = (2 * j + side) * length + t
                    g[row * actionCount + actions[row]] = (side == 0 ? 1 : -1) * l.derivative / Double(p)
                }
            }
        }
        return (total / Double(p), network.backward(f, outputGradient: g).parameters, perPair)
    }
}

/// Held-out labelled pairs: how often `r_theta` orders them like the true reward, and how the
/// segment sums of `r_theta` correlate with the true returns.
public struct HeldOutSegments: Sendable {
    public var pairs: [(ObservationSegment, ObservationSegment)]

    public init(pairs: [(ObservationSegment, ObservationSegment)]) {
        self.pairs = pairs.filter { $0.0.trueReturn != $0.1.trueReturn }
    }

    /// Fraction of pairs (ties of the true return removed) ordered like the true return; a
    /// model tie counts 1/2.
    public func accuracy(_ model: RewardModel) -> Double {
        let r = model.segmentReturns(pairs.flatMap { [$0.0, $0.1] })
        var hits = 0.0
        for j in 0..<pairs.count {
            let d = r[2 * j] - r[2 * j + 1], t = pairs[j].0.trueReturn - pairs[j].1.trueReturn
            hits += d == 0 ? 0.5 : ((d > 0) == (t > 0) ? 1 : 0)
        }
        return hits / Double(pairs.count)
    }

    /// Pearson correlation of `r_theta(sigma)` and `R(sigma)` over every held-out segment (0 when
    /// either is constant).
    public func correlation(_ model: RewardModel) -> Double {
        let segments = pairs.flatMap { [$0.0, $0.1] }
        let x = model.segmentReturns(segments), y = segments.map(\.trueReturn)
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<x.count { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my) }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
    }
}
