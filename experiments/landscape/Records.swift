import BilevelCore
import Environments
import Lab

/// How L1, L2, L3 and user landscapes are stored in run records (`RunResult`), so that the
/// figures are drawn from records (fresh or cached) and commits can be compared field by
/// field. Grids: `series["grid.a"]`, `series["grid.b"]` and `matrices[<objective tag>]` with
/// `values[j][i]` at `(a[i], b[j])`; labels `axis.a`, `axis.b`, `label.<tag>`.
enum RecordKeys {
    static let gridA = "grid.a", gridB = "grid.b"
    static func pathX(_ name: String) -> String { "path.\(name).x" }
    static func pathY(_ name: String) -> String { "path.\(name).y" }
}

extension RunResult {
    mutating func store(_ grid: LandscapeGrid) {
        series[RecordKeys.gridA] = grid.a
        series[RecordKeys.gridB] = grid.b
        matrices[grid.objective] = grid.values
        labels["label.\(grid.objective)"] = grid.objectiveLabel
        labels["axis.a"] = grid.firstLabel
        labels["axis.b"] = grid.secondLabel
    }

    mutating func store(path: IteratePath, as name: String) {
        series[RecordKeys.pathX(name)] = path.x
        series[RecordKeys.pathY(name)] = path.y
        labels["path.\(name)"] = path.label
    }
}

extension RunRecord {
    /// The grid of `objective` (tag) stored by `RunResult.store(_:)`.
    func grid(_ tag: String, name: String) throws -> LandscapeGrid {
        guard let a = series[RecordKeys.gridA], let b = series[RecordKeys.gridB], let v = matrices[tag] else {
            throw LandscapeError("record \(fileName) has no grid '\(tag)'; it has: \(matrices.keys.sorted().joined(separator: ", "))")
        }
        return LandscapeGrid(name: name, objective: tag, objectiveLabel: labels["label.\(tag)"] ?? tag,
                             firstLabel: labels["axis.a"] ?? "a", secondLabel: labels["axis.b"] ?? "b",
                             a: a, b: b, values: v)
    }

    func path(_ name: String) -> IteratePath? {
        guard let x = series[RecordKeys.pathX(name)], let y = series[RecordKeys.pathY(name)] else { return nil }
        return IteratePath(label: labels["path.\(name)"] ?? name, x: x, y: y, goalLogitDrift: 0)
    }

    func required(_ key: String) throws -> [Double] {
        guard let s = series[key] else { throw LandscapeError("record \(fileName) has no series '\(key)'") }
        return s
    }

    func final(_ key: String) throws -> Double {
        guard let v = finals[key] else { throw LandscapeError("record \(fileName) has no final '\(key)'") }
        return v
    }
}

/// Objective tags of the L1 panels, in panel order.
func l1Objectives(_ lambdas: [Double]) -> [LandscapeObjective] {
    [.upper, .valuePenalty, .bellmanPenalty] + lambdas.map { .penalized(lambda: $0, bellman: false) }
}

/// L1's record: every panel's grid, `y*(x)`, the PBRL paths, the bilevel solution, checks.
func l1Record(_ r: L1Result, _ s: L1Settings) throws -> RunResult {
    var out = RunResult()
    for obj in l1Objectives(s.lambdas) + [.hyper] { out.store(r.field.grid(obj, name: "l1")) }
    out.series["curve.x"] = r.curveX
    out.series["curve.y"] = r.curveY
    for (lambda, path) in r.valuePaths { out.store(path: path, as: "value.lambda=\(formatted(lambda))") }
    out.store(path: r.bellmanPath, as: "bellman.lambda=\(formatted(s.pathLambda))")
    out.finals["bilevel.x"] = r.hyperMinimum.x
    out.finals["bilevel.y"] = r.hyperMinimum.y
    out.finals["bilevel.F"] = r.hyperMinimum.F
    for (lambda, path) in r.valuePaths {
        out.finals["pbrl-value.lambda=\(formatted(lambda)).final_x"] = path.x.last!
        out.finals["pbrl-value.lambda=\(formatted(lambda)).final_y"] = path.y.last!
        out.finals["pbrl-value.lambda=\(formatted(lambda)).distance_to_solution"] =
            abs(path.x.last! - r.hyperMinimum.x)
    }
    out.finals["pbrl-bellman.lambda=\(formatted(s.pathLambda)).final_x"] = r.bellmanPath.x.last!
    out.finals["goal_logit_drift"] = r.valuePaths.values.map(\.goalLogitDrift).max() ?? 0
    // Lower-level optimality on the curve: p(x, y*(x)) must vanish.
    let evaluator = LandscapeEvaluator(problem: r.instance.problem)
    var worst = 0.0
    for (x, y) in zip(r.curveX, r.curveY) {
        worst = max(worst, abs(try evaluator.values(x: [x], logits: r.instance.logits(y: y)).p))
    }
    out.finals["max_p_on_curve"] = worst
    try out.setInstance(r.instance.file)
    return out
}

func l2Record(_ r: L2Result, _ s: L2Settings) throws -> RunResult {
    var out = RunResult()
    let obj = LandscapeObjective.penalized(lambda: s.lambda, bellman: false)
    out.store(r.field.grid(obj, name: "l2"))
    out.store(r.field.grid(.hyper, name: "l2"))
    // Profile along the segment b = 0.
    let j0 = r.field.b.indices.min { abs(r.field.b[$0]) < abs(r.field.b[$1]) }!
    out.series["line.a"] = r.field.a
    out.series["line.F_lambda"] = r.field.values[j0].map { $0.value(obj) }
    out.series["line.F"] = r.field.values[j0].map(\.F)
    out.series["line.p"] = r.field.values[j0].map(\.p)
    out.finals["F.pbrl"] = r.hyperAtPBRL
    out.finals["F.solution"] = r.hyperAtSolution
    out.finals["distance"] = r.distance
    let m = r.field.grid(obj, name: "l2").minimum
    out.finals["slice_min.a"] = m.a
    out.finals["slice_min.b"] = m.b
    out.finals["slice_min.F_lambda"] = m.value
    out.matrices["pbrl.x"] = [r.pbrl.x]
    out.matrices["pbrl.y"] = [r.pbrl.logits]
    out.matrices["solution.x"] = [r.solution.x]
    out.matrices["solution.y"] = [r.solution.logits]
    out.labels["game"] = "E1b random general-sum game, seed \(s.gameSeed)"
    try out.setInstance(StackelbergGameFile(r.game))
    return out
}

func l3Record(_ r: L3Result) -> RunResult {
    var out = RunResult()
    out.series["x"] = r.x
    out.series["F"] = r.hyper
    out.xAxis["F"] = "x"
    for (k, lambda) in r.lambdas.enumerated() {
        let key = "min_y F_lambda=\(formatted(lambda))"
        out.series[key] = r.penalizedMinimum[k]
        out.xAxis[key] = "x"
        out.finals["max_gap.lambda=\(formatted(lambda))"] = r.maxGap[k]
        out.finals["argmin.lambda=\(formatted(lambda))"] = r.penalizedArgmin[k]
    }
    out.series["lambdas"] = r.lambdas
    out.finals["argmin.F"] = r.hyperArgmin
    out.finals["worst_inner_gradient"] = r.worstGradient
    return out
}
