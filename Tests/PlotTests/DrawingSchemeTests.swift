import XCTest
@testable import Plot

/// What the plot layer asks the surface to draw, checked on a `RecordingSurface`.
final class DrawingSchemeTests: XCTestCase {
    func fills(_ s: RecordingSurface) -> [(Path, Color)] {
        s.calls.compactMap { if case .fill(let p, let c, _) = $0 { return (p, c) } else { return nil } }
    }

    func testFilledContourPaintsEachLevelOverTheLowerOnes() {
        let xs = (0..<21).map { -1 + Double($0) / 10 }
        let z = xs.map { y in xs.map { x in x * x + y * y } }
        let fig = Figure(width: 3, height: 3)
        let ax = fig.axes(0, 0)
        ax.showAxes = false
        let m = ax.filledContour(x: xs, y: xs, z: z, levels: [0, 0.5, 1, 1.5, 2])
        let s = RecordingSurface()
        fig.draw(on: s)
        // page background, then one non-zero fill per band, lowest band first, covering all valid cells
        let f = fills(s).dropFirst()
        XCTAssertEqual(f.count, 4)
        XCTAssertEqual(f.map { $0.1 }, (0..<4).map { m.bandColor($0) })
        // the base layer is the whole grid as one rectangle per row (20 rows of 20 cells)
        XCTAssertEqual(f.first!.0.elements.filter { if case .move = $0 { return true } else { return false } }.count, 20)
        // higher levels cover strictly less: fewer or smaller regions, never more vertices than the grid has cells
        XCTAssertTrue(s.calls.allSatisfy { if case .fill(_, _, let evenOdd) = $0 { return !evenOdd } else { return true } })
    }

    func testAxesTextsAreLabelsAndTicks() {
        let fig = Figure(width: 4, height: 3)
        let ax = fig.axes(0, 0)
        ax.title = "T"; ax.xLabel = "iteration"; ax.yLabel = "F_{λ}"
        ax.line(x: [0, 10], y: [0, 1], label: "curve")
        ax.legend()
        let s = RecordingSurface()
        fig.draw(on: s)
        let t = s.texts
        for expected in ["T", "iteration", "F", "λ", "curve", "0.0", "1.0", "0", "10"] {
            XCTAssertTrue(t.contains(expected), "missing text \(expected) in \(t)")
        }
        // the y label is drawn rotated a quarter turn
        XCTAssertTrue(s.calls.contains { if case .text("F", _, _, _, let a) = $0 { return abs(a - Double.pi / 2) < 1e-12 } else { return false } })
    }

    func testDataAreClippedToThePanel() {
        let fig = Figure(width: 4, height: 3)
        let ax = fig.axes(0, 0)
        ax.line(x: [0, 1], y: [0, 100])
        ax.yLimits = 0...1
        let s = RecordingSurface()
        fig.draw(on: s)
        guard let open = s.calls.firstIndex(where: { if case .clip = $0 { return true } else { return false } }),
              let close = s.calls.firstIndex(of: .endClip) else { return XCTFail("no clip") }
        let inside = s.calls[open..<close].contains { if case .stroke = $0 { return true } else { return false } }
        XCTAssertTrue(inside, "the line is drawn inside the clip")
    }
}
