import Foundation
import Lab
import Plot

/// The two E3 figures, drawn from the run records only, with captions generated from them.
struct RLHFFigures {
    let session: Session
    let records: [RunRecord]
    let config: RLHFConfig
    var lambdas: [Double] { config.lambdas }

    static let band = SeriesBand.Kind.std

    /// (label, colour, records) per curve: PBRL for each lambda, then two-stage.
    var curves: [(label: String, color: Color, runs: [RunRecord])] {
        var out = [(label: String, color: Color, runs: [RunRecord])]()
        for (i, l) in lambdas.enumerated() {
            let runs = records.runs(RLHFMethod.pbrl.rawValue, params: ["lambda": l])
            if !runs.isEmpty { out.append(("PBRL λ=\(formatNumber(l))", .tab10(i), runs)) }
        }
        let two = records.runs(RLHFMethod.twoStage.rawValue)
        if !two.isEmpty { out.append(("two-stage RLHF", .tab10(4), two)) }
        return out
    }

    var seedCount: Int { Set(records.succeeded.map(\.seed)).count }

    func draw() throws -> FigureManifest {
        let provenance = session.figureProvenance
        var manifest = FigureManifest(experiment: session.experiment, profile: session.profile)
        let bandText = "mean ± 1 std over \(seedCount) seeds"
        let origin = "Experiment \(provenance.text)."
        let oracle = records.succeeded.first?.finals["oracle_return"]
        let initial = records.succeeded.first?.finals["initial_true_return"]

        // Figure 1: true return against preference queries.
        let f1 = Figure(width: 6.4, height: 3.6)
        let ax = f1.axes(0, 0)
        ax.title = "E3: true return of the learned policy"
        ax.xLabel = "preference queries (pairs labelled)"
        ax.yLabel = "true return V^{π}(ρ), τ=0"
        ax.grid = true
        var data1 = [String: [Double]]()
        for c in curves {
            let b = c.runs.band("true_return")
            let x = c.runs[0].series["queries"]!
            ax.band(x: Array(x.prefix(b.mean.count)), mean: b.mean, lower: b.lower(Self.band), upper: b.upper(Self.band),
                    label: c.label, color: c.color)
            data1["\(c.label) mean"] = b.mean
            data1["queries"] = x
        }
        if let oracle { ax.hline(y: oracle, label: "oracle: soft-optimal for true reward", color: .black, style: .dashed) }
        if let initial { ax.hline(y: initial, label: "initial (uniform) policy", color: Color(hex: 0x888888), style: .dotted) }
        ax.legend(.outsideRight)
        let caption1 = "True unregularized discounted return V^π(ρ) (τ = 0, γ = \(formatNumber(config.gamma))) of each learner's policy "
            + "(PBRL: π_y; two-stage: soft-optimal policy of r_x) against the number of labelled preference pairs, "
            + "\(bandText). Dashed: the soft-optimal policy of the hidden true reward (τ = \(formatNumber(config.tau))); "
            + "dotted: the initial uniform policy. \(origin)"
        manifest.figures.append(try save(f1, name: "e3_true_return", title: "E3: true return vs preference queries",
                                         caption: caption1, data: data1))

        // Figure 2: held-out preference accuracy.
        let f2 = Figure(width: 6.4, height: 3.6)
        let bx = f2.axes(0, 0)
        bx.title = "E3: held-out preference accuracy of r_x"
        bx.xLabel = "preference queries (pairs labelled)"
        bx.yLabel = "accuracy"
        bx.grid = true
        var data2 = [String: [Double]]()
        for c in curves {
            let b = c.runs.band("held_out_accuracy")
            let x = c.runs[0].series["queries"]!
            bx.band(x: Array(x.prefix(b.mean.count)), mean: b.mean, lower: b.lower(Self.band), upper: b.upper(Self.band),
                    label: c.label, color: c.color)
            data2["\(c.label) mean"] = b.mean
            data2["queries"] = x
        }
        bx.hline(y: 0.5, label: "chance", color: Color(hex: 0x888888), style: .dotted)
        bx.legend(.outsideRight)
        let pairs = records.succeeded.first?.finals["held_out_pairs"].map { String(Int($0)) } ?? "?"
        let caption2 = "Fraction of \(pairs) held-out segment pairs (per seed; each segment from the uniform or the "
            + "true soft-optimal policy with probability 1/2; ties in true return dropped) that r_x orders like the "
            + "true reward (a model tie counts 1/2), against labelled pairs, \(bandText). \(origin)"
        manifest.figures.append(try save(f2, name: "e3_heldout_accuracy", title: "E3: held-out preference accuracy",
                                         caption: caption2, data: data2))
        try manifest.write(to: session.layout.manifestFile)
        return manifest
    }


    func save(_ fig: Figure, name: String, title: String, caption: String, data: [String: [Double]]) throws -> FigureEntry {
        let p = session.figureProvenance
        let dir = session.layout.figuresDirectory
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try fig.save(png: session.layout.figureFile(name, "png"), pdf: session.layout.figureFile(name, "pdf"), dpi: 150,
                     metadata: FigureMetadata(title: title, commit: p.commit, dirty: p.dirty, configHash: p.configHash,
                                              experiment: p.experiment,
                                              extra: ["profile": p.profile, "seeds": String(seedCount), "band": "mean ± 1 std"]))
        return FigureEntry(name: name, title: title, caption: caption, data: data)
    }
}

/// `10` for integral values, else the shortest decimal form (`0.05`).
func formatNumber(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
}
