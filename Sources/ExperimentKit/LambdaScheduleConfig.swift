import Algorithms
import Lab

/// A PBRL run variant beyond the constant-lambda grid, as an experiment's config lists it under
/// `schedules` (docs/lambda-schedules.md). Each runs at the target weight the experiment names
/// (its largest lambda):
///
///     schedules:
///       - {kind: budget, budget: 50000}                            # constant lambda, longer run
///       - {kind: ramp, start: 1, iterations: 2500}                 # lambda_k linear from 1 over 2500
///       - {kind: continuation, start: 1, factor: 10, every: 1000}  # lambda x 10 every 1000
///
/// `budget` (optional for ramp and continuation) is the run's total number of iterations; without
/// it the experiment's own budget at the target weight applies. At most one entry per kind.
/// The variant travels in the job's parameters, so it is in every run record:
/// `budget`, `lambda_start`, `ramp_iterations`, `continuation_factor`, `continuation_every`.
public struct ScheduleVariant: Sendable, Hashable {
    public enum Kind: String, CaseIterable, Sendable { case budget, ramp, continuation }
    public var kind: Kind
    public var schedule: LambdaSchedule
    public var budget: Int?

    public init(kind: Kind, schedule: LambdaSchedule, budget: Int?) {
        self.kind = kind; self.schedule = schedule; self.budget = budget
    }

    /// The list under `key` (empty when the key is absent). `scale` converts the configured
    /// `start` into the weight itself (E2 writes weights as lambda tau: scale = 1/tau is applied
    /// later, so pass 1 there and convert with `schedule(params:lambdaScale:)`).
    public static func readList(_ c: ConfigReader, key: String = "schedules") throws -> [ScheduleVariant] {
        guard c.has(key) else { return [] }
        var out: [ScheduleVariant] = []
        for s in try c.sections(key) {
            let kind = Kind(rawValue: try s.string("kind", oneOf: Kind.allCases.map(\.rawValue)))!
            let schedule: LambdaSchedule
            var budget: Int? = s.has("budget") ? try s.int("budget", min: 1) : nil
            switch kind {
            case .budget:
                schedule = .constant
                budget = try s.int("budget", min: 1)
            case .ramp:
                schedule = .ramp(start: try s.double("start", in: .positive), iterations: try s.int("iterations", min: 1))
            case .continuation:
                schedule = .continuation(start: try s.double("start", in: .positive),
                                         factor: try s.double("factor", in: .greaterThan(1)),
                                         every: try s.int("every", min: 1))
            }
            guard !out.contains(where: { $0.kind == kind }) else {
                throw LabError("\(key): at most one schedule of kind '\(kind.rawValue)' (found two)")
            }
            out.append(ScheduleVariant(kind: kind, schedule: schedule, budget: budget))
        }
        return out
    }

    /// The job parameters of this variant (merged into the constant run's parameters).
    public var params: [String: Double] {
        var p: [String: Double] = [:]
        if let budget { p["budget"] = Double(budget) }
        switch schedule {
        case .constant: break
        case let .ramp(start, n):
            p["lambda_start"] = start; p["ramp_iterations"] = Double(n)
        case let .continuation(start, factor, every):
            p["lambda_start"] = start; p["continuation_factor"] = factor; p["continuation_every"] = Double(every)
        }
        return p
    }

    /// The schedule a job's parameters describe (`constant` without schedule keys); `lambdaScale`
    /// multiplies the start weight (E2: 1/tau for weights written as lambda tau).
    public static func schedule(params p: [String: Double], lambdaScale: Double = 1) -> LambdaSchedule {
        if let n = p["ramp_iterations"], let s = p["lambda_start"] { return .ramp(start: s * lambdaScale, iterations: Int(n)) }
        if let f = p["continuation_factor"], let e = p["continuation_every"], let s = p["lambda_start"] {
            return .continuation(start: s * lambdaScale, factor: f, every: Int(e))
        }
        return .constant
    }

    /// The variant's kind from a job's parameters; nil for a run of the constant-lambda grid.
    public static func kind(params p: [String: Double]) -> Kind? {
        if p["ramp_iterations"] != nil { return .ramp }
        if p["continuation_factor"] != nil { return .continuation }
        if p["budget"] != nil { return .budget }
        return nil
    }

    /// Text for captions: `constant λ, 50000 iterations`, `ramp 1→λ over 2500`.
    public var text: String {
        let b = budget.map { ", \($0) iterations" } ?? ""
        switch kind {
        case .budget: return "constant λ" + b
        default: return schedule.label + b
        }
    }
}
