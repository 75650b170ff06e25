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

/// Colours per lambda index, shared by every E5 figure.
func lambdaColor(_ i: Int) -> Color { .tab10([0, 1, 2, 4, 6, 8][i % 6]) }

func formatLambda(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
}
