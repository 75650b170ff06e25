import Foundation

/// Small helpers for writing Markdown that renders the same on GitHub and through Ink.
enum MarkdownText {
    /// A pipe table. Cells are escaped (`|` -> `\|`, newlines -> spaces).
    static func table(_ header: [String], _ rows: [[String]], align: [Character]? = nil) -> String {
        func cell(_ s: String) -> String {
            s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out = "| " + header.map(cell).joined(separator: " | ") + " |\n"
        out += "|" + header.indices.map { i -> String in
            switch align?[i] ?? "l" {
            case "r": return " ---: "
            case "c": return " :---: "
            default: return " --- "
            }
        }.joined(separator: "|") + "|\n"
        for row in rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        return out
    }

    /// `text` as inline code.
    static func code(_ text: String) -> String { "`" + text.replacingOccurrences(of: "`", with: "'") + "`" }

    /// Escapes characters Markdown would read as emphasis or links in plain text.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            if "\\*_[]<>`".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// Plot's label markup (`x_{k}`, `10^{3}`) as HTML `<sub>`/`<sup>`, the rest escaped:
    /// figure titles and captions read as typeset text in both Markdown and HTML.
    static func richText(_ text: String, html: Bool = false) -> String {
        let escape: (String) -> String = html ? htmlEscape : { MarkdownText.escape($0) }
        var out = ""
        var plain = ""
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            if (c == "_" || c == "^"), next < text.endIndex, text[next] == "{",
               let close = text[next...].firstIndex(of: "}") {
                out += escape(plain); plain = ""
                let tag = c == "_" ? "sub" : "sup"
                // Inside HTML, Markdown escapes would show: nest the markup, escape only HTML.
                let inner = String(text[text.index(after: next)..<close])
                out += "<\(tag)>\(richText(inner, html: true))</\(tag)>"
                i = text.index(after: close)
                continue
            }
            plain.append(c)
            i = next
        }
        return out + escape(plain)
    }

    static func htmlEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces -> `-`.
    static func slug(_ heading: String) -> String {
        var out = ""
        for ch in heading.lowercased() {
            if ch.isLetter || ch.isNumber || ch == "-" || ch == "_" { out.append(ch) }
            else if ch == " " { out.append("-") }
        }
        return out
    }
}
