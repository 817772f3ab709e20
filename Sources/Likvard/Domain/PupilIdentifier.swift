/// A pupil identifier as found in an export: a personnummer (12 or 10 digits), a
/// samordningsnummer (day + 60), or a temporary id (`20120315-TF10`) given to pupils who
/// have no personnummer yet.
///
/// Only `normalized` is ever hashed into a `pupil_id`; the clear text never leaves the
/// process.
public struct PupilIdentifier: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case personnummer
        case samordningsnummer
        case temporary
    }

    public enum Sex: String, Sendable {
        case female
        case male
    }

    public let kind: Kind
    /// 12 digits without separator, or the temporary id upper-cased with its `-`.
    public let normalized: String
    public let birthDate: CivilDate
    /// From the second-to-last digit; nil for a temporary id.
    public let sex: Sex?

    /// Parses any accepted form. `recordDate` (grade date, registration date) settles the
    /// century of a 10-digit form: the latest century that puts the birth on or before it.
    public static func parse(_ text: String, recordDate: CivilDate) -> PupilIdentifier? {
        let u = Array(text.utf8)
        if let temporary = parseTemporary(u) { return temporary }
        var digits: [UInt8] = []
        var separator: UInt8?
        for (i, b) in u.enumerated() {
            if b >= 0x30 && b <= 0x39 { digits.append(b - 0x30); continue }
            // One separator, only before the last four digits.
            guard separator == nil, b == UInt8(ascii: "-") || b == UInt8(ascii: "+"),
                  u.count - i == 5 else { return nil }
            separator = b
        }
        switch digits.count {
        case 12:
            guard separator != UInt8(ascii: "+") else { return nil }
            let year = Int(digits[0]) * 1000 + Int(digits[1]) * 100 + Int(digits[2]) * 10 + Int(digits[3])
            return make(digits: Array(digits[2...]), year: year)
        case 10:
            // `+` means 100 years or older: never a pupil.
            guard separator != UInt8(ascii: "+") else { return nil }
            let yy = Int(digits[0]) * 10 + Int(digits[1])
            var year = recordDate.year / 100 * 100 + yy
            if year > recordDate.year { year -= 100 }
            // The latest century that puts the birth on or before the record date.
            for candidate in [year, year - 100] {
                if let id = make(digits: digits, year: candidate), id.birthDate <= recordDate { return id }
            }
            return nil
        default:
            return nil
        }
    }

    /// `digits`: the 10 digits YYMMDDNNNC; `year`: the full birth year.
    private static func make(digits: [UInt8], year: Int) -> PupilIdentifier? {
        let month = Int(digits[2]) * 10 + Int(digits[3])
        var day = Int(digits[4]) * 10 + Int(digits[5])
        var kind = Kind.personnummer
        if day > 60 { day -= 60; kind = .samordningsnummer }
        guard let birth = CivilDate(year: year, month: month, day: day) else { return nil }
        guard luhnCheckDigit(digits[0..<9]) == digits[9] else { return nil }
        var normalized = String(year)
        for d in digits[2...] { normalized.append(Character(Unicode.Scalar(d + 0x30))) }
        let sex: Sex = digits[8] % 2 == 1 ? .male : .female
        return PupilIdentifier(kind: kind, normalized: normalized, birthDate: birth, sex: sex)
    }

    /// `YYYYMMDD`, optional `-`, `T`, three of `0-9A-Z` (any case).
    private static func parseTemporary(_ u: [UInt8]) -> PupilIdentifier? {
        guard u.count == 12 || u.count == 13 else { return nil }
        var t = 8
        if u.count == 13 { guard u[8] == UInt8(ascii: "-") else { return nil }; t = 9 }
        guard u[t] | 0x20 == UInt8(ascii: "t") else { return nil }
        guard let n = CivilDate.number(u[0..<8]),
              let birth = CivilDate(year: n / 10000, month: n / 100 % 100, day: n % 100) else { return nil }
        var tail = "T"
        for b in u[(t + 1)...] {
            let upper = (b >= 0x61 && b <= 0x7A) ? b - 0x20 : b
            guard (upper >= 0x30 && upper <= 0x39) || (upper >= 0x41 && upper <= 0x5A) else { return nil }
            tail.append(Character(Unicode.Scalar(upper)))
        }
        let normalized = String(decoding: u[0..<8], as: UTF8.self) + "-" + tail
        return PupilIdentifier(kind: .temporary, normalized: normalized, birthDate: birth, sex: nil)
    }

    /// Luhn over the nine digits YYMMDDNNN: weights 2,1,2,…; the check digit makes the sum
    /// a multiple of ten.
    static func luhnCheckDigit(_ nine: ArraySlice<UInt8>) -> UInt8 {
        var sum = 0
        for (i, d) in nine.enumerated() {
            var p = Int(d) * (i % 2 == 0 ? 2 : 1)
            if p > 9 { p -= 9 }
            sum += p
        }
        return UInt8((10 - sum % 10) % 10)
    }
}
