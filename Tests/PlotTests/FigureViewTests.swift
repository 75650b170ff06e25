import XCTest
import Foundation
@testable import Plot

/// `Figure.view()`: the data an interactive page draws is exactly what the figure was given.
final class FigureViewTests: XCTestCase {
    func testCurvesKeepTheirExactValuesColoursAndTicks() throws {
        let fig = Figure(width: 6, height: 3, rows: 1, cols: 2)
        let ax = fig.axes(0, 0)
        let xs = (0..<50).map(Double.init)
        let mean = xs.map { 1 / (1 + $0) + 0.1 }, lower = mean.map { $0 * 0.9 }, upper = mean.map { $0 * 1.1 }
        ax.band(x: xs, mean: mean, lower: lower, upper: upper, label: "PBRL λ=10")
        ax.line(x: [1, 2.5, 7], y: [0.3, .nan, -.infinity], label: "gap", color: Color(hex: 0x123456))
        ax.hline(y: 0.5, label: "exact")
        let bx = fig.axes(0, 1)
        bx.yScale = .log
        bx.line(x: xs, y: mean, label: "log")
        let view = fig.view(metadata: FigureMetadata(title: "t", experiment: "e", extra: ["seeds": "5"]))
        XCTAssertEqual(view.metadata["seeds"], "5")
        XCTAssertEqual(view.metadata["Experiment"], "e")
        XCTAssertEqual(view.panels.count, 2)
        let band = try XCTUnwrap(view.panels[0].artists.first { $0.kind == "band" })
        XCTAssertEqual(band.y?.values, mean)
        XCTAssertEqual(band.lower?.values, lower)
        XCTAssertEqual(band.upper?.values, upper)
        XCTAssertEqual(band.color, "#1f77b4", "first tab10 colour, as in the Cairo figure")
        XCTAssertEqual(band.label, "PBRL λ=10")

        // JSON: evenly spaced x as a range, non-finite values as null, every double round-trips.
        let json = String(decoding: try view.json(), as: UTF8.self)
        XCTAssertTrue(json.contains("\"x\":{\"count\":50,\"start\":0,\"step\":1}"), json.prefix(400).description)
        XCTAssertTrue(json.contains("[0.3,null,null]"))
        XCTAssertTrue(json.contains("\"y\":{\"f64\":"), "long lists as base64 bytes")
        let back = try FigureView.decode(try view.json())
        XCTAssertEqual(back.panels[0].artists.first { $0.kind == "band" }?.y?.values, mean)
        XCTAssertEqual(back.panels[0].artists.first { $0.kind == "band" }?.x?.values, xs)
        let odd = [0.1, -0.0, .nan, 1e-310, -.infinity, .pi] + (0..<20).map { 1 / Double($0 + 3) }
        let roundTrip = try JSONDecoder().decode(Numbers.self, from: JSONEncoder().encode(Numbers(odd)))
        XCTAssertEqual(roundTrip.values.map(\.bitPattern), odd.map(\.bitPattern), "bytes, not text: every value exact, NaN and −0 included")

        // Ticks are the Cairo figure's, with the bin count that reproduces them.
        for panel in view.panels {
            for axis in [panel.x, panel.y] {
                XCTAssertGreaterThan(axis.bins, 0)
                let again = axis.scale == "log"
                    ? TickLocator.logTicks(axis.limits[0], axis.limits[1], maxMajor: axis.bins + 1).major
                    : TickLocator.linearTicks(axis.limits[0], axis.limits[1], maxBins: axis.bins, integer: axis.integer)
                XCTAssertEqual(again, axis.ticks)
            }
        }
        XCTAssertEqual(view.panels[1].y.scale, "log")
        XCTAssertTrue(view.panels[1].x.integer, "iteration counts get whole-number ticks")
        XCTAssertFalse(view.panels[0].x.integer, "x = 2.5 is not an iteration count")
    }

    func testFieldsGridMapsSlidersAndTables() throws {
        let fig = Figure(width: 8, height: 3, rows: 1, cols: 3)
        let x = [0.0, 1, 2], y = [0.0, 0.5]
        var frames: [(value: Double, axes: Axes)] = []
        for (k, lambda) in [1.0, 10].enumerated() {
            let ax = fig.axes(0, k)
            let z = y.map { b in x.map { a in a + lambda * b } }
            let m = ax.filledContour(x: x, y: y, z: z, levels: [0, 1, 2, 3, 7])
            fig.colorbar(m, label: "F_{λ}")
            frames.append((lambda, ax))
        }
        fig.slider("λ", frames: frames)
        let gx = fig.axes(0, 2)
        gx.gridMap(rows: 2, cols: 2, values: [[1, 2], [.nan, 4]], walls: [GridCell(row: 1, col: 0)],
                   labels: [GridCell(row: 0, col: 0): "S"], overlay: .circles([[0.5, 0.25], [0, 0.125]]))
        let view = fig.view()
        XCTAssertEqual(view.sliders, [SliderView(label: "λ", values: [1, 10], panels: [0, 1])])
        let field = try XCTUnwrap(view.panels[1].artists.first { $0.kind == "field" })
        XCTAssertEqual(field.z?.values, [0, 1, 2, 5, 6, 7], "row-major z[j * nx + i]")
        XCTAssertEqual(field.levels, [0, 1, 2, 3, 7])
        XCTAssertEqual(field.bandColors?.count, 4)
        XCTAssertEqual(field.bandColors?.first, Colormap.viridis.color(at: 0.125).hexString)
        XCTAssertEqual(view.palette["viridis"]?.count, 256)
        XCTAssertEqual(view.panels[1].colorbar?.label, "F_{λ}")
        let grid = try XCTUnwrap(view.panels[2].artists.first { $0.kind == "gridmap" })
        XCTAssertEqual(grid.z?.values.count, 4)
        XCTAssertEqual(grid.z?.values[3], 4)
        XCTAssertTrue(grid.z?.values[2].isNaN == true)
        XCTAssertEqual(grid.overlay, "circles")
        XCTAssertEqual(grid.overlayValues?.values, [0.5, 0.25, 0, 0.125])
        XCTAssertEqual(grid.walls, [[1, 0]])
        XCTAssertEqual(grid.cellLabels?.first?.text, "S")

        let table = Figure.table(header: ["a", "b"], rows: [["1", "2"], ["3", "4"]], title: "T", bold: [GridCell(row: 1, col: 1)])
        let t = try XCTUnwrap(table.view().panels.first?.artists.first)
        XCTAssertEqual(t.kind, "table")
        XCTAssertEqual(t.cells, [["1", "2"], ["3", "4"]])
        XCTAssertEqual(t.boldCells, [[1, 1]])

        let described = Figure(width: 3, height: 2)
        described.axes(0, 0).text("1.5", x: 0.5, y: 0.5)
        described.describeTable(header: ["x"], rows: [["1.5"]])
        XCTAssertEqual(described.view().panels.map { $0.artists.map(\.kind) }, [["table"]])
    }
}
