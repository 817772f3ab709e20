/// A calendar day, written plainly for the model (not the product's `CivilDate`): the
/// contract's date arithmetic — whole years, "two calendar months later, clamped" — on
/// (year, month, day) alone.
public struct Day: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(_ year: Int, _ month: Int, _ day: Int) {
        precondition(month >= 1 && month <= 12 && day >= 1 && day <= Day.daysIn(year, month), "no such day \(year)-\(month)-\(day)")
        self.year = year
        self.month = month
        self.day = day
    }

    public static func daysIn(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
    /// `YYYYMMDD`.
    public var compact: String { String(format: "%04d%02d%02d", year, month, day) }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// Days since 1970-01-01, and back: H. Hinnant's `days_from_civil` / `civil_from_days`
    /// (https://howardhinnant.github.io/date_algorithms.html), for years ≥ 1.
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400, yoe = y - era * 400
        let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    public init(ordinal: Int) {
        let z = ordinal + 719_468
        let era = z / 146_097, doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(yoe + era * 400 + (m <= 2 ? 1 : 0), m, doy - (153 * mp + 2) / 5 + 1)
    }

    /// `days` later (or earlier, when negative).
    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// The same day-of-month `months` later, clamped to that month's last day.
    public func adding(months: Int) -> Day {
        let total = year * 12 + (month - 1) + months
        let y = total / 12, m = total % 12 + 1
        return Day(y, m, min(day, Day.daysIn(y, m)))
    }

    /// The same month and day `years` earlier or later (29 February becomes the 28th).
    public func adding(years: Int) -> Day { Day(year + years, month, min(day, Day.daysIn(year + years, month))) }
}

/// Whole years from `x` to `r` (docs/views.md, "Definitions"): R.year − X.year, minus 1 if
/// (month, day) of R is before that of X.
public func wholeYears(from x: Day, to r: Day) -> Int {
    r.year - x.year - ((r.month, r.day) < (x.month, x.day) ? 1 : 0)
}
