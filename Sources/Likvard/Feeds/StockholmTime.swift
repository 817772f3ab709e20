/// Dates of survey submissions in Europe/Stockholm time, computed from the EU summer-time
/// rule (CEST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday
/// of October), so no time-zone database is needed at run time.
public enum StockholmTime {
    /// Parses a date (`2024-03-05`, `20240305`) or an ISO 8601 date-time
    /// (`2024-03-05T23:30:00+01:00`, `…Z`, `2024-03-05 23:30`) and returns the date in
    /// Stockholm. A date-time without offset is already Stockholm local time.
    public static func date(of text: String) -> CivilDate? {
        if let date = CivilDate.parse(text) { return date }
        let u = Array(text.utf8)
        guard u.count >= 16, u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: "t") || u[10] == UInt8(ascii: " "),
              let date = CivilDate.parse(String(decoding: u[0..<10], as: UTF8.self)) else { return nil }
        func num(_ r: Range<Int>) -> Int? { r.upperBound <= u.count ? CivilDate.number(u[r]) : nil }
        guard let hour = num(11..<13), u[13] == UInt8(ascii: ":"), let minute = num(14..<16),
              hour < 24, minute < 60 else { return nil }
        var i = 16
        if i < u.count, u[i] == UInt8(ascii: ":") {
            guard let second = num(17..<19), second < 61 else { return nil }
            i = 19
            if i < u.count, u[i] == UInt8(ascii: ".") || u[i] == UInt8(ascii: ",") {
                i += 1
                let start = i
                while i < u.count, u[i] >= 0x30, u[i] <= 0x39 { i += 1 }
                guard i > start else { return nil }
            }
        }
        if i == u.count { return date }
        var offsetMinutes = 0
        if u[i] == UInt8(ascii: "Z") || u[i] == UInt8(ascii: "z") {
            guard i + 1 == u.count else { return nil }
        } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
            let sign = u[i] == UInt8(ascii: "-") ? -1 : 1
            let rest = Array(u[(i + 1)...]).filter { $0 != UInt8(ascii: ":") }
            guard rest.count == 4 || rest.count == 2, let n = CivilDate.number(rest[...]) else { return nil }
            let (h, m) = rest.count == 4 ? (n / 100, n % 100) : (n, 0)
            guard h <= 14, m < 60 else { return nil }
            offsetMinutes = sign * (h * 60 + m)
        } else {
            return nil
        }
        let utcMinutes = days(date) * 1440 + hour * 60 + minute - offsetMinutes
        let localMinutes = utcMinutes + (isSummerTime(utcMinutes: utcMinutes) ? 120 : 60)
        return CivilDate(daysSinceEpoch: Int((Double(localMinutes) / 1440).rounded(.down)))
    }

    static func days(_ d: CivilDate) -> Int {
        // Howard Hinnant's days_from_civil.
        let y = d.month <= 2 ? d.year - 1 : d.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (d.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + d.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func lastSunday(month: Int, year: Int) -> Int {
        let last = CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))!
        let n = days(last)
        let weekday = ((n % 7) + 10) % 7   // 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday)
        return n - ((weekday + 1) % 7)
    }

    static func isSummerTime(utcMinutes: Int) -> Bool {
        let year = CivilDate(daysSinceEpoch: Int((Double(utcMinutes) / 1440).rounded(.down))).year
        let start = lastSunday(month: 3, year: year) * 1440 + 60
        let end = lastSunday(month: 10, year: year) * 1440 + 60
        return utcMinutes >= start && utcMinutes < end
    }
}
