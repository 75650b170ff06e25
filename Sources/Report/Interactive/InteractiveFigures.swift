import Foundation
import Plot

/// The interactive views of report.html and compare.html (docs/interactive.md).
///
/// Each figure whose data file (`<name>.view.json`, written by the experiment beside its PNG,
/// see `FigureView`) is present gets, right after its `<img>`, the data as an inline JSON
/// script and an empty `<div class="iview">` that `figures.js` (this folder, inlined into the
/// page) turns into a canvas view. The PNG stays in the page: it is the printed view and
/// what a reader without scripts sees; the script hides it only once the view is drawn.
public struct InteractiveFigures {
    /// One figure's view: its data, and for a comparison the other side's data.
    public struct Entry {
        public var data: Data
        public var other: Data?
        public init(data: Data, other: Data? = nil) { self.data = data; self.other = other }
    }

    /// Relative PNG path (as the Markdown references it) -> view.
    public var entries: [String: Entry] = [:]

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }

    /// `figures/x/name.png` -> `figures/x/name.view.json`.
    public static func viewPath(forPNG png: String) -> String {
        (png.hasSuffix(".png") ? String(png.dropLast(4)) : png) + "." + FigureView.fileExtension
    }

    /// Adds the view of every PNG in `pngs` (paths relative to `folder`) whose data file exists there.
    public mutating func add(pngs: [String], in folder: URL) {
        for png in pngs {
            let url = folder.appendingPathComponent(Self.viewPath(forPNG: png))
            if let data = FileManager.default.contents(atPath: url.path) { entries[png] = Entry(data: data) }
        }
    }

    /// The page's script, kept in `figures.js` and compiled into the tool as a resource.
    public static var script: String {
        guard let url = Bundle.module.url(forResource: "figures", withExtension: "js"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("figures.js is missing from the Report module's resources")
        }
        return text
    }

    /// JSON text safe inside a `<script>` element (no `</` can end it early).
    static func scriptSafe(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
    }

    /// A placeholder for a view without its own `<img>` (the comparison's overlays): replaced
    /// by the view of `entries[key]`.
    public static func slot(_ key: String) -> String { "<div class=\"iview-slot\" data-key=\"\(key)\"></div>" }

    func block(_ id: String, _ entry: Entry, image: String, path: String) -> String {
        var block = "<div class=\"ifig\" data-png=\"\(path)\">" + image
        block += "<script type=\"application/json\" id=\"\(id)\">\(Self.scriptSafe(entry.data))</script>"
        var attributes = "data-view=\"\(id)\""
        if let other = entry.other {
            block += "<script type=\"application/json\" id=\"\(id)b\">\(Self.scriptSafe(other))</script>"
            attributes += " data-other=\"\(id)b\""
        }
        return block + "<div class=\"iview\" \(attributes)></div></div>"
    }

    /// Inserts the data and view container after every `<img src="P"...>` with P in `entries`,
    /// and in place of every `slot(key)` with key in `entries`.
    func embed(in html: String) -> String {
        guard !entries.isEmpty else { return html }
        var out = ""
        var counter = 0
        var html = html
        for key in entries.keys.sorted() where html.contains(Self.slot(key)) {
            counter += 1
            html = html.replacingOccurrences(of: Self.slot(key), with: block("fv\(counter)", entries[key]!, image: "", path: key))
        }
        var rest = Substring(html)
        while let start = rest.range(of: "<img src=\"") {
            out += rest[..<start.lowerBound]
            let afterSrc = rest[start.upperBound...]
            guard let quote = afterSrc.firstIndex(of: "\""), let close = afterSrc[quote...].firstIndex(of: ">") else {
                out += rest[start.lowerBound...]; rest = ""; break
            }
            let path = String(afterSrc[..<quote])
            let tag = String(rest[start.lowerBound...close])
            rest = rest[afterSrc.index(after: close)...]
            guard let entry = entries[path.removingPercentEncoding ?? path] ?? entries[path] else { out += tag; continue }
            counter += 1
            out += block("fv\(counter)", entry, image: tag.replacingOccurrences(of: "<img ", with: "<img class=\"static\" "), path: path)
        }
        return out + rest
    }

    /// Styles of the views; the PNG shows when scripts are off and when printing.
    public static let css = """
    .ifig { margin: 1rem 0; }
    .ifig .iview { display: none; }
    .js .ifig.live .iview { display: block; }
    .js .ifig.live > img.static { display: none; }
    .js .ifig.live.show-static > img.static { display: block; }
    .js .ifig.live.show-static .iview-stage, .js .ifig.live.show-static .iview-legend { display: none; }
    .iview { font-family: "DejaVu Sans", Verdana, sans-serif; font-size: 12px; }
    .iview-bar { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin: .2rem 0 .3rem; }
    .iview-bar button { font: inherit; padding: .1rem .5rem; border: 1px solid #bbb; background: #fff; border-radius: 3px; cursor: pointer; }
    .iview-bar button:hover { background: #f0f0f0; }
    .iview-slider { display: inline-flex; align-items: center; gap: .4rem; margin-left: .6rem; }
    .iview-slider input { width: 12rem; }
    .iview-stage { position: relative; }
    .iview-stage canvas { display: block; }
    .iview-overlay { position: absolute; left: 0; top: 0; cursor: crosshair; }
    .iview-tip { position: absolute; display: none; pointer-events: none; background: rgba(255,255,255,.96);
                 border: 1px solid #888; border-radius: 3px; padding: .2rem .4rem; box-shadow: 0 1px 4px rgba(0,0,0,.2);
                 white-space: nowrap; z-index: 2; }
    .iview-tip table { margin: 0; border: 0; font-size: 11px; }
    .iview-tip th, .iview-tip td { border: 0; padding: 0 .3rem 0 0; text-align: left; background: none; }
    .iview-tip th { font-weight: 600; color: #444; }
    .iview-legend { display: flex; flex-wrap: wrap; gap: .2rem .9rem; margin: .3rem 0; }
    .iview-legend .entry { cursor: pointer; user-select: none; }
    .iview-legend .entry i { display: inline-block; width: 1.4em; height: .4em; vertical-align: middle; margin-right: .3em;
                             outline: 1px solid rgba(0,0,0,.25); }
    .iview-legend .entry.off { opacity: .35; text-decoration: line-through; }
    .iview-legend .note { color: #666; font-style: italic; }
    .iview-table th { cursor: pointer; }
    .iview-table-title { font-weight: 600; margin: .3rem 0; }
    @media print { .js .ifig.live > img.static { display: block; } .js .ifig.live .iview { display: none; } }
    """
}
