import XCTest
final class LabTestsPlaceholder: XCTestCase { func testBuilds() {} }
