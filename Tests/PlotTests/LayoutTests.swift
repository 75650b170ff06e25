import XCTest
@testable import Plot

/// Legend placement and the band rule on log axes, checked on the decided geometry.
final class LayoutTests: XCTestCase {
    func layout(_ fig: Figure) -> FigureLayout { FigureLayout(figure: fig, surface: CairoSurface.measuring()) }

    func testBestLegendAvoidsTheData() {
        let fig = Figure(width: 4, height: 3)
        let ax = fig.axes(0, 0)
        let xs = (0...50).map { Double($0) / 50 }
        // a rising curve through the lower-left and upper-right corners
        ax.line(x: xs, y: xs.map { $0 * $0 }, label: "x²")
        ax.legend()
        let g = layout(fig).geometries[0]
        let r = try! XCTUnwrap(g.legendRect)
        XCTAssertFalse(g.outsideLegend)
        XCTAssertTrue(g.plot.contains(Point(r.minX, r.minY)) && g.plot.contains(Point(r.maxX, r.maxY)))
        let ctx = g.context(CairoSurface.measuring())
        XCTAssertEqual(LegendBox.badness(r, ax.obstacles(ctx)), 0)
        // upper left is the first free spot in matplotlib's order
        XCTAssertLessThan(r.midX, g.plot.midX)
        XCTAssertLessThan(r.midY, g.plot.midY)
    }

    func testBestLegendMovesOutsideWhenDataFillThePanel() {
        let fig = Figure(width: 4, height: 3)
        let ax = fig.axes(0, 0)
        var rng = GalleryRandom(seed: 2)
        ax.scatter(x: (0..<2000).map { _ in rng.uniform() }, y: (0..<2000).map { _ in rng.uniform() }, label: "noise")
        ax.legend()
        let g = layout(fig).geometries[0]
        XCTAssertTrue(g.outsideLegend)
        XCTAssertGreaterThanOrEqual(g.legendRect!.minX, g.plot.maxX)
        XCTAssertLessThanOrEqual(g.legendRect!.maxX, 4 * 72)
    }

    func testExplicitPlacementIsKept() {
        let fig = Figure(width: 4, height: 3)
        let ax = fig.axes(0, 0)
        ax.line(x: [0, 1], y: [0, 1], label: "a")
        ax.legend(.lowerRight)
        let g = layout(fig).geometries[0]
        XCTAssertGreaterThan(g.legendRect!.midX, g.plot.midX)
        XCTAssertGreaterThan(g.legendRect!.midY, g.plot.midY)
    }

    func testBandBoundsAtOrBelowZeroGoToTheLogFloor() {
        let band = BandArtist(xs: [1, 2, 3], mean: [1, 0.1, 0.01], lower: [0.5, 0, -1], upper: [2, 0.2, 0.02],
                              label: nil, color: .black, style: .solid, width: 1, alpha: 0.2)
        let plot = Rect(x: 0, y: 0, width: 100, height: 100)
        let ctx = DrawContext(surface: CairoSurface.measuring(), plot: plot,
                              x: AxisMap(scale: .linear, lower: 1, upper: 3, start: 0, end: 100),
                              y: AxisMap(scale: .log, lower: 1e-3, upper: 10, start: 100, end: 0))
        let poly = band.polygon(ctx, 0..<3)
        XCTAssertEqual(poly.count, 6, "no vertex is dropped")
        // lower bounds 0 and −1 (vertices 4 and 3 of the reversed lower edge) sit on the floor y = 100
        XCTAssertEqual(poly[3].y, 100, accuracy: 1e-9)
        XCTAssertEqual(poly[4].y, 100, accuracy: 1e-9)
        XCTAssertTrue(poly.allSatisfy { $0.y.isFinite })
    }

    func testPanelsOfARowShareTheirDataArea() {
        let fig = Figure(width: 6, height: 3, rows: 1, cols: 2)
        fig.axes(0, 0).line(x: [0, 1], y: [0, 1e6])
        fig.axes(0, 0).yLabel = "a long label"
        fig.axes(0, 1).line(x: [0, 1], y: [0, 1])
        let gs = layout(fig).geometries
        XCTAssertEqual(gs[0].plot.minY, gs[1].plot.minY, accuracy: 1e-9)
        XCTAssertEqual(gs[0].plot.height, gs[1].plot.height, accuracy: 1e-9)
        XCTAssertLessThan(gs[0].plot.maxX, gs[1].plot.minX)
    }
}
