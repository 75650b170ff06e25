import BilevelCore
import Environments

/// Hyperparameters of an outer optimization run (CleanRL style: everything at the top).
public struct OptimizerSettings: Sendable, Hashable {
    public var iterations: Int
    /// Step size `alpha` for x.
    public var stepX: Double
    /// Step size `beta` for the follower logits y (PBRL only).
    public var stepY: Double
    /// Clip the x-direction to this global Euclidean norm (nil = no clipping).
    public var clipNorm: Double?
    /// Evaluate the reported metrics (F(x_k) needs a lower-level solve) every this many
    /// iterations, and always at the last one.
    public var evaluateEvery: Int
    /// Keep every iterate x_k (for paths drawn over landscapes).
    public var keepIterates: Bool
    /// Tolerance of the exact lower-level solves used for metrics and baselines.
    public var solveTolerance: Double
    /// How PBRL's x and y steps follow the scheduled weight `lambda_k` (`stepX`, `stepY` are
    /// the steps at the target weight; `StepScaling`). Irrelevant for a constant schedule.
    public var stepScalingX: StepScaling
    public var stepScalingY: StepScaling

    public init(iterations: Int, stepX: Double, stepY: Double = 0, clipNorm: Double? = nil,
                evaluateEvery: Int = 1, keepIterates: Bool = false, solveTolerance: Double = 1e-10,
                stepScalingX: StepScaling = .fixed, stepScalingY: StepScaling = .fixed) {
        self.iterations = iterations; self.stepX = stepX; self.stepY = stepY; self.clipNorm = clipNorm
        self.evaluateEvery = evaluateEvery; self.keepIterates = keepIterates; self.solveTolerance = solveTolerance
        self.stepScalingX = stepScalingX; self.stepScalingY = stepScalingY
    }
}

/// The projection onto the leader's feasible set X.
public enum Projection: Sendable, Hashable {
    case none
    /// Coordinate-wise clamp to [lower, upper].
    case box(lower: Double, upper: Double)
    /// Euclidean ball of the given radius around 0.
    case ball(radius: Double)

    public func apply(_ x: [Double]) -> [Double] {
        switch self {
        case .none: return x
        case let .box(lo, hi): return x.map { min(max($0, lo), hi) }
        case let .ball(r):
            let norm = euclideanNorm(x)
            return norm <= r ? x : x.map { $0 * r / norm }
        }
    }
}

/// Per-iteration metrics (docs/math.md section 5: report `F(x_k)`, `f(x_k, y_k)`, the penalty,
/// `|gx|`, `|gy|`). Arrays are indexed by recorded iteration (see `iterations`).
public struct Trajectory: Sendable {
    public var method: MethodSpec
    /// Iteration numbers k at which metrics were evaluated.
    public var iterations: [Int] = []
    /// `F(x_k) = f(x_k, pi*_{x_k})` with the exact best response.
    public var hyperObjective: [Double] = []
    /// `f(x_k, y_k)` at the method's own follower policy.
    public var upperObjective: [Double] = []
    /// Value penalty `p(x_k, y_k)` (exact, whatever the method).
    public var valuePenalty: [Double] = []
    /// Bellman penalty `g(x_k, y_k)`.
    public var bellmanPenalty: [Double] = []
    /// The scheduled penalty weight `lambda_k` of the step from iterate k (PBRL; the target
    /// weight for the baselines and at the final point).
    public var lambdas: [Double] = []
    /// `|gx|` before clipping, `|gy|`.
    public var gradNormX: [Double] = []
    public var gradNormY: [Double] = []
    /// Every iterate x_k (k = 0...K) when `keepIterates`.
    public var iterates: [[Double]] = []
    /// Every follower iterate y_k (k = 0...K) when `keepIterates` (for the baselines,
    /// `log pi*` of the previous x).
    public var followerIterates: [[Double]] = []
    public var finalX: [Double] = []
    public var finalY: [Double] = []
    /// Lower-level solves (policy-iteration steps or VI sweeps) used by the method itself.
    public var innerIterations: Int = 0
}

@inlinable func euclideanNorm(_ v: [Double]) -> Double {
    var s = 0.0
    for e in v { s += e * e }
    return s.squareRoot()
}

extension Policy {
    /// Logits that reproduce this policy: `log pi` (finite for softmax policies).
    public var logits: [Double] { logProbabilities }
}
