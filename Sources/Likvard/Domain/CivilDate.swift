/// A calendar date without time zone: the dates in school exports (`2024-06-15`,
/// `20240615`). Only real dates exist.
public struct CivilDate: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date as the integer YYYYMMDD: sorts like the date, and binds without a string.
    public var compactInteger: Int { year * 10_000 + month * 100 + day }

    /// Parses `YYYY-MM-DD` or `YYYYMMDD`; nil unless it names a real date.
    public static func parse(_ text: String) -> CivilDate? {
        var text = text
        return text.withUTF8 { u -> CivilDate? in
            var n = 0
            func digit(_ i: Int) -> Bool {
                let b = u[i]
                guard b >= 0x30 && b <= 0x39 else { return false }
                n = n * 10 + Int(b - 0x30)
                return true
            }
            if u.count == 10 && u[4] == UInt8(ascii: "-") && u[7] == UInt8(ascii: "-") {
                for i in [0, 1, 2, 3, 5, 6, 8, 9] where !digit(i) { return nil }
            } else if u.count == 8 {
                for i in 0..<8 where !digit(i) { return nil }
            } else {
                return nil
            }
            return CivilDate(year: n / 10000, month: n / 100 % 100, day: n % 100)
        }
    }

    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var n = 0
        for d in digits {
            guard d >= 0x30 && d <= 0x39 else { return nil }
            n = n * 10 + Int(d - 0x30)
        }
        return n
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD`, built from ten bytes (it is bound once per loaded row).
    public var description: String {
        let (y, m, d) = (year, month, day)
        return String(unsafeUninitializedCapacity: 10) { b in
            b[0] = UInt8(0x30 + y / 1000 % 10); b[1] = UInt8(0x30 + y / 100 % 10)
            b[2] = UInt8(0x30 + y / 10 % 10); b[3] = UInt8(0x30 + y % 10); b[4] = 0x2D
            b[5] = UInt8(0x30 + m / 10); b[6] = UInt8(0x30 + m % 10); b[7] = 0x2D
            b[8] = UInt8(0x30 + d / 10); b[9] = UInt8(0x30 + d % 10)
            return 10
        }
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Today in UTC.
    public static func today() -> CivilDate {
        let seconds = Int(Clock.nowSeconds())
        return CivilDate(daysSinceEpoch: seconds / 86_400)
    }

    /// Days since 1970-01-01 → date (Howard Hinnant's civil_from_days).
    public init(daysSinceEpoch: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)!
    }
}
