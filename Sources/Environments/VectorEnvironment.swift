/// Many copies of a simulator stepped together, as synchronous actor-critic methods use them:
/// observations are rows of one `count x observationCount` buffer, one action per copy per
/// step, and a copy whose episode ended is reset inside `step` (the next observation written is
/// the new episode's first).
public protocol VectorEnvironment: Sendable {
    var count: Int { get }
    var observationCount: Int { get }
    var actionCount: Int { get }
    func writeObservations(into out: UnsafeMutableBufferPointer<Double>)
    mutating func step(_ actions: [Int]) -> VectorStep
}

extension VectorEnvironment {
    /// Every copy's observation, row `i` = copy `i`.
    public var observations: [Double] {
        var out = [Double](repeating: 0, count: count * observationCount)
        out.withUnsafeMutableBufferPointer { writeObservations(into: $0) }
        return out
    }
}

/// What one vectorized step reports per copy.
public struct VectorStep: Sendable {
    public var rewards: [Double]
    /// The episode ended (terminal, or truncated by a step cap); the copy was reset.
    public var done: [Bool]
    /// Of `done`: ended by the cap only (truncated, not terminal).
    public var truncated: [Bool]
    /// Whether the environment executed the previous action instead of the chosen one.
    public var sticky: [Bool]
    /// Returns of the episodes that ended at this step (in copy order).
    public var finishedReturns: [Double]

    public init(rewards: [Double], done: [Bool], truncated: [Bool], sticky: [Bool], finishedReturns: [Double]) {
        self.rewards = rewards
        self.done = done
        self.truncated = truncated
        self.sticky = sticky
        self.finishedReturns = finishedReturns
    }
}
