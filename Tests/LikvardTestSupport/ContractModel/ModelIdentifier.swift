/// A pupil identifier as the model knows it (docs/feeds.md, "Pupil identifiers"): what it is,
/// its normalised form (what the pseudonym is computed from), and the spellings a file
/// may use for it.
public struct ModelIdentifier: Hashable, Sendable {
    public enum Kind: Sendable { case personnummer, samordningsnummer, temporary }
    public let kind: Kind
    public let birth: Day
    /// Three digits (`NNN`) for a personnummer or samordningsnummer; three characters of
    /// `0-9A-Z` after the `T` for a temporary id.
    public let serial: String

    public init(kind: Kind, birth: Day, serial: String) {
        self.kind = kind
        self.birth = birth
        self.serial = serial
    }

    /// YYMMDD of the 10-digit form, the day + 60 for a samordningsnummer.
    private var dateDigits: String {
        String(format: "%02d%02d%02d", birth.year % 100, birth.month, birth.day + (kind == .samordningsnummer ? 60 : 0))
    }

    /// The Luhn check digit over the nine digits YYMMDDNNN: weights 2, 1, 2, … from the
    /// left, a product over 9 less 9, then 10 − (sum mod 10), mod 10.
    private var checkDigit: Int {
        let digits = (dateDigits + serial).map { Int(String($0))! }
        var sum = 0
        for (i, d) in digits.enumerated() {
            let p = d * (i % 2 == 0 ? 2 : 1)
            sum += p > 9 ? p - 9 : p
        }
        return (10 - sum % 10) % 10
    }

    private var century: String { String(format: "%02d", birth.year / 100) }

    /// What the pseudonym is an HMAC of: 12 digits without separator, or `YYYYMMDD-TXXX`.
    public var normalized: String {
        switch kind {
        case .personnummer, .samordningsnummer: return century + dateDigits + serial + String(checkDigit)
        case .temporary: return birth.compact + "-T" + serial
        }
    }

    /// Odd second-to-last digit of the 10-digit form (the serial's last) = male.
    public var sex: String? {
        guard kind != .temporary else { return nil }
        return Int(String(serial.last!))! % 2 == 1 ? "male" : "female"
    }

    /// Every spelling of this identifier the contract accepts, for a record dated after the
    /// birth date (so a 10-digit form's century is this one).
    public var spellings: [String] {
        switch kind {
        case .personnummer, .samordningsnummer:
            let ten = dateDigits + serial + String(checkDigit)
            return [normalized, century + dateDigits + "-" + serial + String(checkDigit),
                    dateDigits + "-" + serial + String(checkDigit), ten]
        case .temporary:
            return [normalized, birth.compact + "T" + serial, (birth.compact + "-t" + serial).lowercased()]
        }
    }
}
