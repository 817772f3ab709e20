import Foundation

/// A deterministic grade export: realistic shape (valid personnummer with check digits,
/// 8-digit school codes, terms, subjects, grades), no randomness between runs.
struct GradeExportGenerator {
    let rows: Int
    static let subjects = ["BL", "BI", "EN", "FY", "GE", "HKK", "HI", "IDH", "KE", "MA", "M2", "MU", "RE", "SH", "SL", "SV", "TK"]
    static let grades = ["A", "B", "C", "C", "D", "E", "E", "F", "-"]

    /// Writes CSV through `gzip -1` (the system's gzip: fast, and an independent encoder).
    func write(gzipTo path: String) throws {
        let pipe = Pipe()
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        gzip.arguments = ["-c", "gzip -1 > '\(path)'"]
        gzip.standardInput = pipe
        try gzip.run()
        let out = pipe.fileHandleForWriting
        var chunk = "personnummer;skolenhetskod;arskurs;termin;amne;betyg;betygsdatum\n"
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for i in 0..<rows {
            let pupil = i / Self.subjects.count
            let subject = Self.subjects[i % Self.subjects.count]
            let termIndex = pupil % 10
            let year = 2019 + termIndex / 2
            let term = termIndex % 2 == 0 ? "VT\(year)" : "HT\(year)"
            let date = termIndex % 2 == 0 ? "\(year)-06-10" : "\(year)-12-18"
            let school = 10_000_000 + (pupil % 400) * 7
            let birthYear = year - 15
            let pnr = Self.personnummer(birthYear: birthYear, serial: pupil)
            let grade = Self.grades[next() % Self.grades.count]
            chunk += "\(pnr);\(school);9;\(term);\(subject);\(grade);\(date)\n"
            if chunk.utf8.count > 1 << 20 {
                out.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        out.write(Data(chunk.utf8))
        try out.close()
        gzip.waitUntilExit()
    }

    /// `YYYYMMDD-NNNC` with a correct Luhn digit.
    static func personnummer(birthYear: Int, serial: Int) -> String {
        let month = 1 + serial % 12, day = 1 + (serial / 12) % 28, nnn = (serial / 336) % 1000
        var digits = [birthYear % 100 / 10, birthYear % 10, month / 10, month % 10, day / 10, day % 10,
                      nnn / 100, nnn / 10 % 10, nnn % 10]
        var sum = 0
        for (i, d) in digits.enumerated() {
            var p = d * (i % 2 == 0 ? 2 : 1)
            if p > 9 { p -= 9 }
            sum += p
        }
        digits.append((10 - sum % 10) % 10)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(birthYear)\(two(month))\(two(day))-\(digits[6...].map(String.init).joined())"
    }
}
