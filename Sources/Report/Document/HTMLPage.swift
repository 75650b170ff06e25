import Foundation
import Ink

/// A self-contained HTML page rendered from Markdown with Ink: the style sheet is embedded,
/// headings get GitHub-style `id`s (so the Markdown's `#anchor` links work), and every
/// local image (`src="figures/....png"`) is inlined as a base64 `data:` URI, so the file
/// opens offline with nothing beside it. PDF links stay relative.
public struct HTMLPage {
    public var title: String
    public var markdown: String
    /// Folder that relative image paths are resolved against.
    public var base: URL
    public var css: String = ReportStyle.css
    /// Interactive views of the figures (empty: a static page, no script).
    public var interactive = InteractiveFigures()

    public init(title: String, markdown: String, base: URL) {
        self.title = title; self.markdown = markdown; self.base = base
    }

    public func render() throws -> String {
        var parser = MarkdownParser()
        final class Slugs { var used: [String: Int] = [:] }
        let slugs = Slugs()
        parser.addModifier(Modifier(target: .headings) { html, markdown in
            let text = markdown.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
            // Repeated headings get -1, -2, ... as on GitHub, so every id is unique.
            let base = MarkdownText.slug(text)
            let count = slugs.used[base, default: 0]
            slugs.used[base] = count + 1
            let slug = count == 0 ? base : "\(base)-\(count)"
            guard let close = html.firstIndex(of: ">") else { return html }
            return String(html[..<close]) + " id=\"\(slug)\"" + String(html[close...])
        })
        // Ink keeps the backslash of a table-escaped pipe (`\|`) inside code spans.
        let body = try inlineImages(interactive.embed(in: parser.html(from: markdown).replacingOccurrences(of: "\\|", with: "|")))
            .replacingOccurrences(of: "<td>PASS</td>", with: "<td class=\"pass\">PASS</td>")
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(css)\(interactive.isEmpty ? "" : "\n" + InteractiveFigures.css)
        </style>
        </head>
        <body>
        <main>
        \(body)
        </main>\(interactive.isEmpty ? "" : "\n<script>\n" + InteractiveFigures.script + "</script>")
        </body>
        </html>

        """
    }

    /// Replaces `src="<relative>.png"` by a data URI of the file's bytes. A missing image
    /// is an error (a report never ships a broken picture silently).
    func inlineImages(_ html: String) throws -> String {
        var out = ""
        var rest = Substring(html)
        while let range = rest.range(of: "src=\"") {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let path = String(rest[..<end])
            if !path.contains(":"), let type = Self.mimeType(path) {
                let url = base.appendingPathComponent(path.removingPercentEncoding ?? path)
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    throw ReportError("image \(path) referenced by the report is missing (\(url.path))")
                }
                out += "data:\(type);base64," + data.base64EncodedString()
            } else {
                out += path
            }
            rest = rest[end...]
        }
        return out + rest
    }

    static func mimeType(_ path: String) -> String? {
        let lower = path.lowercased()
        if lower.hasSuffix(".png") { return "image/png" }
        if lower.hasSuffix(".svg") { return "image/svg+xml" }
        if lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg") { return "image/jpeg" }
        return nil
    }

    func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
