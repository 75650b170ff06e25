import XCTest
@testable import Plot

final class ColormapTests: XCTestCase {
    func assertColor(_ c: Color, _ r: Double, _ g: Double, _ b: Double, accuracy: Double = 1e-6,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(c.red, r, accuracy: accuracy, file: file, line: line)
        XCTAssertEqual(c.green, g, accuracy: accuracy, file: file, line: line)
        XCTAssertEqual(c.blue, b, accuracy: accuracy, file: file, line: line)
    }

    func testViridisPublishedValues() {
        XCTAssertEqual(viridisTable.count, 256)
        assertColor(Colormap.viridis.color(at: 0), 0.267004, 0.004874, 0.329415)
        assertColor(Colormap.viridis.color(at: 0.5), 0.127568, 0.566949, 0.550556)
        assertColor(Colormap.viridis.color(at: 1), 0.993248, 0.906157, 0.143936)
        // clamped outside [0, 1]; NaN is transparent
        assertColor(Colormap.viridis.color(at: -3), 0.267004, 0.004874, 0.329415)
        XCTAssertEqual(Colormap.viridis.color(at: .nan).alpha, 0)
    }

    func testViridisInterpolatesBetweenEntries() {
        // t = 128.5 / 256 lies halfway between entries 128 and 129
        let a = viridisTable[128], b = viridisTable[129]
        assertColor(Colormap.viridis.color(at: 128.5 / 256), (a.0 + b.0) / 2, (a.1 + b.1) / 2, (a.2 + b.2) / 2, accuracy: 1e-12)
    }

    func testDivergingMapIsWhiteInTheMiddleAndBlueBelow() {
        assertColor(Colormap.rdBu.color(at: 0.5), 0xf7 / 255.0, 0xf7 / 255.0, 0xf7 / 255.0)
        assertColor(Colormap.rdBu.color(at: 0), 0x67 / 255.0, 0, 0x1f / 255.0)
        assertColor(Colormap.difference.color(at: 0), 0x05 / 255.0, 0x30 / 255.0, 0x61 / 255.0)
        assertColor(Colormap.difference.color(at: 1), 0x67 / 255.0, 0, 0x1f / 255.0)
    }

    func testSymmetricRangeCentresZero() {
        XCTAssertEqual(ColorRange.symmetricAboutZero.resolve(-0.2...0.5), -0.5...0.5)
    }

    func testDiscreteMappingThroughUnevenLevels() {
        let m = Mappable(colormap: .viridis, range: 0...8, levels: [0, 1, 2, 4, 8], axes: nil)
        XCTAssertEqual(m.fraction(for: 1), 0.25, accuracy: 1e-12)
        XCTAssertEqual(m.fraction(for: 3), 0.625, accuracy: 1e-12)
        XCTAssertEqual(m.fraction(for: 100), 1)
        assertColor(m.bandColor(0), viridisTable[32].0, viridisTable[32].1, viridisTable[32].2)
    }
}
