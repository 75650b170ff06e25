import Foundation
import Lab
import Plot

/// Writes an experiment's figures where the report looks for them
/// (`runs/<experiment>/<profile>/figures/<name>.png|pdf`), stamped with the run's provenance
/// (title, commit, dirty flag, config hash, experiment, profile) in the PNG text chunks and the
/// PDF metadata, and collects their manifest entries (`figures.json`).
///
/// The glue between Lab (where and whose run) and Plot (how a figure is drawn): Lab knows no
/// figures and Plot knows no runs, so experiments meet both here instead of each keeping a copy.
public final class FigureWriter {
    public let layout: ExperimentLayout
    public let provenance: FigureProvenance
    public private(set) var entries: [FigureEntry] = []

    public init(layout: ExperimentLayout, provenance: FigureProvenance) {
        self.layout = layout
        self.provenance = provenance
    }

    public convenience init(session: Session) {
        self.init(layout: session.layout, provenance: session.figureProvenance)
    }

    /// The metadata every figure of this run carries; `extra` adds keys (e.g. seeds, band).
    public func metadata(_ title: String, extra: [String: String] = [:]) -> FigureMetadata {
        FigureMetadata(title: title, commit: provenance.commit, dirty: provenance.dirty,
                       configHash: provenance.configHash, experiment: provenance.experiment,
                       extra: extra.merging(["profile": provenance.profile]) { mine, _ in mine })
    }

    /// Writes `figures/<name>.png` (at `dpi`), `figures/<name>.pdf` and the figure's data for
    /// the report's interactive view, `figures/<name>.view.json` (`Figure.view`: every array
    /// the figure was drawn from); no manifest entry.
    public func write(_ figure: Figure, name: String, title: String, dpi: Double = 150, extra: [String: String] = [:]) throws {
        try FileManager.default.createDirectory(at: layout.figuresDirectory, withIntermediateDirectories: true)
        let metadata = metadata(title, extra: extra)
        try figure.save(png: layout.figureFile(name, "png"), pdf: layout.figureFile(name, "pdf"), dpi: dpi,
                        metadata: metadata)
        try AtomicFile.write(figure.view(metadata: metadata).json(), to: layout.figureFile(name, FigureView.fileExtension))
    }

    /// Writes the figure and records its manifest entry. With `appendSource` the caption ends
    /// with the run's provenance line (experiment, profile, config hash, commit).
    @discardableResult
    public func save(_ figure: Figure, name: String, title: String, caption: String, data: [String: [Double]]? = nil,
                     dpi: Double = 150, extra: [String: String] = [:], appendSource: Bool = true) throws -> FigureEntry {
        try write(figure, name: name, title: title, dpi: dpi, extra: extra)
        let entry = FigureEntry(name: name, title: title,
                                caption: appendSource ? caption + " Source: \(provenance.text)." : caption, data: data)
        entries.append(entry)
        return entry
    }

    /// Writes `figures.json` listing every figure saved through `save`.
    public func writeManifest() throws {
        try FigureManifest(experiment: provenance.experiment, profile: provenance.profile, figures: entries)
            .write(to: layout.manifestFile)
    }
}
