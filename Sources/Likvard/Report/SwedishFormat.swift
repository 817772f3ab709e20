import Foundation

/// Numbers as the board reads them: decimal comma, `..` for a suppressed value (as
/// Skolverket prints it), shares as percent.
enum SwedishFormat {
    static let suppressed = ".."

    /// `251,8`; `..` for nil.
    static func decimal(_ value: Double?, digits: Int = 1) -> String {
        guard let value else { return suppressed }
        return String(format: "%.\(digits)f", value).replacingOccurrences(of: ".", with: ",")
    }

    /// `85,3 %` from a share 0–1; `..` for nil.
    static func percent(_ share: Double?) -> String {
        guard let share else { return suppressed }
        return decimal(share * 100) + " %"
    }

    /// A small count in words as a sentence uses it (`fyra`), digits past twelve.
    static func count(_ n: Int) -> String {
        let words = ["noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]
        return words.indices.contains(n) ? words[n] : "\(n)"
    }

    /// `1 250 000` (a space between thousands, as Swedish writes kronor); `–` for nil.
    static func integer(_ value: Int?) -> String {
        guard let value else { return "–" }
        var digits = Array(String(abs(value)))
        var out = ""
        while digits.count > 3 { out = "\u{00A0}" + String(digits.suffix(3)) + out; digits.removeLast(3) }
        return (value < 0 ? "−" : "") + String(digits) + out
    }

    /// `+4,2` / `−3,1` for a change; `–` when there is nothing to compare with.
    static func change(_ value: Double?) -> String {
        guard let value else { return "–" }
        let digits = decimal(abs(value))
        guard digits != decimal(0) else { return "±" + digits }   // −0,04 is no fall: ±0,0
        return (value > 0 ? "+" : "−") + digits
    }
}

/// Escaping for text and attribute values in HTML and SVG.
enum Markup {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A table with a caption; `numeric` columns are right-aligned.
    /// `rawColumns`: cells that are markup the report made itself (a small progress bar).
    static func table(caption: String, header: [String], rows: [[String]], numeric: Set<Int> = [], rawColumns: Set<Int> = []) -> String {
        var html = "<table>\n<caption>\(escape(caption))</caption>\n<thead><tr>"
        for (i, h) in header.enumerated() { html += "<th scope=\"col\"\(numeric.contains(i) ? " class=\"num\"" : "")>\(escape(h))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>"
            for (i, cell) in row.enumerated() {
                let text = rawColumns.contains(i) ? cell : escape(cell)
                html += i == 0 ? "<th scope=\"row\">\(text)</th>" : "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(text)</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }
}
