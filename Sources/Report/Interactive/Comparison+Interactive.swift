import Foundation

extension InteractiveFigures {
    /// The key of a figure pair's overlay view in a comparison page.
    static func overlayKey(_ pair: Comparison.FigurePair) -> String { "\(pair.experiment)/\(pair.name)" }
}

extension Comparison {
    /// One overlay view per figure present in both reports with its data (`<name>.view.json`
    /// beside each PNG): A as drawn, B dashed over it, B − A in the read-out.
    func interactiveOverlays() -> InteractiveFigures {
        var views = InteractiveFigures()
        for pair in figures {
            guard let a = pair.pngA, let b = pair.pngB else { continue }
            func data(_ png: URL) -> Data? {
                FileManager.default.contents(atPath: InteractiveFigures.viewPath(forPNG: png.path))
            }
            guard let da = data(a), let db = data(b) else { continue }
            views.entries[InteractiveFigures.overlayKey(pair)] = .init(data: da, other: db)
        }
        return views
    }
}
