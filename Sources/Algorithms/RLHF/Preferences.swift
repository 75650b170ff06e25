import Environments
import Foundation
import Neural

/// A window of `length` consecutive steps of one environment (it may cross an episode's end):
/// the observations the actions were chosen on, the chosen actions and the true rewards.
public struct ObservationSegment: Sendable {
    public var observations: [Double]
    public var actions: [Int]
    public var rewards: [Double]
    public var length: Int { actions.count }
    /// The true (game) return of the segment, `R(sigma)`.
    public var trueReturn: Double { rewards.reduce(0, +) }
}

/// Cuts each environment's stream of steps into consecutive, non-overlapping segments of
/// `length` steps, as rollouts arrive; finished segments collect in `pool` (newest last).
public struct SegmentRecorder: Sendable {
    public let length: Int, observationCount: Int
    var open: [ObservationSegment]
    public var pool: [ObservationSegment] = []

    public init(environments: Int, length: Int, observationCount: Int) {
        precondition(length >= 1, "segment length must be at least 1, got \(length)")
        self.length = length
        self.observationCount = observationCount
        open = [ObservationSegment](repeating: ObservationSegment(observations: [], actions: [], rewards: []), count: environments)
    }

    public mutating func record(_ r: Rollout) {
        let d = observationCount
        for t in 0..<r.steps {
            for i in 0..<r.environments {
                let k = t * r.environments + i
                open[i].observations += r.observations[(k * d)..<((k + 1) * d)]
                open[i].actions.append(r.actions[k])
                open[i].rewards.append(r.rewards[k])
                if open[i].length == length {
                    pool.append(open[i])
                    open[i] = ObservationSegment(observations: [], actions: [], rewards: [])
                }
            }
        }
    }
}

/// Two segments and a label: `label` = 1 when the first is preferred, 0 when the second is.
public struct SegmentPreference: Sendable {
    public var first: ObservationSegment
    public var second: ObservationSegment
    public var label: Double

    /// A synthetic label from the true reward: Bradley-Terry, first preferred with probability
    /// `sigmoid(R(first) - R(second))`, then flipped with probability `noise`.
    public static func labelled<G: RandomNumberGenerator>(_ a: ObservationSegment, _ b: ObservationSegment, noise: Double, rng: inout G) -> SegmentPreference {
        let u = Double(rng.next() >> 11) * 0x1.0p-53, v = Double(rng.next() >> 11) * 0x1.0p-53
        var label = u < Loss.sigmoid(a.trueReturn - b.trueReturn) ? 1.0 : 0.0
        if v < noise { label = 1 - label }
        return SegmentPreference(first: a, second: b, label: label)
    }
}

/// The last `capacity` labelled pairs, first in first out (the paper keeps 3,000).
public struct PreferenceBuffer: Sendable {
    public let capacity: Int
    public private(set) var pairs: [SegmentPreference] = []
    /// Pairs ever added (including those pushed out).
    public private(set) var added = 0

    public init(capacity: Int) {
        precondition(capacity >= 1, "preference buffer capacity must be at least 1, got \(capacity)")
        self.capacity = capacity
    }

    public mutating func append(_ new: [SegmentPreference]) {
        pairs += new
        added += new.count
        if pairs.count > capacity { pairs.removeFirst(pairs.count - capacity) }
    }

    public var count: Int { pairs.count }
}
