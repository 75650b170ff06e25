import BilevelCore

/// The methods of docs/math.md section 5, chosen by name so experiments can swap them from a config.
///
/// | name            | x-direction                                   | y-direction                      |
/// |-----------------|-----------------------------------------------|----------------------------------|
/// | `pbrl-value`    | `df/dx + lambda dp/dx` (inner oracle for pi*) | `df/dy + lambda dp/dy`           |
/// | `pbrl-bellman`  | `df/dx + lambda dg/dx` (no inner loop)        | `df/dy + lambda dg/dy`           |
/// | `hypergradient` | exact `dF/dx` (implicit differentiation, AMD) | y = log pi*_x                    |
/// | `zero-order`    | `(F(x + u z) - F(x)) z / u`, `u = c / k`      | y = log pi*_x                    |
/// | `naive`         | `df/dx` at `pi*_x` (ignores the best response) | y = log pi*_x                   |
public enum MethodKind: String, CaseIterable, Sendable, Codable {
    case pbrlValue = "pbrl-value"
    case pbrlBellman = "pbrl-bellman"
    case hypergradient = "hypergradient"
    case zeroOrder = "zero-order"
    case naive = "naive"

    /// Parses a method name; the error names the valid choices.
    public static func named(_ name: String) throws -> MethodKind {
        guard let k = MethodKind(rawValue: name) else {
            throw AlgorithmError.unknownMethod(name, valid: allCases.map(\.rawValue))
        }
        return k
    }

    public var usesPenalty: Bool { self == .pbrlValue || self == .pbrlBellman }
}

/// The PBRL inner oracle for the value penalty's `pi*_x`.
public enum InnerOracle: Sendable, Hashable {
    /// Soft policy iteration to the given sup-norm tolerance, warm-started from the last `pi*`.
    case exact(tolerance: Double)
    /// `T` soft value-iteration sweeps warm-started from the last value estimate.
    case sweeps(Int)
}

/// A method with its hyperparameters.
public struct MethodSpec: Sendable, Hashable {
    public var kind: MethodKind
    /// Penalty weight (PBRL only).
    public var lambda: Double
    public var oracle: InnerOracle
    /// Zero-order smoothing constant `c` in `u_k = c / k`.
    public var smoothing: Double
    /// How the penalty weight reaches `lambda` over the run (PBRL only; `LambdaSchedule.swift`).
    public var schedule: LambdaSchedule

    public init(_ kind: MethodKind, lambda: Double = 10, oracle: InnerOracle = .exact(tolerance: 1e-10), smoothing: Double = 0.1,
                schedule: LambdaSchedule = .constant) {
        self.kind = kind; self.lambda = lambda; self.oracle = oracle; self.smoothing = smoothing; self.schedule = schedule
    }

    /// The penalty weight of the step from iterate `k`.
    public func lambda(at k: Int) -> Double { schedule.lambda(at: k, target: lambda) }

    /// A stable label for records and legends, e.g. `pbrl-value(lambda=10)`.
    public var label: String {
        switch kind {
        case .pbrlValue, .pbrlBellman:
            let sched = schedule.isConstant ? "" : ", \(schedule.label)"
            return "\(kind.rawValue)(lambda=\(formatNumber(lambda))\(sched))"
        default: return kind.rawValue
        }
    }
}

func formatNumber(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return String(v)
}

public enum AlgorithmError: Error, CustomStringConvertible, Equatable {
    case unknownMethod(String, valid: [String])
    case nonFinite(iteration: Int, quantity: String)
    case invalidSetting(String)

    public var description: String {
        switch self {
        case let .unknownMethod(name, valid):
            return "unknown method '\(name)'; valid methods: \(valid.joined(separator: ", "))"
        case let .nonFinite(k, q):
            return "diverged: \(q) is not finite at iteration \(k)"
        case .invalidSetting(let s): return "invalid optimizer setting: \(s)"
        }
    }
}
