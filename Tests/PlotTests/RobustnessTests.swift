import XCTest
@testable import Plot

/// Degenerate inputs draw something sensible instead of crashing or producing NaN geometry.
final class RobustnessTests: XCTestCase {
    func testDegenerateDataStillRenders() throws {
        let fig = Figure(width: 6, height: 4, rows: 2, cols: 3)
        fig.axes(0, 0).title = "empty panel"
        fig.axes(0, 1).line(x: [0, 1, 2], y: [3, 3, 3], label: "constant")
        fig.axes(0, 2).line(x: [0, 1], y: [.nan, .nan], label: "all NaN")
        let ax = fig.axes(1, 0)
        ax.yScale = .log
        ax.line(x: [0, 1, 2], y: [0, -1, 0], label: "no positive value")
        ax.legend()
        fig.axes(1, 1).scatter(x: [1], y: [1], label: "one point")
        let bx = fig.axes(1, 2)
        bx.band(x: [0, 1, 2, 3], mean: [1, .nan, 1, 2], lower: [0, 0, .nan, 1], upper: [2, 2, 2, 3])
        bx.xLimits = 5...5
        let png = try fig.pngData(dpi: 50)
        let r = try decodePNG(png)
        XCTAssertEqual(r.width, 300)
        XCTAssertFalse(try fig.pdfData().isEmpty)
    }

    func testFieldsWithNaNAndConstantValues() throws {
        let fig = Figure(width: 4, height: 2, rows: 1, cols: 2)
        let xs = [0.0, 1, 2], ys = [0.0, 1]
        let m = fig.axes(0, 0).filledContour(x: xs, y: ys, z: [[1, 1, 1], [1, 1, 1]])
        fig.colorbar(m, label: "constant")
        let h = fig.axes(0, 1).heatmap(x: xs, y: ys, z: [[.nan, .nan, .nan], [.nan, .nan, .nan]])
        fig.colorbar(h)
        XCTAssertGreaterThanOrEqual(m.levels!.count, 2)
        XCTAssertFalse(try fig.pngData(dpi: 50).isEmpty)
    }

    func testRichTextMarkup() {
        let s = CairoSurface.measuring()
        let t = RichText("10^{−3}", font: Font(size: 10), surface: s)
        XCTAssertEqual(t.runs.map { $0.text }, ["10", "−3"])
        XCTAssertLessThan(t.runs[1].dy, 0, "superscript is raised")
        XCTAssertEqual(t.runs[1].font.size, 7, accuracy: 1e-12)
        XCTAssertGreaterThan(t.ascent, Font(size: 10).ascent)
        let sub = RichText("F_{λ}(x)", font: Font(size: 10), surface: s)
        XCTAssertEqual(sub.runs.map { $0.text }, ["F", "λ", "(x)"])
        XCTAssertGreaterThan(sub.runs[1].dy, 0, "subscript is lowered")
        // braces without markup stay literal
        XCTAssertEqual(RichText("{a}_b", font: Font(size: 10), surface: s).runs.map { $0.text }, ["{a}_b"])
    }

    func testGreekLettersUseDejaVuSans() throws {
        let f = Figure(width: 2, height: 1.5)
        f.axes(0, 0).title = "λ τ γ π"
        let pdf = String(decoding: try f.pdfData(), as: UTF8.self)
        XCTAssertTrue(pdf.contains("DejaVuSans"))
        // the glyphs are measured with real widths (no fallback boxes of zero width)
        XCTAssertGreaterThan(CairoSurface.measuring().textWidth("λ", font: Font(size: 10)), 3)
    }
}

final class TypographyTests: XCTestCase {
    func testNegativeNumbersGetAMinusSign() {
        XCTAssertEqual(RichText.typesetMinus("slope -1.957 (x: -2 to -0.5)"), "slope \u{2212}1.957 (x: \u{2212}2 to \u{2212}0.5)")
        XCTAssertEqual(RichText.typesetMinus("PBRL-value λ=-1, 10^{-3}"), "PBRL-value λ=\u{2212}1, 10^{\u{2212}3}")
        XCTAssertEqual(RichText.typesetMinus("x-2"), "x-2", "a hyphen after a letter stays")
    }
}
