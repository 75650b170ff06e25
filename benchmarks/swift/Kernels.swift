import BilevelCore
import Algorithms

/// The five kernels that dominate every experiment (soft VI and soft PI both count as the
/// exact lower-level solve). Each returns the numbers the NumPy reference must reproduce.
enum Kernel: String, CaseIterable {
    case evaluate = "evaluate"            // exact policy evaluation: V, Q, occupancy d
    case softVI = "soft-vi"               // soft value iteration to tolerance, from V = 0
    case softPI = "soft-pi"               // soft policy iteration to tolerance, from uniform
    case pbrlValue = "pbrl-value"         // one PBRL iteration, value penalty (exact inner oracle)
    case pbrlBellman = "pbrl-bellman"     // one PBRL iteration, Bellman penalty
    case hypergradient = "hypergradient"  // one exact-hypergradient iteration

    var method: MethodKind? {
        switch self {
        case .pbrlValue: return .pbrlValue
        case .pbrlBellman: return .pbrlBellman
        case .hypergradient: return .hypergradient
        default: return nil
        }
    }
}

/// A prepared kernel: `run` is what is timed, `outputs` the numbers compared with NumPy.
struct PreparedKernel {
    var run: () -> Any
    var outputs: () throws -> [String: [Double]]
}

extension BenchInstance {
    func prepare(_ kernel: Kernel) throws -> PreparedKernel {
        let mdp = self.mdp
        let tol = tolerance
        // Every repetition pays for its own factorizations (only reuse within one kernel call
        // counts): the memo shared by the MDPs of this dynamics is emptied before each call.
        let sp = mdp.sparseTransitions
        switch kernel {
        case .evaluate:
            let pi = Policy.softmax(logits: y0, stateCount: mdp.stateCount, actionCount: mdp.actionCount)
            let body = { () -> [Double] in
                let ev = PolicyEvaluation(mdp: mdp, policy: pi)
                return ev.occupancy
            }
            return PreparedKernel(run: { sp.removeCachedFactorizations(); return body() }, outputs: {
                let ev = PolicyEvaluation(mdp: mdp, policy: pi)
                return ["V": ev.values, "Q": ev.qValues, "d": ev.occupancy]
            })
        case .softVI, .softPI:
            let solver: SoftSolver = kernel == .softVI ? .valueIteration : .policyIteration
            let body = { mdp.softOptimum(solver: solver, tolerance: tol) }
            return PreparedKernel(run: { sp.removeCachedFactorizations(); return body() }, outputs: {
                let opt = body()
                return ["V": opt.values, "iterations": [Double(opt.iterations)]]
            })
        case .pbrlValue, .pbrlBellman, .hypergradient:
            let spec = MethodSpec(kernel.method!, lambda: lambda, oracle: .exact(tolerance: tol))
            let settings = OptimizerSettings(iterations: warmupSteps, stepX: stepX, stepY: stepY, solveTolerance: tol)
            var opt = try BilevelOptimizer(problem: problem, method: spec, settings: settings, x0: x0, y0: y0)
            for _ in 0..<warmupSteps { try opt.step() }
            let snapshot = opt
            let (sx, sy) = (stepX, stepY)
            return PreparedKernel(run: {
                sp.removeCachedFactorizations()
                var o = snapshot
                _ = try! o.step()
                return o
            }, outputs: {
                var o = snapshot
                try o.step()
                var out = ["gx": zip(snapshot.x, o.x).map { ($0 - $1) / sx }]
                if kernel != .hypergradient { out["gy"] = zip(snapshot.y, o.y).map { ($0 - $1) / sy } }
                return out
            })
        }
    }
}
