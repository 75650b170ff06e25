import Algorithms
import ExperimentKit
import Foundation
import Lab
import Plot

/// The E3b figures, drawn from the run records only, captions generated from them.
struct DeepRLHFFigures {
    let session: Session
    let records: [RunRecord]
    let config: DeepRLHFConfig

    struct Curve { var label: String; var color: Color; var style: LineStyle; var runs: [RunRecord] }

    var curves: [Curve] {
        var out = [Curve]()
        for (i, l) in config.lambdas.enumerated() {
            let runs = records.runs(DeepRLHFMethod.pbrl.rawValue, params: ["lambda": l])
            if !runs.isEmpty { out.append(Curve(label: "PBRL λ=\(formatNumber(l))", color: .tab10(i), style: .solid, runs: runs)) }
        }
        let d = records.runs(DeepRLHFMethod.drlhf.rawValue)
        if !d.isEmpty { out.append(Curve(label: "DRLHF", color: .black, style: .solid, runs: d)) }
        let t = records.runs(DeepRLHFMethod.trueReward.rawValue)
        if !t.isEmpty { out.append(Curve(label: "A2C on the true reward", color: Color(hex: 0x777777), style: .dashed, runs: t)) }
        return out
    }

    var seedCount: Int { Set(records.succeeded.map(\.seed)).count }

    func plot(_ curves: [Curve], _ series: String, on ax: Axes) -> [String: [Double]] {
        var data = [String: [Double]]()
        for c in curves where c.runs.allSatisfy({ $0.series[series] != nil }) {
            let b = c.runs.band(series)
            let x = Array(c.runs[0].series["frames"]!.prefix(b.mean.count))
            ax.band(x: x, mean: b.mean, lower: b.lower(.std), upper: b.upper(.std), label: c.label, color: c.color, style: c.style)
            data["\(c.label): \(series) mean"] = b.mean
            data["\(c.label): \(series) std"] = b.std
            data["\(c.label): frames"] = x
        }
        return data
    }

    func draw() throws {
        let writer = FigureWriter(session: session)
        let s = config.settings
        let band = "mean ± 1 std over \(seedCount) seeds"
        let extra = ["seeds": String(seedCount), "band": "mean ± 1 std"]

        let f1 = Figure(width: 6.8, height: 3.8)
        let a = f1.axes(0, 0)
        a.title = "MinAtar Breakout: true game return"
        a.xLabel = "environment frames of the policy learner"; a.yLabel = "return per episode"; a.grid = true
        let d1 = plot(curves, "true_return", on: a)
        a.legend(.outsideRight)
        try writer.save(f1, name: "e3b_true_return", title: "E3b: true return vs frames",
                        caption: "E3b: undiscounted game return (bricks per episode) of the learner's stochastic policy, mean of "
                            + "\(s.evaluationEpisodes) evaluation episodes (sticky actions \(formatNumber(s.stickyProbability)), capped at "
                            + "\(s.maxEpisodeSteps) steps) per point, against the policy learner's environment frames (the preference methods start after the "
                            + "\(2 * s.initialPairs * s.segmentLength) frames that collect their initial pairs; the inner oracle's frames are not counted here), \(band). "
                            + "PBRL (value penalty, inner oracle \(s.innerSteps) A2C steps) and DRLHF learn from \(s.initialPairs) initial and "
                            + "\(s.pairsPerEpoch) new Bradley-Terry labelled pairs of \(s.segmentLength)-step segments every "
                            + "\(s.updatesPerRewardEpoch) A2C updates; the dashed reference is A2C on the game reward.",
                        data: d1, extra: extra)

        let prefs = curves.filter { $0.runs.first?.series["held_out_accuracy"] != nil }
        let f2 = Figure(width: 7.6, height: 3.6, rows: 1, cols: 2)
        let b = f2.axes(0, 0), c = f2.axes(0, 1)
        b.title = "held-out preference accuracy of r_{θ}"; b.yLabel = "accuracy"
        c.title = "correlation of r_{θ}(σ) with R(σ)"; c.yLabel = "Pearson correlation"
        for ax in [b, c] { ax.xLabel = "environment frames"; ax.grid = true }
        var d2 = plot(prefs, "held_out_accuracy", on: b)
        d2.merge(plot(prefs, "reward_correlation", on: c)) { x, _ in x }
        b.hline(y: 0.5, label: "chance", color: Color(hex: 0x888888), style: .dotted)
        f2.legend(from: [b], columns: 3)
        let pairs = records.succeeded.first?.finals["held_out_pairs"].map { String(Int($0)) } ?? "?"
        try writer.save(f2, name: "e3b_reward_model", title: "E3b: reward model quality",
                        caption: "E3b: left, the fraction of \(pairs) held-out segment pairs (from games that track the ball with "
                            + "probability 0 to 0.95 per step, otherwise random; ties of the true return dropped) that r_θ orders like "
                            + "the true return; right, the Pearson correlation of segment sums r_θ(σ) with the true returns R(σ) on "
                            + "the same segments; \(band).",
                        data: d2, extra: extra)
        try writer.writeManifest()
    }
}
