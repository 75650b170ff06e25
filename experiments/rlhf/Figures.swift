import Foundation
import Lab
import Plot
import ExperimentKit

/// The E3 figures, drawn from the run records only, with captions generated from them.
struct RLHFFigures {
    let session: Session
    let records: [RunRecord]
    let config: RLHFConfig

    static let band = SeriesBand.Kind.std

    struct Curve {
        var label: String
        var color: Color
        var style: LineStyle
        var runs: [RunRecord]
    }

    /// PBRL for each lambda, then two-stage.
    var mainCurves: [Curve] {
        var out = [Curve]()
        for (i, l) in config.lambdas.enumerated() {
            let runs = records.runs(RLHFMethod.pbrl.rawValue, params: ["lambda": l])
            if !runs.isEmpty { out.append(Curve(label: "PBRL λ=\(formatNumber(l))", color: .tab10(i), style: .solid, runs: runs)) }
        }
        let two = records.runs(RLHFMethod.twoStage.rawValue)
        if !two.isEmpty { out.append(Curve(label: "two-stage RLHF", color: .black, style: .solid, runs: two)) }
        return out
    }

    /// PBRL and its no-score-function ablation at the ablation lambdas (same colour per lambda).
    var ablationCurves: [Curve] {
        var out = [Curve]()
        for (i, l) in config.ablationLambdas.enumerated() {
            let with = records.runs(RLHFMethod.pbrl.rawValue, params: ["lambda": l])
            let without = records.runs(RLHFMethod.pbrlNoScore.rawValue, params: ["lambda": l])
            if !with.isEmpty { out.append(Curve(label: "PBRL λ=\(formatNumber(l))", color: .tab10(i + 5), style: .solid, runs: with)) }
            if !without.isEmpty {
                out.append(Curve(label: "PBRL λ=\(formatNumber(l)), no score term", color: .tab10(i + 5), style: .dashed, runs: without))
            }
        }
        return out
    }

    var seedCount: Int { Set(records.succeeded.map(\.seed)).count }

    /// Draws each curve's band of `series` against queries; returns the figure data.
    func plot(_ curves: [Curve], _ series: String, on ax: Axes) -> [String: [Double]] {
        var data = [String: [Double]]()
        for c in curves {
            let b = c.runs.band(series)
            let x = Array(c.runs[0].series["queries"]!.prefix(b.mean.count))
            ax.band(x: x, mean: b.mean, lower: b.lower(Self.band), upper: b.upper(Self.band),
                    label: c.label, color: c.color, style: c.style)
            data["\(c.label): \(series) mean"] = b.mean
            data["\(c.label): \(series) std"] = b.std
            data["queries"] = x
        }
        return data
    }

    func referenceLines(on ax: Axes) {
        if let oracle = records.succeeded.first?.finals["oracle_return"] {
            ax.hline(y: oracle, label: "soft-optimal policy of the true reward", color: Color(hex: 0x555555), style: .dashed)
        }
        if let initial = records.succeeded.first?.finals["initial_true_return"] {
            ax.hline(y: initial, label: "initial (uniform) policy", color: Color(hex: 0x888888), style: .dotted)
        }
    }

    func draw() throws -> FigureManifest {
        let provenance = session.figureProvenance
        var manifest = FigureManifest(experiment: session.experiment, profile: session.profile)
        let bandText = "mean ± 1 std over \(seedCount) seeds"
        let origin = "Experiment \(provenance.text)."
        let returnText = "true unregularized discounted return V^π(ρ) (τ = 0, γ = \(formatNumber(config.gamma)))"

        // Figure 1: true return against preference queries (learner's policy | reward model's optimum).
        let f1 = Figure(width: 7.6, height: 3.9, rows: 1, cols: 2)
        let a = f1.axes(0, 0), b = f1.axes(0, 1)
        a.title = "policy of the learner"
        b.title = "soft-optimal policy π*_{x} of the reward model"
        for ax in [a, b] {
            ax.xLabel = "preference queries"; ax.yLabel = "true return V^{π}(ρ)"; ax.grid = true
        }
        var data1 = plot(mainCurves, "true_return", on: a)
        data1.merge(plot(mainCurves, "model_optimal_return", on: b)) { x, _ in x }
        referenceLines(on: a); referenceLines(on: b)
        f1.legend(from: [a], columns: 4)
        let caption1 = "E3: \(returnText) against the number of labelled preference pairs, \(bandText). "
            + "Left: the learner's policy (PBRL: π_y; two-stage: the soft-optimal policy of its r_x). "
            + "Right: the soft-optimal policy π*_x (τ = \(formatNumber(config.tau))) of the current reward model r_x. "
            + "Dashed: the soft-optimal policy of the hidden true reward; dotted: the initial uniform policy. \(origin)"
        manifest.figures.append(try save(f1, name: "e3_true_return", title: "E3: true return vs preference queries",
                                         caption: caption1, data: data1))

        // Figure 2: held-out preference accuracy.
        let f2 = Figure(width: 6.4, height: 3.6)
        let c = f2.axes(0, 0)
        c.title = "held-out preference accuracy of r_{x}"
        c.xLabel = "preference queries"; c.yLabel = "accuracy"; c.grid = true
        let data2 = plot(mainCurves, "held_out_accuracy", on: c)
        c.hline(y: 0.5, label: "chance", color: Color(hex: 0x888888), style: .dotted)
        c.legend(.outsideRight)
        let pairs = records.succeeded.first?.finals["held_out_pairs"].map { String(Int($0)) } ?? "?"
        let caption2 = "E3: fraction of \(pairs) held-out segment pairs (per seed; each segment from the uniform or the "
            + "true soft-optimal policy with probability 1/2; pairs with equal true returns dropped) that r_x orders like "
            + "the true reward (a model tie counts 1/2), against labelled pairs, \(bandText). \(origin)"
        manifest.figures.append(try save(f2, name: "e3_heldout_accuracy", title: "E3: held-out preference accuracy",
                                         caption: caption2, data: data2))

        // Figure 3: ablation of the score-function term.
        let ablation = ablationCurves
        if !ablation.isEmpty {
            let f3 = Figure(width: 6.4, height: 3.6)
            let d = f3.axes(0, 0)
            d.title = "PBRL with and without the score-function term"
            d.xLabel = "preference queries"; d.yLabel = "true return V^{π}(ρ) of π_{y}"; d.grid = true
            let data3 = plot(ablation, "true_return", on: d)
            referenceLines(on: d)
            d.legend(.outsideRight)
            let caption3 = "E3 ablation: \(returnText) of PBRL's policy π_y with the y-step as derived (solid: score-function "
                + "gradient of the preference NLL + λ dp/dy) and without the score-function term (dashed: λ dp/dy only), "
                + "\(bandText). \(origin)"
            manifest.figures.append(try save(f3, name: "e3_score_ablation", title: "E3: score-function ablation",
                                             caption: caption3, data: data3))
        }
        try manifest.write(to: session.layout.manifestFile)
        return manifest
    }

    func save(_ fig: Figure, name: String, title: String, caption: String, data: [String: [Double]]) throws -> FigureEntry {
        try FigureWriter(session: session).write(fig, name: name, title: title,
                                                 extra: ["seeds": String(seedCount), "band": "mean ± 1 std"])
        return FigureEntry(name: name, title: title, caption: caption, data: data)
    }
}

/// `10` for integral values, else the shortest decimal form (`0.05`).
func formatNumber(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
}
