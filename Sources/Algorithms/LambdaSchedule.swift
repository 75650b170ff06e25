/// The penalty weight of a PBRL run over its iterations, `lambda_k` (docs/lambda-schedules.md).
///
/// The paper's box uses one weight `lambda` for the whole run; its theory (docs/math.md section 6)
/// says the penalized solution is `O(1/lambda)` from the bilevel one while steps of order
/// `1/lambda` make the needed iterations grow with `lambda`. A schedule starts at a small weight
/// (large steps, fast progress on f) and raises it to the target `lambda` (the run's
/// `MethodSpec.lambda`), so that the end of the run is the penalized problem at `lambda`.
///
/// - `constant`: `lambda_k = lambda` (the default: bit for bit the run without a schedule).
/// - `ramp(start:iterations:)`: `lambda_k = lambda0 + (lambda - lambda0) min(1, k / N)`, a linear
///   ramp from `lambda0` to `lambda` over the first `N` iterations, then constant (the authors'
///   earlier PBGD code ramps its penalty weight linearly).
/// - `continuation(start:factor:every:)`: `lambda_k = min(lambda, lambda0 factor^floor(k / K))`:
///   the weight is multiplied by `factor` every `K` iterations until it reaches `lambda`. Each
///   stage starts where the previous one ended (x, y and the inner oracle's warm starts carry
///   over: warm-started continuation).
public enum LambdaSchedule: Sendable, Hashable {
    case constant
    case ramp(start: Double, iterations: Int)
    case continuation(start: Double, factor: Double, every: Int)

    /// The weight used by the step from iterate `k`, for the target weight `lambda`.
    public func lambda(at k: Int, target lambda: Double) -> Double {
        switch self {
        case .constant:
            return lambda
        case let .ramp(start, n):
            if k >= n { return lambda }
            return start + (lambda - start) * (Double(k) / Double(n))
        case let .continuation(start, factor, every):
            var l = start
            var stage = k / every
            while stage > 0, l < lambda { l *= factor; stage -= 1 }
            return min(l, lambda)
        }
    }

    /// The first iteration from which `lambda_k = lambda` (0 for `constant`).
    public func iterationsToTarget(_ lambda: Double) -> Int {
        switch self {
        case .constant: return 0
        case .ramp(_, let n): return n
        case let .continuation(start, factor, every):
            var l = start, k = 0
            while l < lambda { l *= factor; k += every }
            return k
        }
    }

    /// Throws one line naming the problem when the schedule cannot reach `lambda` sensibly.
    public func validate(target lambda: Double) throws {
        switch self {
        case .constant: return
        case let .ramp(start, n):
            guard start > 0, start.isFinite, start <= lambda, n >= 1 else {
                throw AlgorithmError.invalidSetting("a lambda ramp needs 0 < start <= lambda (\(formatNumber(lambda))) and ramp iterations >= 1, got start \(formatNumber(start)), \(n) iterations")
            }
        case let .continuation(start, factor, every):
            guard start > 0, start.isFinite, start <= lambda, factor > 1, factor.isFinite, every >= 1 else {
                throw AlgorithmError.invalidSetting("lambda continuation needs 0 < start <= lambda (\(formatNumber(lambda))), factor > 1 and every >= 1, got start \(formatNumber(start)), factor \(formatNumber(factor)), every \(every)")
            }
        }
    }

    public var isConstant: Bool { self == .constant }

    /// e.g. `constant`, `ramp 1→λ over 5000`, `×10 every 2000 from 1`.
    public var label: String {
        switch self {
        case .constant: return "constant"
        case let .ramp(start, n): return "ramp \(formatNumber(start))→λ over \(n)"
        case let .continuation(start, factor, every): return "×\(formatNumber(factor)) every \(every) from \(formatNumber(start))"
        }
    }
}

/// How a PBRL step size follows the current weight `lambda_k`. The configured step is the step
/// at the target weight `lambda`; at iteration k it is multiplied by `stepFactor`:
/// - `fixed`: 1 (the step does not depend on `lambda_k`);
/// - `inverseLambda`: `lambda / lambda_k`, i.e. `step_k = c / lambda_k` when the configured step
///   is `c / lambda` (math.md section 5: steps of order `1/lambda`).
/// With a constant schedule both factors are exactly 1.
public enum StepScaling: String, Sendable, Hashable, CaseIterable {
    case fixed
    case inverseLambda = "inverse-lambda"

    public func stepFactor(current: Double, target: Double) -> Double {
        switch self {
        case .fixed: return 1
        case .inverseLambda: return current == target ? 1 : target / current
        }
    }
}

/// The iteration budget of a PBRL run at weight `lambda` when budgets scale with lambda:
/// `base * max(1, lambda / reference)` (steps of order `1/lambda` need about `lambda` times more
/// iterations); `base` itself when `reference` is 0.
public func lambdaScaledBudget(base: Int, lambda: Double, reference: Double) -> Int {
    guard reference > 0 else { return base }
    return Int((Double(base) * max(1, lambda / reference)).rounded())
}
