import XCTest
final class ExperimentsTestsPlaceholder: XCTestCase { func testBuilds() {} }
