import Foundation

/// Masks every token that looks like a personnummer, samordningsnummer or temporary id,
/// wherever it stands in a text: `20090314-1232` → `20090314-****`. Applied to everything
/// stored or printed that could carry one — reject messages and raw lines, file names,
/// extra header names, free text, log lines — and before any truncation (a cut identifier
/// is still one).
///
/// "Looks like" is generous, because a mistyped identifier is still personal data. After
/// Unicode compatibility normalisation (NFKC: full-width digits are digits), a token is
///
/// - a run of 8 digits beginning `19` or `20`, or of 6 digits — the date is not checked
///   (`20091332` is a mistyped date, still an identifier's) — also written with hyphens
///   inside (`2009-03-14`);
/// - then up to two separator characters of any kind: any whitespace (line breaks too),
///   every dash and the minus sign, `+`, `.`, `/`, `_`, zero-width characters;
/// - then 4 characters ending the token: four digits, or `T` and three letters or digits —
///   and any letters or digits that follow them (one digit too many is still the token);
///
/// or any run of 10 to 13 digits. The date part stays readable and the rest is masked. A
/// school unit code (8 digits alone) and a date alone stay readable.
public enum IdentifierMask {
    public static func mask(_ text: String) -> String {
        let normalized = text.precomposedStringWithCompatibilityMapping
        let s = Array(normalized.unicodeScalars)
        var masked = s
        var changed = false
        var i = 0
        while i < s.count {
            guard isDigit(s[i]), i == 0 || !isDigit(s[i - 1]) else { i += 1; continue }
            var end = i
            while end < s.count && isDigit(s[end]) { end += 1 }
            let length = end - i
            if (10...13).contains(length) {
                // a run of digits: the date part stays, the rest is masked
                for p in (i + (length >= 12 ? 8 : 6))..<end { masked[p] = "*" }
                changed = true
                i = end
                continue
            }
            let date = hyphenatedDate(s, at: i) ?? end
            let digits = s[i..<date].filter(isDigit).count
            let plausible = digits == 6 || (digits == 8 && (s[i] == "1" && s[i + 1] == "9" || s[i] == "2" && s[i + 1] == "0"))
            if plausible, let tail = tail(s, after: date) {
                for p in tail { masked[p] = "*" }
                changed = true
                i = tail.upperBound
            } else {
                i = end
            }
        }
        guard changed else { return text }   // a text without a token is kept exactly as it came
        var out = String.UnicodeScalarView()
        out.append(contentsOf: masked)
        return String(out)
    }

    /// The end of a date written `YYYY-MM-DD` or `YY-MM-DD` from `i`, or nil.
    private static func hyphenatedDate(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        for groups in [[4, 2, 2], [2, 2, 2]] {
            var j = i
            var ok = true
            for (n, size) in groups.enumerated() {
                if n > 0 { guard j < s.count, s[j] == "-" else { ok = false; break }; j += 1 }
                guard j + size <= s.count, (j..<(j + size)).allSatisfy({ isDigit(s[$0]) }) else { ok = false; break }
                j += size
            }
            if ok && (j == s.count || !isDigit(s[j])) { return j }
        }
        return nil
    }

    /// The positions to mask after a date ending at `j`: up to two separators, then four
    /// digits or `T` and three, and the letters or digits that follow; nil when none.
    private static func tail(_ s: [Unicode.Scalar], after j: Int) -> Range<Int>? {
        for skip in 0...2 {
            let start = j + skip
            guard (j..<start).allSatisfy({ $0 < s.count && isSeparator(s[$0]) }), start + 4 <= s.count else { continue }
            let four = start..<(start + 4)
            let digits = four.allSatisfy { isDigit(s[$0]) }
            let temporary = (s[start] == "T" || s[start] == "t") && ((start + 1)..<(start + 4)).allSatisfy { isAlphanumeric(s[$0]) }
            guard digits || temporary else { continue }
            var end = start + 4
            while end < s.count && isAlphanumeric(s[end]) { end += 1 }
            return start..<end
        }
        return nil
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }
    private static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        isDigit(c) || (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0x61 && c.value <= 0x7A)
    }

    /// Any whitespace (line breaks too), every dash and the minus sign, `+`, `.`, `/`, `_`,
    /// and the zero-width characters.
    private static func isSeparator(_ c: Unicode.Scalar) -> Bool {
        if c.properties.isWhitespace || c.properties.generalCategory == .dashPunctuation { return true }
        switch c.value {
        case 0x2B, 0x2E, 0x2F, 0x5F, 0x2212: return true                 // + . / _ −
        case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD: return true   // zero-width, soft hyphen
        default: return false
        }
    }
}
