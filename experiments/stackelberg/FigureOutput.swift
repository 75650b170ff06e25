import Foundation
import Lab
import Plot

/// Saves figures of this session as PNG + PDF with provenance and collects their manifest
/// entries (captions generated from the records).
final class FigureWriter {
    let session: Session
    private(set) var entries: [FigureEntry] = []

    init(session: Session) { self.session = session }

    func save(_ figure: Figure, name: String, title: String, caption: String, data: [String: [Double]]? = nil) throws {
        let prov = session.figureProvenance
        let meta = FigureMetadata(title: title, commit: prov.commit, dirty: prov.dirty, configHash: prov.configHash,
                                  experiment: prov.experiment, extra: ["profile": prov.profile])
        try figure.save(png: session.layout.figureFile(name, "png"), pdf: session.layout.figureFile(name, "pdf"),
                        dpi: 150, metadata: meta)
        entries.append(FigureEntry(name: name, title: title, caption: caption + " Source: \(prov.text).", data: data))
    }

    func writeManifest() throws {
        try FigureManifest(experiment: session.experiment, profile: session.profile, figures: entries)
            .write(to: session.layout.manifestFile)
    }
}

/// A colour per lambda index and a line style per penalty, shared by every E1 figure.
enum MethodStyle {
    static func color(lambdaIndex i: Int) -> Color { .tab10([0, 1, 2, 4, 6, 8][i % 6]) }
    static let hypergradient = Color(hex: 0x111111)
    static let naive = Color(hex: 0xd62728)
    static func style(_ method: String) -> LineStyle { method == "pbrl-bellman" ? .dashed : .solid }
    static func label(_ method: String, _ lambda: Double?) -> String {
        switch method {
        case "pbrl-value": return "PBRL-value λ=\(formatLambda(lambda ?? 0))"
        case "pbrl-bellman": return "PBRL-Bellman λ=\(formatLambda(lambda ?? 0))"
        case "hypergradient": return "exact hypergradient"
        case "naive": return "naive gradient"
        default: return method
        }
    }
}

func formatLambda(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
}
