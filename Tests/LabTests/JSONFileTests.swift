import XCTest
@testable import Lab

/// `JSONFile.decode`: the one-line errors `bilevel verify`, `report` and `compare` print for a
/// missing or malformed run record name the file and the field at fault.
final class JSONFileTests: XCTestCase {
    struct Doc: Decodable { var method: String; var seed: UInt64; var series: [String: [Double]] }

    func message(_ text: String?, _ name: String) -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("jsonfile-\(name)-\(ProcessInfo.processInfo.processIdentifier).json")
        if let text { try! Data(text.utf8).write(to: url) } else { try? FileManager.default.removeItem(at: url) }
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try JSONFile.decode(Doc.self, at: url, kind: "run record")
            return "decoded"
        } catch {
            return String(describing: error).replacingOccurrences(of: url.path, with: "F")
        }
    }

    func testErrorsNameTheFileAndTheField() {
        XCTAssertEqual(message(nil, "missing"), "run record not found: F")
        XCTAssertEqual(message("not json", "garbage"), "F is not a run record (not valid JSON)")
        XCTAssertEqual(message(#"{"seed": 1, "series": {}}"#, "nokey"), "F is not a run record (missing 'method')")
        XCTAssertEqual(message(#"{"method": "m", "seed": "one", "series": {}}"#, "type"), "F is not a run record (wrong type at 'seed')")
        XCTAssertEqual(message(#"{"method": "m", "seed": 1, "series": {"x": [1, "a"]}}"#, "nested"),
                       "F is not a run record (wrong type at 'series.x[1]')")
        XCTAssertEqual(message(#"{"method": "m", "seed": 1, "series": {"x": [1, 2]}}"#, "ok"), "decoded")
    }
}
