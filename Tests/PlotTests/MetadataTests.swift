import XCTest
@testable import Plot

final class MetadataTests: XCTestCase {
    let meta = FigureMetadata(title: "E1b convergence λ", commit: "abc123", dirty: true, configHash: "cfg42",
                              experiment: "stackelberg", extra: ["seeds": "5"])

    func small() -> Figure {
        let f = Figure(width: 2, height: 1.5)
        f.axes(0, 0).line(x: [0, 1, 2], y: [1, 3, 2], label: "a")
        return f
    }

    func testCRCMatchesPNGSpec() {
        XCTAssertEqual(PNGText.crc32(Array("IEND".utf8)), 0xAE426082)
    }

    func testPNGCarriesTextChunksAfterIHDR() throws {
        let png = [UInt8](try small().pngData(dpi: 72, metadata: meta))
        XCTAssertEqual(String(decoding: png[12..<16], as: UTF8.self), "IHDR")
        // IHDR is 8 + 12 + 13 bytes long; the next chunk is ours (iTXt since the title has a λ)
        XCTAssertEqual(String(decoding: png[37..<41], as: UTF8.self), "iTXt", "first chunk after IHDR is text")
        let kv = Dictionary(try PNGText.read(png), uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(kv["Title"], "E1b convergence λ")
        XCTAssertEqual(kv["Commit"], "abc123")
        XCTAssertEqual(kv["Dirty"], "true")
        XCTAssertEqual(kv["Config Hash"], "cfg42")
        XCTAssertEqual(kv["Experiment"], "stackelberg")
        XCTAssertEqual(kv["seeds"], "5")
        // still a decodable PNG
        let r = try decodePNG(Data(png))
        XCTAssertEqual(r.width, 144)
        XCTAssertEqual(r.height, 108)
    }

    func testPDFCarriesMetadataAndFixedDate() throws {
        let pdf = try small().pdfData(metadata: meta)
        let text = String(decoding: pdf, as: UTF8.self)
        // cairo 1.16 writes the date without the "D:" prefix; pdfinfo reads it as 2000-01-01 00:00 UTC
        XCTAssertTrue(text.contains("/CreationDate (20000101000000Z)") || text.contains("/CreationDate (D:20000101000000"),
                      "fixed creation date")
        XCTAssertTrue(text.contains("/FontFile2") || text.contains("/FontFile3"), "fonts embedded as TrueType/CFF")
        XCTAssertFalse(text.contains("/Type3"), "no Type 3 fonts")
        XCTAssertTrue(text.contains("Commit=abc123"))
        XCTAssertTrue(text.contains("Config Hash=cfg42"))
        XCTAssertTrue(text.contains("Experiment=stackelberg"))
        XCTAssertTrue(text.contains("/Title"))
    }

    func testIdenticalInputsGiveIdenticalBytes() throws {
        XCTAssertEqual(try small().pngData(dpi: 100, metadata: meta), try small().pngData(dpi: 100, metadata: meta))
        XCTAssertEqual(try small().pdfData(metadata: meta), try small().pdfData(metadata: meta))
    }
}
