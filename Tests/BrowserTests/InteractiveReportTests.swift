import XCTest
import Foundation
import Lab
import Plot
@testable import Report

/// The interactive figures in a real browser (Debian's `chromium`, headless, DevTools over a
/// pipe): a report built from quick-profile runs of E1, E4 and E2 opens from disk without a
/// console error, every figure has its live view, the read-out under a data point is that
/// point's value in the run record, legend toggling hides a series, the λ slider changes the
/// drawn field, the Four Rooms cells and the E2 table read and sort as stored; the page's tick
/// rule gives the Cairo figures' ticks; screenshots of the Plot gallery's views match the
/// committed baselines (`Baselines/`, regenerate with `UPDATE_BASELINES=1` and look at them).
///
/// Without a browser the tests are skipped, except under CI (`CI=true`) where that fails.
final class InteractiveReportTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let baselines = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Baselines")
    static let output = packageRoot.appendingPathComponent(".build/browser-test-output")
    static let width = 1200, height = 900

    func browser() throws -> Chromium {
        guard let exe = Chromium.executable() else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                XCTFail("chromium not found (CI=true: the browser tests must run; .ci/run installs it with apt-get)")
                throw Chromium.Failure(description: "no browser")
            }
            throw XCTSkip("chromium not found: install it (apt-get install chromium) to run the browser tests")
        }
        let c = try Chromium(executable: exe, width: Self.width, height: Self.height)
        try c.openPage(width: Self.width, height: Self.height)
        return c
    }

    // MARK: - Fixture: a quick-profile report

    /// The folder holding the experiment executables this test was built with.
    static var productsDirectory: URL {
        let candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                          Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                          packageRoot.appendingPathComponent(".build/debug")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("stackelberg").path) }
            ?? packageRoot.appendingPathComponent(".build/debug")
    }

    static let fixtureExperiments = ["stackelberg", "landscape", "incentive"]

    /// Runs the experiments at the quick profile into a temporary root and writes its report.
    static let fixture: Result<(root: URL, report: URL), Error> = Result {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("bilevel-browser-fixture-\(getpid())")
        try? fm.removeItem(at: root)
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        try fm.createSymbolicLink(at: root.appendingPathComponent("experiments"), withDestinationURL: packageRoot.appendingPathComponent("experiments"))
        for name in fixtureExperiments {
            let process = Process()
            process.executableURL = productsDirectory.appendingPathComponent(name)
            process.arguments = ["--profile", "quick", "--out", root.appendingPathComponent("runs/\(name)/quick").path]
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw Chromium.Failure(description: "\(name) --profile quick failed (\(process.terminationStatus)): \(text.suffix(400))")
            }
        }
        var builder = ReportBuilder(root: root, profile: "quick")
        builder.only = fixtureExperiments
        builder.commit = "unknown"
        builder.date = Date(timeIntervalSince1970: 1_800_000_000)
        let folder = try builder.write()
        return (root, folder.appendingPathComponent("report.html"))
    }

    func openReport() throws -> (Chromium, URL) {
        let (root, report) = try Self.fixture.get()
        let c = try browser()
        try c.navigate(report)
        try waitForViews(c)
        return (c, root)
    }

    func waitForViews(_ c: Chromium) throws {
        for _ in 0..<100 {
            let ready = try c.evaluate("document.querySelectorAll('.iview[data-ready]').length === document.querySelectorAll('.iview').length") as? Bool
            if ready == true { return }
            usleep(100_000)
        }
        XCTFail("interactive views not ready: \(c.pageErrors)")
    }

    func view(_ c: Chromium, _ figure: String) throws -> String {
        // the view whose PNG is figures/<experiment>/<figure>.png
        let index = try c.evaluate("BilevelFigures.views.findIndex(v => (v.host.parentNode.dataset.png || '').endsWith('/\(figure).png'))") as? Int ?? -1
        XCTAssertGreaterThanOrEqual(index, 0, "no interactive view for \(figure)")
        return "BilevelFigures.views[\(index)]"
    }

    func tooltip(_ c: Chromium, _ v: String) throws -> [String: String] {
        let rows = try c.evaluate("Array.from(\(v).tip.querySelectorAll('tr')).map(r => [r.cells[0].textContent, r.cells[1].textContent])") as? [[String]] ?? []
        var out: [String: String] = [:]
        for r in rows where r.count == 2 { out[r[0]] = r[1] }
        return out
    }

    func hover(_ c: Chromium, _ v: String, panel: Int, label: String, index: Int) throws -> (tip: [String: String], value: Double) {
        _ = try c.evaluate("\(v).host.scrollIntoView({block: 'center'}), true")
        let p = try XCTUnwrap(try c.evaluate("\(v).pointOnPage(\(panel), \(json(label)), \(index))") as? [String: Any], "no point \(label)[\(index)]")
        try c.mouse("mouseMoved", x: p["x"] as! Double, y: p["y"] as! Double)
        return (try tooltip(c, v), p["value"] as? Double ?? .nan)
    }

    func json(_ s: String) -> String { String(decoding: try! JSONSerialization.data(withJSONObject: [s]), as: UTF8.self).dropFirst().dropLast().description }

    // MARK: - Tests

    func testReportViewsReadTheRunRecords() throws {
        let (c, root) = try openReport()
        defer { c.shutdown() }
        XCTAssertEqual(c.pageErrors, [], "console errors")
        XCTAssertEqual(try c.evaluate("BilevelFigures.errors") as? [String], [])

        // Every figure of the report has its live view (and keeps its PNG for print / no script).
        let manifest = try ReportManifest.load(from: try Self.fixture.get().report.deletingLastPathComponent())
        let figures = manifest.experiments.flatMap(\.figures).count
        XCTAssertGreaterThan(figures, 6)
        XCTAssertEqual(try c.evaluate("document.querySelectorAll('.ifig.live .iview[data-ready]').length") as? Int, figures)
        XCTAssertEqual(try c.evaluate("document.querySelectorAll('.ifig img.static').length") as? Int, figures)
        XCTAssertEqual(try c.evaluate("BilevelFigures.views.filter(v => v.canvas).length") as? Int, figures - 1, "all but the E2 table draw a canvas")
        XCTAssertEqual(try c.evaluate("BilevelFigures.views.flatMap(v => v.checkTicks())") as? [String], [], "page ticks differ from the Cairo figures' ticks")

        // Hover: E1a's exact-hypergradient curve at its 7th point reads the record's value exactly.
        let e1a = try view(c, "e1a_commitment")
        let records = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("runs/stackelberg/quick/records").path)
        let name = try XCTUnwrap(records.first { $0.hasPrefix("hypergradient_part=1_seed0") }, "no E1a hypergradient record in \(records)")
        let record = try RunRecord.load(root.appendingPathComponent("runs/stackelberg/quick/records/\(name)"))
        let iterations = try XCTUnwrap(record.series["iteration"]), values = try XCTUnwrap(record.series["leader_value"])
        let kept = iterations.indices.filter { iterations[$0] >= 1 }   // the figure's log axis shows k >= 1
        let k = 6
        let (tip, _) = try hover(c, e1a, panel: 0, label: "exact hypergradient", index: k)
        XCTAssertEqual(tip["series"], "exact hypergradient")
        XCTAssertEqual(tip["iteration k"].flatMap(Double.init), iterations[kept[k]], "read-out \(tip)")
        XCTAssertEqual(tip["VL(xk) = −F(xk)"].flatMap(Double.init), values[kept[k]], "read-out \(tip) vs record \(values[kept[k]])")

        // Legend toggling hides the series: the same spot no longer reads it and the pixels change.
        let before = try c.evaluate("\(e1a).canvas.toDataURL()") as? String
        _ = try c.evaluate("\(e1a).legend.querySelector('[data-label=\"exact hypergradient\"]').click(), true")
        XCTAssertEqual(try c.evaluate("\(e1a).hidden['exact hypergradient']") as? Int, 1)
        XCTAssertNotEqual(try c.evaluate("\(e1a).canvas.toDataURL()") as? String, before, "hiding a series must change the drawing")
        let hiddenTip = try hover(c, e1a, panel: 0, label: "exact hypergradient", index: k).tip
        XCTAssertNotEqual(hiddenTip["series"], "exact hypergradient", "a hidden series still reads out")
        _ = try c.evaluate("\(e1a).legend.querySelector('[data-label=\"exact hypergradient\"]').click(), true")
        XCTAssertEqual(try c.evaluate("\(e1a).canvas.toDataURL()") as? String, before, "showing it again restores the drawing")

        // Log/linear switch and drag-zoom change the view; reset restores it.
        _ = try c.evaluate("\(e1a).host.querySelector('button.scale-x').click(), true")
        XCTAssertEqual(try c.evaluate("\(e1a).scale(\(e1a).data.panels[0], 'x')") as? String, "linear")
        _ = try c.evaluate("\(e1a).host.querySelector('button.scale-x').click(), true")
        let plot = try XCTUnwrap(try c.evaluate("\(e1a).plotOnPage(0)") as? [String: Double])
        try c.mouse("mousePressed", x: plot["x"]! + plot["w"]! * 0.5, y: plot["y"]! + 10, button: "left", clicks: 1)
        try c.mouse("mouseMoved", x: plot["x"]! + plot["w"]! * 0.9, y: plot["y"]! + plot["h"]! - 10, button: "left")
        try c.mouse("mouseReleased", x: plot["x"]! + plot["w"]! * 0.9, y: plot["y"]! + plot["h"]! - 10, button: "left", clicks: 1)
        let zoomed = try XCTUnwrap(try c.evaluate("\(e1a).lim(\(e1a).data.panels[0], 'x')") as? [Double])
        let full = try XCTUnwrap(try c.evaluate("\(e1a).data.panels[0].x.limits") as? [Double])
        XCTAssertGreaterThan(zoomed[0], full[0])
        XCTAssertLessThan(zoomed[1], full[1])
        _ = try c.evaluate("\(e1a).host.querySelector('button').click(), true")
        XCTAssertEqual(try c.evaluate("\(e1a).lim(\(e1a).data.panels[0], 'x')") as? [Double], full)

        // λ slider over L1's F_λ panels: the drawn field changes and the read-out is the stored grid value.
        let l1 = try view(c, "l1_landscapes")
        _ = try c.evaluate("\(l1).host.scrollIntoView({block: 'center'}), true")
        let sliderPanels = try XCTUnwrap(try c.evaluate("\(l1).data.sliders[0].panels") as? [Int])
        XCTAssertEqual(try c.evaluate("\(l1).data.sliders[0].values") as? [Double], [1, 10, 100])
        let fieldBefore = try c.evaluate("\(l1).canvas.toDataURL()") as? String
        func readField(_ frame: Int) throws -> Double {
            let box = try XCTUnwrap(try c.evaluate("\(l1).plotOnPage(\(sliderPanels[frame]))") as? [String: Double])
            try c.mouse("mouseMoved", x: box["x"]! + box["w"]! * 0.37, y: box["y"]! + box["h"]! * 0.61)
            let hovered = try XCTUnwrap(try c.evaluate("\(l1).hovered") as? [String: Any])
            let stored = try XCTUnwrap(try c.evaluate("""
                (() => { const a = \(l1).data.panels[\(sliderPanels[frame])].artists.find(a => a.kind === 'field');
                  const h = \(l1).hovered; const g = \(l1).gridValue(a, h.x, h.y); return [String(g.v), String(h.field)]; })()
                """) as? [String])
            XCTAssertNotNil(hovered["field"], "no field read-out: \(hovered)")
            XCTAssertEqual(stored[0], stored[1])
            return try XCTUnwrap(Double(stored[1]))
        }
        let v1 = try readField(0)
        _ = try c.evaluate("(() => { const s = \(l1).host.querySelector('.iview-slider input'); s.value = 2; s.dispatchEvent(new Event('input')); return true; })()")
        XCTAssertNotEqual(try c.evaluate("\(l1).canvas.toDataURL()") as? String, fieldBefore, "the λ slider must change the drawn field")
        XCTAssertTrue((try c.evaluate("\(l1).host.querySelector('.iview-slider span').textContent") as? String ?? "").hasSuffix("= 100"))
        let v100 = try readField(2)
        XCTAssertNotEqual(v1, v100, "F_1 and F_100 read the same value")

        // Four Rooms map: a cell's read-out is its stored incentive and occupancy.
        let map = try view(c, "e2_map")
        _ = try c.evaluate("\(map).host.scrollIntoView({block: 'center'}), true")
        let mapBox = try XCTUnwrap(try c.evaluate("\(map).plotOnPage(0)") as? [String: Double])
        let shape = try XCTUnwrap(try c.evaluate("(() => { const a = \(map).data.panels[0].artists.find(a => a.kind === 'gridmap'); return [a.rows, a.cols]; })()") as? [Double])
        let (rows, cols) = (shape[0], shape[1])
        let (r, col) = (2, 3)
        try c.mouse("mouseMoved", x: mapBox["x"]! + (Double(col) + 0.5) * mapBox["w"]! / cols, y: mapBox["y"]! + (Double(r) + 0.5) * mapBox["h"]! / rows)
        let cellTip = try tooltip(c, map)
        let stored = try XCTUnwrap(try c.evaluate("(() => { const a = \(map).data.panels[0].artists.find(a => a.kind === 'gridmap'); return [String(a.z[\(r) * a.cols + \(col)]), String(a.overlayValues[\(r) * a.cols + \(col)])]; })()") as? [String])
        XCTAssertEqual(cellTip["cell"], "row \(r), column \(col)")
        XCTAssertEqual(cellTip["incentive(s)"], stored[0], "\(cellTip)")
        XCTAssertEqual(cellTip["occupancy"], stored[1], "\(cellTip)")

        // E2 table: an HTML table of the stored cells (sorting: see the gallery test, the quick profile has one row).
        let table = try view(c, "e2_table")
        let shown = try XCTUnwrap(try c.evaluate("Array.from(\(table).host.querySelectorAll('tbody tr')).map(r => Array.from(r.cells).map(c => c.textContent))") as? [[String]])
        let cellsJSON = try XCTUnwrap(try c.evaluate("\(table).data.panels[0].artists[0].cells") as? [[String]])
        XCTAssertEqual(shown, cellsJSON.map { $0.map { $0.replacingOccurrences(of: "-", with: "\u{2212}") } })
        XCTAssertFalse(shown.isEmpty)
        XCTAssertEqual(c.pageErrors, [], "console errors after interacting")

        // Screenshots of the report's views, kept for reading (not compared: the runs change with the code).
        try FileManager.default.createDirectory(at: Self.output, withIntermediateDirectories: true)
        for name in ["e1a_commitment", "l1_landscapes", "e2_map", "e1b_hyperobjective"] {
            let v = try view(c, name)
            let png = try shot(c, v)
            try png.write(to: Self.output.appendingPathComponent("report_\(name).png"))
        }
    }

    /// compare.html: A and B overlaid, B − A in the read-out. B is the fixture's report with one
    /// value of E1a's exact-hypergradient curve raised by 0.5 in its figure data.
    func testComparisonOverlaysShowTheDifference() throws {
        let fm = FileManager.default
        let (root, report) = try Self.fixture.get()
        let folderA = report.deletingLastPathComponent()
        let folderB = root.appendingPathComponent("reports/B")
        try? fm.removeItem(at: folderB)
        try fm.copyItem(at: folderA, to: folderB)
        let viewFile = folderB.appendingPathComponent("figures/stackelberg/e1a_commitment.view.json")
        var view = try FigureView.decode(Data(contentsOf: viewFile))
        let k = 6
        let index = try XCTUnwrap(view.panels[0].artists.firstIndex { $0.label == "exact hypergradient" })
        let a = try XCTUnwrap(view.panels[0].artists[index].y?.values[k])
        view.panels[0].artists[index].y!.values[k] = a + 0.5
        try view.json().write(to: viewFile)
        let comparison = try Comparison(a: ReportManifest.load(from: folderA), folderA: folderA, labelA: "A",
                                        b: ReportManifest.load(from: folderB), folderB: folderB, labelB: "B")
        let out = root.appendingPathComponent("reports/compare/A-vs-B")
        try comparison.write(to: out)
        let c = try browser()
        defer { c.shutdown() }
        try c.navigate(out.appendingPathComponent("compare.html"))
        try waitForViews(c)
        XCTAssertEqual(c.pageErrors, [])
        let figures = comparison.figures.filter { $0.pngA != nil && $0.pngB != nil }.count
        XCTAssertEqual(try c.evaluate("BilevelFigures.views.filter(v => v.other).length") as? Int, figures, "one overlay per figure in both reports")
        let v = "BilevelFigures.views[BilevelFigures.views.findIndex(v => v.id && v.host.parentNode.dataset.png === 'stackelberg/e1a_commitment')]"
        let (tip, _) = try hover(c, v, panel: 0, label: "exact hypergradient", index: k)
        XCTAssertEqual(tip["A"].flatMap(Double.init), a, "\(tip)")
        XCTAssertEqual(tip["B"].flatMap(Double.init), a + 0.5, "\(tip)")
        XCTAssertEqual(tip["B − A"].flatMap(Double.init), (a + 0.5) - a, "\(tip)")
        try FileManager.default.createDirectory(at: Self.output, withIntermediateDirectories: true)
        try shot(c, v).write(to: Self.output.appendingPathComponent("compare_e1a_commitment.png"))
    }

    func shot(_ c: Chromium, _ v: String) throws -> Data {
        _ = try c.evaluate("\(v).host.scrollIntoView({block: 'start'}), true")
        let r = try XCTUnwrap(try c.evaluate("(() => { const b = \(v).host.getBoundingClientRect(); return [b.left + scrollX, b.top + scrollY, b.width, b.height]; })()") as? [Double])
        return try c.screenshot(x: r[0].rounded(.down), y: r[1].rounded(.down), width: r[2].rounded(.up), height: r[3].rounded(.up))
    }

    /// The Plot gallery's figures (fixed synthetic data) as interactive views, against the
    /// committed screenshots: any change of the script's drawing shows here.
    func testGalleryViewsMatchBaselines() throws {
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("bilevel-browser-gallery-\(getpid())")
        try? fm.removeItem(at: folder)
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        var markdown = "# Gallery\n\n"
        var page = HTMLPage(title: "gallery", markdown: "", base: folder)
        for (name, make) in Gallery.figures {
            let fig = make()
            try fig.pngData(dpi: 50).write(to: folder.appendingPathComponent("\(name).png"))
            page.interactive.entries["\(name).png"] = .init(data: try fig.view(metadata: FigureMetadata(title: name, extra: ["seeds": "5", "band": "min–max"])).json())
            markdown += "![\(name)](\(name).png)\n\n"
        }
        page.markdown = markdown
        let html = folder.appendingPathComponent("gallery.html")
        try Data(try page.render().utf8).write(to: html)
        let c = try browser()
        defer { c.shutdown() }
        try c.navigate(html)
        try waitForViews(c)
        XCTAssertEqual(c.pageErrors, [])
        XCTAssertEqual(try c.evaluate("BilevelFigures.views.flatMap(v => v.checkTicks())") as? [String], [])
        let update = ProcessInfo.processInfo.environment["UPDATE_BASELINES"] == "1"
        try fm.createDirectory(at: Self.output, withIntermediateDirectories: true)
        let version = try c.version()
        let versionFile = Self.baselines.appendingPathComponent("chromium-version.txt")
        if update {
            try fm.createDirectory(at: Self.baselines, withIntermediateDirectories: true)
            try Data((version + "\n").utf8).write(to: versionFile)
        }
        let drawnBy = (try? String(contentsOf: versionFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
        for (k, (name, _)) in Gallery.figures.enumerated() {
            let png = try shot(c, "BilevelFigures.views[\(k)]")
            let baseline = Self.baselines.appendingPathComponent("\(name).png")
            if update { try png.write(to: baseline); continue }
            guard let expected = fm.contents(atPath: baseline.path) else {
                XCTFail("\(name): no baseline \(baseline.path); create it with UPDATE_BASELINES=1"); continue
            }
            let diff = PixelDiff(try decodePNG(expected), try decodePNG(png), tolerance: 48)
            if diff.changedFraction > 0.01 {
                let actual = Self.output.appendingPathComponent("gallery_\(name).actual.png")
                try png.write(to: actual)
                try encodePNG(diff.image).write(to: Self.output.appendingPathComponent("gallery_\(name).diff.png"))
                XCTFail(String(format: "%@: %.2f%% of pixels differ from the baseline (drawn by %@, this is %@); see %@",
                               name, 100 * diff.changedFraction, drawnBy, version, actual.path))
            }
        }

        // Decimation for drawing: 200 000 points on a 400-pixel axis become at most 4 per pixel
        // column, keeping each column's lowest and highest point (the read-out uses the arrays).
        let decimated = try XCTUnwrap(try c.evaluate("""
            (() => { const n = 200000, xs = [], ys = [];
              for (let i = 0; i < n; i++) { xs.push(i); ys.push(Math.sin(i / 50) + (i % 997 === 0 ? 5 : 0)); }
              const M = { x: v => v / n * 400, y: v => 100 - 10 * v };
              const runs = BilevelFigures.decimate(xs, ys, M, 400), pts = runs.flat();
              const min = a => a.reduce((m, v) => Math.min(m, v), Infinity), max = a => a.reduce((m, v) => Math.max(m, v), -Infinity);
              const all = ys.map(M.y), ps = pts.map(p => p[1]);
              return [runs.length, pts.length, min(ps), max(ps), min(all), max(all)]; })()
            """) as? [Double])
        XCTAssertEqual(decimated[0], 1, "one unbroken run")
        XCTAssertLessThanOrEqual(decimated[1], 4 * 401)
        XCTAssertEqual(decimated[2], decimated[4], "the spikes (lowest screen y) survive decimation")
        XCTAssertEqual(decimated[3], decimated[5])

        // The gallery's table sorts by a numeric column, ascending then descending.
        let table = "BilevelFigures.views[\(try XCTUnwrap(Gallery.figures.firstIndex { $0.name == "table" }))]"
        let numbers = "Array.from(\(table).host.querySelector('table').tBodies[0].rows).map(r => parseFloat(r.cells[COL].textContent.replace('\\u2212', '-')))"
        let column = try XCTUnwrap(try c.evaluate("""
            (() => { const t = \(table).host.querySelector('table');
              for (let k = 1; k < t.rows[0].cells.length; k++) { const v = \(numbers.replacingOccurrences(of: "COL", with: "k"));
                if (v.every(isFinite) && new Set(v).size > 2 && JSON.stringify(v) !== JSON.stringify([...v].sort((a, b) => a - b))) return k; }
              return -1; })()
            """) as? Int)
        XCTAssertGreaterThan(column, 0, "the gallery table has no unsorted numeric column")
        _ = try c.evaluate("\(table).host.querySelectorAll('th')[\(column)].click(), true")
        let up = try XCTUnwrap(try c.evaluate(numbers.replacingOccurrences(of: "COL", with: "\(column)")) as? [Double])
        XCTAssertEqual(up, up.sorted())
        _ = try c.evaluate("\(table).host.querySelectorAll('th')[\(column)].click(), true")
        let down = try XCTUnwrap(try c.evaluate(numbers.replacingOccurrences(of: "COL", with: "\(column)")) as? [Double])
        XCTAssertEqual(down, up.reversed())
    }
}
