/// Masks every token that looks like a personnummer, samordningsnummer or temporary id,
/// wherever it stands in a text: `20090314-1232` → `20090314-****`. Applied to everything
/// stored or printed that could carry one — reject messages and raw lines, file names, log
/// lines — and before any truncation (a cut identifier is still one).
///
/// A token is a real date — `YYYYMMDD` or `YYMMDD`, hyphens allowed inside (`2009-03-14`),
/// the day + 60 for a samordningsnummer — followed, with one separator or none (space, `-`,
/// `+`, or a Unicode dash U+2010–2015), by four digits or by `T` and three characters,
/// whatever letters stand next to it (`pnr200903141232`). No check digit is required: a
/// mistyped personnummer is still personal data. A number that is no such token (a school
/// unit code, a date alone) stays readable.
public enum IdentifierMask {
    public static func mask(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var masked = scalars
        var changed = false
        var i = 0
        while i < scalars.count {
            if isDigit(scalars[i]), i == 0 || !isDigit(scalars[i - 1]), let tail = identifierTail(scalars, at: i) {
                for p in tail { masked[p] = "*" }
                changed = true
                i = tail.upperBound
            } else {
                i += 1
            }
        }
        guard changed else { return text }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: masked)
        return String(out)
    }

    /// The positions of the identifier's last four characters, when a token starts at `i`.
    private static func identifierTail(_ s: [Unicode.Scalar], at i: Int) -> Range<Int>? {
        // the longer date first: 200903141232 is an 8-digit date and 1232
        for (digits, hyphensAfter) in [(8, [4, 6]), (6, [2, 4])] {
            guard let (date, end) = readDate(s, at: i, digits: digits, hyphensAfter: hyphensAfter), isDate(date) else { continue }
            var j = end
            if j < s.count, isSeparator(s[j]) { j += 1 }
            guard j + 4 <= s.count else { continue }
            let next = j + 4 < s.count ? s[j + 4] : nil
            if (j..<(j + 4)).allSatisfy({ isDigit(s[$0]) }), next.map(isDigit) != true {
                return j..<(j + 4)
            }
            if s[j] == "T" || s[j] == "t", ((j + 1)..<(j + 4)).allSatisfy({ isAlphanumeric(s[$0]) }) {
                return j..<(j + 4)
            }
        }
        return nil
    }

    /// `digits` digits from `i`, a hyphen allowed after the given counts; the digits and
    /// the position after them.
    private static func readDate(_ s: [Unicode.Scalar], at i: Int, digits: Int, hyphensAfter: [Int]) -> ([Int], Int)? {
        var values: [Int] = []
        var j = i
        while values.count < digits {
            if hyphensAfter.contains(values.count), !values.isEmpty, j < s.count, s[j] == "-",
               j + 1 < s.count, isDigit(s[j + 1]) { j += 1 }
            guard j < s.count, isDigit(s[j]) else { return nil }
            values.append(Int(s[j].value) - 0x30)
            j += 1
        }
        return (values, j)
    }

    /// A real date (YYYYMMDD from 1800, or YYMMDD), the day possibly + 60.
    private static func isDate(_ d: [Int]) -> Bool {
        let number = { (from: Int, count: Int) in d[from..<(from + count)].reduce(0) { $0 * 10 + $1 } }
        let year = d.count == 8 ? number(0, 4) : 2000 + number(0, 2)
        let month = number(d.count - 4, 2)
        var day = number(d.count - 2, 2)
        if day > 60 { day -= 60 }
        guard (d.count == 6 || (1800...2199).contains(year)), (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }
    private static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        isDigit(c) || (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0x61 && c.value <= 0x7A)
    }
    /// Space, `-`, `+`, and the Unicode hyphens and dashes U+2010–2015.
    private static func isSeparator(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "-" || c == "+" || (0x2010...0x2015).contains(c.value)
    }
}
