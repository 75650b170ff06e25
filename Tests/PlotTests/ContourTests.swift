import XCTest
@testable import Plot

/// Contour topology on analytic fields.
final class ContourTests: XCTestCase {
    func circleGrid(n: Int = 41) -> ScalarGrid {
        let xs = (0..<n).map { -1 + 2 * Double($0) / Double(n - 1) }
        return ScalarGrid(x: xs, y: xs, z: xs.map { y in xs.map { x in x * x + y * y } })
    }

    func testCircleGivesOneClosedRing() {
        let lines = MarchingSquares.isolines(circleGrid(), level: 0.25)
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].closed)
        XCTAssertGreaterThan(lines[0].x.count, 20)
        // every vertex lies on the circle of radius 0.5 up to linear-interpolation error (h^2/8 scale)
        for (x, y) in zip(lines[0].x, lines[0].y) { XCTAssertEqual(hypot(x, y), 0.5, accuracy: 0.01) }
    }

    func testLevelOutsideRangeGivesNothing() {
        XCTAssertTrue(MarchingSquares.isolines(circleGrid(), level: 5).isEmpty)
        XCTAssertTrue(MarchingSquares.isolines(circleGrid(), level: -1).isEmpty)
    }

    /// One saddle cell: corners (0,0)=1, (1,0)=−1, (1,1)=1, (0,1)=−1, centre value 0.
    let saddle = ScalarGrid(x: [0, 1], y: [0, 1], z: [[1, -1], [-1, 1]])

    func segments(_ lines: [ContourLine]) -> Set<[Double]> {
        Set(lines.map { l -> [Double] in
            XCTAssertEqual(l.x.count, 2); XCTAssertFalse(l.closed)
            let a = [l.x[0], l.y[0]], b = [l.x[1], l.y[1]]
            return a.lexicographicallyPrecedes(b) ? a + b : b + a
        })
    }

    func testSaddleCentreAboveCutsOffLowCorners() {
        // level −0.5 < centre 0: the high corners (0,0) and (1,1) connect; segments isolate (1,0) and (0,1)
        let lines = MarchingSquares.isolines(saddle, level: -0.5)
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(segments(lines), [[0.75, 0, 1, 0.25], [0, 0.75, 0.25, 1]])
    }

    func testSaddleCentreBelowCutsOffHighCorners() {
        // level 0.5 > centre 0: segments isolate the high corners (0,0) and (1,1)
        let lines = MarchingSquares.isolines(saddle, level: 0.5)
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(segments(lines), [[0, 0.25, 0.25, 0], [0.75, 1, 1, 0.75]])
    }

    func testNaNOpensTheRing() {
        let g = circleGrid()
        var z = g.z
        // grid point (x = 0.5, y = 0) sits on the ring r = 0.5
        z[20][30] = .nan
        let lines = MarchingSquares.isolines(ScalarGrid(x: g.x, y: g.y, z: z), level: 0.25)
        XCTAssertEqual(lines.count, 1)
        XCTAssertFalse(lines[0].closed, "a NaN on the ring leaves it open")
        // both ends lie next to the NaN sample
        for k in [0, lines[0].x.count - 1] {
            XCTAssertLessThan(hypot(lines[0].x[k] - 0.5, lines[0].y[k]), 0.1)
        }
    }

    func testSuperlevelRegionAreaAndOrientation() {
        // {x² + y² >= 0.25} inside [−1, 1]²: area 4 − π/4
        let polys = SuperlevelRegion.polygons(circleGrid(n: 81), level: 0.25)
        var area = 0.0
        for p in polys {
            var a = 0.0
            for k in 0..<p.count { let q = p[(k + 1) % p.count]; a += p[k].0 * q.1 - q.0 * p[k].1 }
            XCTAssertGreaterThanOrEqual(a, -1e-12, "every polygon runs counter-clockwise (non-zero fill adds up); corners exactly on the level give empty ones")
            area += a / 2
        }
        XCTAssertEqual(area, 4 - Double.pi / 4, accuracy: 2e-3)
        // merged rows keep the path small: far fewer polygons than cells
        XCTAssertLessThan(polys.count, 80 * 80 / 4)
    }

    func testSuperlevelSaddleFollowsCentreRule() {
        // centre below level 0.5: two corner triangles; centre above level −0.5: one hexagon
        XCTAssertEqual(SuperlevelRegion.polygons(saddle, level: 0.5).map { $0.count }, [3, 3])
        XCTAssertEqual(SuperlevelRegion.polygons(saddle, level: -0.5).map { $0.count }, [6])
    }

    func testAutomaticLevelsCoverTheData() {
        let lv = ContourLevels.count(10).resolve(0.13...7.9)
        XCTAssertLessThanOrEqual(lv.first!, 0.13)
        XCTAssertGreaterThanOrEqual(lv.last!, 7.9)
        XCTAssertEqual(lv, [0, 1, 2, 3, 4, 5, 6, 7, 8])
    }
}

final class ContourLabelTests: XCTestCase {
    func testLabelGapIsCentredAndReadable() throws {
        // a straight line drawn right-to-left and rising on the page (screen y decreasing)
        let pts = (0...10).map { Point(100 - 10 * Double($0), 100 - 5 * Double($0)) }
        let (pieces, centre, angle) = try XCTUnwrap(ContourLinesArtist.breakForLabel(pts, width: 20))
        XCTAssertEqual(pieces.count, 2)
        XCTAssertEqual(centre.x, 50, accuracy: 1e-9)
        XCTAssertEqual(centre.y, 75, accuracy: 1e-9)
        // text never upside down: angle in (−90°, 90°]; the line falls to the right on the page
        XCTAssertEqual(angle, -atan(0.5), accuracy: 1e-12)
        let gap = hypot(pieces[1][0].x - pieces[0].last!.x, pieces[1][0].y - pieces[0].last!.y)
        XCTAssertEqual(gap, 20, accuracy: 1e-9)
        XCTAssertNil(ContourLinesArtist.breakForLabel(Array(pts.prefix(3)), width: 20), "too short for a label")
    }
}
