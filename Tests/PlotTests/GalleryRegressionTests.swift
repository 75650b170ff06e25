import XCTest
@testable import Plot

/// Image regression: every gallery figure rendered at 100 dpi against the committed baseline
/// `Tests/PlotTests/Baselines/<name>.png`.
///
/// Tolerance: a pixel differs when one of its 8-bit channels differs by more than 16; a
/// figure fails when more than 0.1% of its pixels differ. On failure the rendering and a diff
/// image (changed pixels red) are written to `.build/plot-test-output/`.
/// Regenerate baselines after an intended change with `UPDATE_BASELINES=1 swift test --filter GalleryRegressionTests`
/// and look at them before committing. Baselines record the Cairo version that drew them (PNG
/// text chunk `Software`); on a machine with another Cairo version, whose text rasterization
/// may differ slightly, the comparison is skipped with a message saying so.
final class GalleryRegressionTests: XCTestCase {
    static let dpi = 100.0
    static let channelTolerance = 16
    static let maxChangedFraction = 0.001

    var baselineDir: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Baselines") }
    var outputDir: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/plot-test-output")
    }

    func testGalleryMatchesBaselines() throws {
        let update = ProcessInfo.processInfo.environment["UPDATE_BASELINES"] == "1"
        let meta = FigureMetadata(title: "baseline", experiment: "plot-gallery")
        for (name, make) in Gallery.figures {
            let png = try make().pngData(dpi: Self.dpi, metadata: meta)
            let baseline = baselineDir.appendingPathComponent(name + ".png")
            if update {
                try png.write(to: baseline)
                continue
            }
            guard let expected = try? Data(contentsOf: baseline) else {
                XCTFail("\(name): no baseline at \(baseline.path); create it with UPDATE_BASELINES=1")
                continue
            }
            let software = try PNGText.read([UInt8](expected)).first { $0.0 == "Software" }?.1 ?? "unknown"
            if software != meta.software {
                throw XCTSkip("baselines were drawn by \(software), this machine has cairo \(cairoVersion); "
                              + "regenerate with UPDATE_BASELINES=1 to compare here")
            }
            let diff = PixelDiff(try decodePNG(expected), try decodePNG(png), tolerance: Self.channelTolerance)
            if diff.changedFraction > Self.maxChangedFraction {
                try FileManager.default.createDirectory(at: outputDir, withIntermediateDirectories: true)
                let actual = outputDir.appendingPathComponent(name + ".actual.png")
                let diffURL = outputDir.appendingPathComponent(name + ".diff.png")
                try png.write(to: actual)
                try encodePNG(diff.image).write(to: diffURL)
                XCTFail(String(format: "%@: %.3f%% of pixels differ (max channel difference %d > %d); see %@ and %@",
                               name, 100 * diff.changedFraction, diff.maxChannelDifference, Self.channelTolerance,
                               actual.path, diffURL.path))
            }
        }
    }

    func testIdenticalInputsGiveIdenticalPixels() throws {
        let (_, make) = Gallery.figures.first { $0.name == "landscape" }!
        let a = try make().pngData(dpi: 60), b = try make().pngData(dpi: 60)
        XCTAssertEqual(a, b)
        XCTAssertEqual(PixelDiff(try decodePNG(a), try decodePNG(b)).changedPixels, 0)
    }

    func testDiffDetectsAChange() throws {
        let f1 = Figure(width: 1, height: 1), f2 = Figure(width: 1, height: 1)
        f1.axes(0, 0).line(x: [0, 1], y: [0, 1])
        f2.axes(0, 0).line(x: [0, 1], y: [0, 0.9])
        let d = PixelDiff(try decodePNG(try f1.pngData(dpi: 72)), try decodePNG(try f2.pngData(dpi: 72)), tolerance: 16)
        XCTAssertGreaterThan(d.changedPixels, 10)
        XCTAssertEqual(d.image.width, 72)
    }
}
