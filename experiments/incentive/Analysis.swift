import ExperimentKit
import Foundation
import Lab

/// One column of the E2 table: a method with its hyperparameters (PBRL: lambda tau).
struct MethodVariant: Hashable, Comparable, Sendable {
    var method: String
    var lambdaTau: Double?
    /// A lambda-schedule variant (docs/lambda-schedules.md); nil for the constant-lambda grid.
    var schedule: ScheduleVariant.Kind? = nil

    init(method: String, lambdaTau: Double?, schedule: ScheduleVariant.Kind? = nil) {
        self.method = method; self.lambdaTau = lambdaTau; self.schedule = schedule
    }

    /// The variant of a record (method, lambda tau, schedule kind from its parameters).
    init(_ r: RunRecord) {
        self.init(method: r.method, lambdaTau: r.params["lambda_tau"], schedule: ScheduleVariant.kind(params: r.params))
    }

    static let order = ["hypergradient", "pbrl-value", "pbrl-bellman", "zero-order", "naive"]

    /// e.g. `pbrl-value(λτ=1)`.
    var label: String {
        guard let lt = lambdaTau else { return method }
        return "\(method)(λτ=\(format(lt))\(schedule.map { ", \($0.rawValue)" } ?? ""))"
    }

    /// ASCII key for summary metric names, e.g. `pbrl-value.lambda_tau=1`.
    var key: String {
        guard let lt = lambdaTau else { return method }
        return "\(method).lambda_tau=\(format(lt))" + (schedule.map { ".\($0.rawValue)" } ?? "")
    }

    /// Paper-style legend name.
    var displayName: String {
        let base: String
        switch method {
        case "hypergradient": base = "AMD (exact hypergradient)"
        case "pbrl-value": base = "PBRL-value"
        case "pbrl-bellman": base = "PBRL-Bellman"
        case "zero-order": base = "zero-order"
        case "naive": base = "naive gradient"
        default: base = method
        }
        guard let lt = lambdaTau else { return base }
        return "\(base) λτ=\(format(lt))" + (schedule.map { " (\($0.rawValue))" } ?? "")
    }

    static func < (a: Self, b: Self) -> Bool {
        let ia = order.firstIndex(of: a.method) ?? order.count, ib = order.firstIndex(of: b.method) ?? order.count
        if ia != ib { return ia < ib }
        if a.lambdaTau != b.lambdaTau { return (a.lambdaTau ?? 0) < (b.lambdaTau ?? 0) }
        let sa = a.schedule.map { ScheduleVariant.Kind.allCases.firstIndex(of: $0)! + 1 } ?? 0
        let sb = b.schedule.map { ScheduleVariant.Kind.allCases.firstIndex(of: $0)! + 1 } ?? 0
        return sa < sb
    }
}

func format(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e9 { return String(Int(x)) }
    return String(x)
}

/// A (tau, c) cell of the grid.
struct GridCellKey: Hashable, Comparable, Sendable {
    var tau: Double
    var cost: Double
    static func < (a: Self, b: Self) -> Bool { a.tau != b.tau ? a.tau < b.tau : a.cost < b.cost }
    var key: String { "tau=\(format(tau)).c=\(format(cost))" }
}

/// The reported entry of one (method variant, cell): the learning rate with the best mean
/// tail objective over seeds, and that mean with its standard error.
struct CellResult: Sendable {
    var learningRate: Double
    var mean: Double
    var standardError: Double
    /// Sample standard deviation over seeds.
    var std: Double
    /// Mean over seeds of J(w_0), the objective before any step.
    var initial: Double
    var seeds: Int
    /// The records of the chosen learning rate (seed order).
    var records: [RunRecord]
}

/// Groups the ok records by (variant, cell, learning rate) and picks the best learning rate
/// per (variant, cell) by the mean of `finals["tail_J"]` (ties: the smaller rate).
func selectLearningRates(_ records: [RunRecord]) -> [MethodVariant: [GridCellKey: CellResult]] {
    var groups: [MethodVariant: [GridCellKey: [Double: [RunRecord]]]] = [:]
    for r in records.succeeded {
        guard let tau = r.params["tau"], let c = r.params["cost"], let lr = r.params["lr"] else { continue }
        let v = MethodVariant(r)
        groups[v, default: [:]][GridCellKey(tau: tau, cost: c), default: [:]][lr, default: []].append(r)
    }
    var out: [MethodVariant: [GridCellKey: CellResult]] = [:]
    for (v, cells) in groups {
        for (cell, byRate) in cells {
            var best: CellResult? = nil
            for lr in byRate.keys.sorted() {
                let recs = byRate[lr]!.sorted { $0.seed < $1.seed }
                let xs = recs.compactMap { $0.finals["tail_J"] }
                let (m, se) = meanAndStandardError(xs)
                let j0 = recs.compactMap { $0.finals["initial_J"] }
                if best == nil || m > best!.mean {
                    best = CellResult(learningRate: lr, mean: m, standardError: se,
                                      std: se * Double(xs.count).squareRoot(),
                                      initial: j0.reduce(0, +) / Double(max(1, j0.count)),
                                      seeds: xs.count, records: recs)
                }
            }
            out[v, default: [:]][cell] = best
        }
    }
    return out
}

func meanAndStandardError(_ xs: [Double]) -> (Double, Double) {
    guard !xs.isEmpty else { return (.nan, .nan) }
    let m = xs.reduce(0, +) / Double(xs.count)
    guard xs.count > 1 else { return (m, 0) }
    let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
    return (m, (v / Double(xs.count)).squareRoot())
}

/// The results table as markdown: rows (tau, c), columns the method variants, entries
/// `mean ± s.e. (lr)`; the best mean of each row in bold.
func markdownTable(_ results: [MethodVariant: [GridCellKey: CellResult]], caption: String) -> String {
    let variants = results.keys.sorted()
    let cells = Set(results.values.flatMap(\.keys)).sorted()
    var lines = [caption, ""]
    lines.append("| τ | c | " + variants.map(\.label).joined(separator: " | ") + " |")
    lines.append("|---|---|" + variants.map { _ in "---|" }.joined())
    for cell in cells {
        let entries = variants.map { results[$0]?[cell] }
        let best = entries.compactMap { $0?.mean }.max()
        let texts = entries.map { e -> String in
            guard let e else { return "–" }
            let t = String(format: "%.4f ± %.4f (lr %@)", e.mean, e.standardError, format(e.learningRate))
            return e.mean == best ? "**\(t)**" : t
        }
        lines.append("| \(format(cell.tau)) | \(format(cell.cost)) | " + texts.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n") + "\n"
}
