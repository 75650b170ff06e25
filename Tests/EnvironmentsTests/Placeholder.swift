import XCTest
final class EnvironmentsTestsPlaceholder: XCTestCase { func testBuilds() {} }
