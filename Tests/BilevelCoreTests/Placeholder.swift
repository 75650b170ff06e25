import XCTest
final class BilevelCoreTestsPlaceholder: XCTestCase { func testBuilds() {} }
