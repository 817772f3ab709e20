/// What the command line prints of text it did not write itself (rejected raw lines, file
/// names, messages): a control or escape byte in a file must not move the terminal's
/// cursor, change its colours or forge a log line, and a CSV cell must not be read as a
/// formula by a spreadsheet.
public enum SafeOutput {
    /// Control characters shown escaped: `\n`, `\t`, `\r`, else `\u{1B}`.
    public static func terminal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where isControl(c): out += "\\u{\(String(c.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A cell for a CSV file: escaped as on the terminal, and a cell a spreadsheet would
    /// read as a formula (`= + - @`) prefixed with `'` (OWASP, CSV injection).
    public static func csvCell(_ text: String) -> String {
        let safe = terminal(text)
        guard let first = safe.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) else { return safe }
        return "'" + safe
    }

    private static func isControl(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x20 || (0x7F...0x9F).contains(c.value) || c.value == 0x2028 || c.value == 0x2029
    }
}
