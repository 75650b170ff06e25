import XCTest
@testable import Plot

/// Tick positions against matplotlib's MaxNLocator(steps=[1, 2, 2.5, 5, 10]) and LogLocator,
/// computed by hand from their definitions (tolerance 1e-12 relative).
final class TickTests: XCTestCase {
    func assertTicks(_ got: [Double], _ want: [Double], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, want.count, "ticks \(got) vs \(want)", file: file, line: line)
        for (g, w) in zip(got, want) { XCTAssertEqual(g, w, accuracy: 1e-12 * max(1, abs(w)), file: file, line: line) }
    }

    func testLinearUnitRange() {
        // raw step 1/5 = 0.2 -> step 0.2
        assertTicks(TickLocator.linearTicks(0, 1, maxBins: 5), [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        // raw step 1/9 -> first step >= 0.111 is 0.2
        assertTicks(TickLocator.linearTicks(0, 1, maxBins: 9), [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    }

    func testLinearStepsTwoAndTwoPointFive() {
        // 0..7 with 5 bins: raw 1.4 -> step 2
        assertTicks(TickLocator.linearTicks(0, 7, maxBins: 5), [0, 2, 4, 6])
        // 0..10 with 4 bins: raw 2.5 -> step 2.5
        assertTicks(TickLocator.linearTicks(0, 10, maxBins: 4), [0, 2.5, 5, 7.5, 10])
        // -0.1..1.05 with 5 bins: raw 0.23 -> step 0.25
        assertTicks(TickLocator.linearTicks(-0.1, 1.05, maxBins: 5), [0, 0.25, 0.5, 0.75, 1.0])
    }

    func testLinearNegativeAndLarge() {
        assertTicks(TickLocator.linearTicks(-3.3, 4.1, maxBins: 6), [-2, 0, 2, 4])
        assertTicks(TickLocator.linearTicks(1000, 21000, maxBins: 4), [5000, 10000, 15000, 20000])
        assertTicks(TickLocator.linearTicks(0.0012, 0.0047, maxBins: 7), [0.0015, 0.002, 0.0025, 0.003, 0.0035, 0.004, 0.0045])
    }

    func testMaxNTicksExtendsBeyondRange() {
        // matplotlib returns one tick beyond each side when the range is not on a tick
        assertTicks(TickLocator.maxNTicks(0.1, 0.95, maxBins: 4), [0, 0.25, 0.5, 0.75, 1.0])
    }

    func testLogDecades() {
        let (major, minor) = TickLocator.logTicks(1e-3, 1e2, maxMajor: 10)
        assertTicks(major, [1e-3, 1e-2, 1e-1, 1, 10, 100])
        XCTAssertEqual(minor.count, 5 * 8)
        XCTAssertTrue(minor.contains { abs($0 - 0.002) < 1e-15 })
        XCTAssertEqual(TickFormatter.log(major), ["10^{\u{2212}3}", "10^{\u{2212}2}", "10^{\u{2212}1}", "10^{0}", "10^{1}", "10^{2}"])
    }

    func testLogManyDecadesThinsMajors() {
        let (major, minor) = TickLocator.logTicks(1e-8, 1e1, maxMajor: 5)
        // 10 decades visible, at most 5 majors -> every 2nd decade
        assertTicks(major, [1e-8, 1e-6, 1e-4, 1e-2, 1])
        assertTicks(minor, [1e-7, 1e-5, 1e-3, 1e-1, 10])
    }

    func testLogNarrowRangeLabelsOneTwoFive() {
        let (major, _) = TickLocator.logTicks(0.15, 3, maxMajor: 6)
        assertTicks(major, [0.2, 0.5, 1, 2])
        XCTAssertEqual(TickFormatter.log(major), ["0.2", "0.5", "1", "2"])
    }

    func testLinearLabels() {
        XCTAssertEqual(TickFormatter.linear([0, 0.25, 0.5]).labels, ["0.00", "0.25", "0.50"])
        XCTAssertEqual(TickFormatter.linear([-2, 0, 2]).labels, ["\u{2212}2", "0", "2"])
        let big = TickFormatter.linear([0, 2e5, 4e5])
        XCTAssertEqual(big.labels, ["0", "2", "4"])
        XCTAssertEqual(big.offset, "×10^{5}")
    }
}

final class IntegerTickTests: XCTestCase {
    func testIntegerModeSkipsTwoPointFive() {
        // 0..20 with 8 bins: raw step 2.5 -> 2.5 by default, 5 in integer mode
        XCTAssertEqual(TickLocator.linearTicks(0, 20, maxBins: 8), [0, 2.5, 5, 7.5, 10, 12.5, 15, 17.5, 20])
        XCTAssertEqual(TickLocator.linearTicks(0, 20, maxBins: 8, integer: true), [0, 5, 10, 15, 20])
        // a narrow integer range never gets fractional ticks
        XCTAssertEqual(TickLocator.linearTicks(0, 3, maxBins: 9, integer: true), [0, 1, 2, 3])
    }

    func testIterationAxesGetWholeNumberTicksAutomatically() {
        let fig = Figure(width: 6, height: 3)
        let ax = fig.axes(0, 0)
        ax.band(x: [0, 5, 10, 15, 20], mean: [0.1, 0.2, 0.25, 0.3, 0.31], lower: [0, 0.1, 0.2, 0.2, 0.3], upper: [0.2, 0.3, 0.3, 0.4, 0.35])
        XCTAssertTrue(ax.integerTicks(horizontal: true))
        XCTAssertFalse(ax.integerTicks(horizontal: false))
        let g = FigureLayout(figure: fig, surface: CairoSurface.measuring()).geometries[0]
        XCTAssertTrue(g.xTicks.major.allSatisfy { $0 == $0.rounded() }, "\(g.xTicks.major)")
        XCTAssertFalse(g.xTicks.labels.contains { $0.contains(".") })
        ax.xIntegerTicks = false
        XCTAssertFalse(ax.integerTicks(horizontal: true))
    }
}
