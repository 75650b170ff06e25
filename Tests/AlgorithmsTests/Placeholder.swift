import XCTest
final class AlgorithmsTestsPlaceholder: XCTestCase { func testBuilds() {} }
