/// Header names are matched after trimming, lower-casing and folding `å ä`→`a`, `ö`→`o`,
/// `é`→`e` (so `Årskurs` is `arskurs`), per the input contract.
public enum HeaderName {
    public static func fold(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in name.trimmingSpaces().lowercased().unicodeScalars {
            switch scalar {
            case "å", "ä": out.append("a")
            case "ö": out.append("o")
            case "é": out.append("e")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\u{FEFF}" || $0 == "\u{A0}" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        if first == startIndex && last == index(before: endIndex) { return self }
        return String(self[first...last])
    }
}
