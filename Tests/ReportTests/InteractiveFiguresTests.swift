import XCTest
import Foundation
import Plot
@testable import Report

/// The page side of the interactive figures without a browser: where the data goes and what
/// a page without figure data looks like.
final class InteractiveFiguresTests: XCTestCase {
    func testDataAndViewFollowTheirImageAndCannotCloseTheScript() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iv-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("figures/e"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fig = Figure(width: 3, height: 2)
        fig.axes(0, 0).line(x: [0, 1, 2], y: [0.1, 0.25, 1e-300], label: "a</script><b>")
        try fig.pngData(dpi: 20).write(to: folder.appendingPathComponent("figures/e/f.png"))
        try fig.view().json().write(to: folder.appendingPathComponent("figures/e/f.view.json"))
        try fig.pngData(dpi: 20).write(to: folder.appendingPathComponent("figures/e/g.png"))   // no view data
        var page = HTMLPage(title: "t", markdown: "![f](figures/e/f.png)\n\n![g](figures/e/g.png)\n", base: folder)
        page.interactive.add(pngs: ["figures/e/f.png", "figures/e/g.png", "figures/e/missing.png"], in: folder)
        XCTAssertEqual(page.interactive.entries.keys.sorted(), ["figures/e/f.png"])
        let html = try page.render()
        XCTAssertEqual(html.components(separatedBy: "<div class=\"iview\" data-view=\"fv1\"></div>").count, 2)
        XCTAssertEqual(html.components(separatedBy: "data-view=\"fv").count, 2, "only the figure with data gets a view")
        XCTAssertTrue(html.contains("<div class=\"ifig\" data-png=\"figures/e/f.png\"><img class=\"static\" src=\"data:image/png;base64,"))
        XCTAssertFalse(html.contains("a</script><b>"), "a label must not end the data script")
        XCTAssertTrue(html.contains("a<\\/script><b>"))
        XCTAssertTrue(html.contains("1e-300"), "values are stored unrounded")
        XCTAssertTrue(html.contains(InteractiveFigures.script))
        XCTAssertTrue(html.contains("@media print"))
        let data = try XCTUnwrap(html.range(of: "id=\"fv1\">").map { html[$0.upperBound...] })
        let json = String(data[..<data.range(of: "</script>")!.lowerBound]).replacingOccurrences(of: "<\\/", with: "</")
        XCTAssertEqual(try FigureView.decode(Data(json.utf8)), fig.view())

        let plain = try HTMLPage(title: "t", markdown: "![g](figures/e/g.png)\n", base: folder).render()
        XCTAssertFalse(plain.contains("<script"), "a page without figure data has no script")
    }
}
