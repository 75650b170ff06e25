import BilevelCore

/// The functions a landscape shows, over a point `(x, y)` of the bilevel problem
/// (docs/math.md sections 2-3; `y` = the follower's full logit table):
///
/// | name       | value                                                        |
/// |------------|--------------------------------------------------------------|
/// | `f`        | upper objective `f(x, pi_y)`                                  |
/// | `p`        | value penalty `p(x, y) = V*_x(rho) - V^{pi_y}_x(rho) >= 0`     |
/// | `g`        | Bellman penalty `g(x, y)`, `0 <= g <= p`                      |
/// | `F_lambda` | `F_lambda(x, y) = f(x, y) + lambda * p(x, y)` (or `+ lambda g`) |
/// | `F`        | hyper-objective `F(x) = f(x, pi*_x)` (constant in `y`)         |
public enum LandscapeObjective: Equatable, Sendable {
    case upper
    case valuePenalty
    case bellmanPenalty
    case penalized(lambda: Double, bellman: Bool)
    case hyper

    public static let names = ["f", "p", "g", "F_lambda", "F"]

    /// Short label in the paper's symbols, e.g. `F_{λ}, λ = 10`.
    public var label: String {
        switch self {
        case .upper: return "f(x, y)"
        case .valuePenalty: return "p(x, y)"
        case .bellmanPenalty: return "g(x, y)"
        case let .penalized(lambda, bellman):
            return "F_{λ}(x, y) = f + λ\(bellman ? "g" : "p"), λ = \(formatted(lambda))"
        case .hyper: return "F(x)"
        }
    }

    /// File-name-safe tag, e.g. `F_lambda=10`.
    public var tag: String {
        switch self {
        case .upper: return "f"
        case .valuePenalty: return "p"
        case .bellmanPenalty: return "g"
        case let .penalized(lambda, bellman): return "F_lambda\(bellman ? "_g" : "")=\(formatted(lambda))"
        case .hyper: return "F"
        }
    }
}

/// Every landscape quantity at one point, from one lower-level solve and two policy
/// evaluations.
public struct PointValues: Sendable, Equatable {
    public var f: Double
    public var p: Double
    public var g: Double
    public var F: Double

    public func value(_ objective: LandscapeObjective) -> Double {
        switch objective {
        case .upper: return f
        case .valuePenalty: return p
        case .bellmanPenalty: return g
        case let .penalized(lambda, bellman): return f + lambda * (bellman ? g : p)
        case .hyper: return F
        }
    }
}

/// Evaluates landscape quantities of a `BilevelProblem` exactly (tabular).
public struct LandscapeEvaluator: Sendable {
    public let problem: BilevelProblem
    /// Sup-norm tolerance of the soft policy iteration that gives `pi*_x`.
    public let tolerance: Double

    public init(problem: BilevelProblem, tolerance: Double = 1e-12) {
        self.problem = problem
        self.tolerance = tolerance
    }

    /// The soft optimum of `M_tau(x)`, evaluated.
    public func bestResponse(x: [Double], warm: Policy? = nil) throws -> PolicyEvaluation {
        let mdp = try problem.lower.mdp(at: x)
        let opt = mdp.softOptimum(solver: .policyIteration, tolerance: tolerance, warmPolicy: warm)
        return PolicyEvaluation(mdp: mdp, policy: opt.policy)
    }

    /// `f`, `p`, `g` and `F` at `(x, y)`; `best` (the evaluation of `pi*_x`) is solved when nil.
    public func values(x: [Double], logits y: [Double], best: PolicyEvaluation? = nil) throws -> PointValues {
        let best = try best ?? bestResponse(x: x)
        let mdp = best.mdp
        let pi = Policy.softmax(logits: y, stateCount: mdp.stateCount, actionCount: mdp.actionCount)
        let follower = PolicyEvaluation(mdp: mdp, policy: pi)
        let f = problem.upper.value(x: x, policy: pi, lower: mdp)
        let F = problem.upper.value(x: x, policy: best.policy, lower: mdp)
        let p = best.initialValue - follower.initialValue
        let g = problem.bellmanPenalty(x: x, follower: follower).value
        let v = PointValues(f: f, p: p, g: g, F: F)
        for (q, name) in [(f, "f"), (p, "p"), (g, "g"), (F, "F")] where !q.isFinite {
            throw LandscapeError("\(name) is not finite at the point x = \(x.prefix(4)), y = \(y.prefix(4))")
        }
        return v
    }

    /// `F_lambda(x, y) = f + lambda p` and its gradient in the logits `y` at fixed `x`:
    /// `df/dy + lambda dp/dy` (docs/math.md section 4; `best` = evaluation of `pi*_x`).
    public func penalizedAndLogitGradient(x: [Double], logits y: [Double], lambda: Double,
                                          best: PolicyEvaluation) -> (value: Double, gradient: [Double]) {
        let mdp = best.mdp
        let pi = Policy.softmax(logits: y, stateCount: mdp.stateCount, actionCount: mdp.actionCount)
        let follower = PolicyEvaluation(mdp: mdp, policy: pi)
        let up = problem.upper.evaluate(x: x, policy: pi, lower: mdp)
        let fy = pi.logitGradient(fromPolicyGradient: up.gradPolicy)
        let py = follower.logitGradient().map { -$0 }
        let value = up.value + lambda * (best.initialValue - follower.initialValue)
        return (value, zip(fy, py).map { $0 + lambda * $1 })
    }
}

/// A landscape problem: one line naming what is wrong (and the valid choices when there are any).
public struct LandscapeError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ message: String) { description = message }
}

/// `10` for 10.0, `0.5` for 0.5: numbers as a reader writes them.
func formatted(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e12 { return String(Int(v)) }
    return String(v)
}
