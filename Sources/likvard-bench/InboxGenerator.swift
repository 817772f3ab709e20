import Foundation

/// A deterministic benchmark inbox: `gradeRows` grade rows over many schools and ten
/// terms (one gzip export per term), the school register, newcomer registrations for about
/// 3 % of pupils, and a survey with answers — in proportion to the grades.
struct InboxGenerator {
    let gradeRows: Int
    let schools = 400
    static let terms = ["VT2020", "HT2020", "VT2021", "HT2021", "VT2022", "HT2022", "VT2023", "HT2023", "VT2024", "HT2024"]
    static let header = "personnummer;skolenhetskod;arskurs;termin;amne;betyg;betygsdatum;larare\n"

    func schoolCode(_ i: Int) -> String { String(10_000_000 + i * 7) }

    /// Pupils per (school, grade year, term) so that the grade rows add up.
    var pupilsPerCohort: Int { max(1, gradeRows / (Self.terms.count * schools * 4 * 17)) }

    func write(to inbox: String, terms: [String] = InboxGenerator.terms, includeRegister: Bool = true) throws -> Int {
        let fm = FileManager.default
        for feed in ["skolenheter", "nyanlanda", "betyg", "enkater"] {
            try fm.createDirectory(atPath: inbox + "/" + feed, withIntermediateDirectories: true)
        }
        if includeRegister {
            var register = "skolenhetskod;skolnamn;stadsdel;huvudman;arskurser;socioekonomiskt_index;giltig_from\n"
            for s in 0..<schools { register += "\(schoolCode(s));Skola \(s);Stadsdel \(s % 14);kommunal;F-9;1,\(s % 10);\n" }
            try register.write(toFile: inbox + "/skolenheter/register.csv", atomically: true, encoding: .utf8)
        }
        var total = 0
        var registrations = "registreringsdatum;skolenhetskod;personnummer;skolstart_sverige;ankomstdatum;behovsgrupp;kartlaggning_klar\n"
        var answers = "svar_id;survey;skolenhetskod;inskickad;roll;q1;q2;q3;q4\n"
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for term in terms {
            let year = Int(term.suffix(4))!
            let spring = term.hasPrefix("VT")
            let date = spring ? "\(year)-06-10" : "\(year)-12-18"
            let path = inbox + "/betyg/\(term.lowercased()).csv.gz"
            let writer = try GzipPipe(path: path)
            var chunk = Self.header
            for s in 0..<schools {
                let ability = 8 + (s % 9)
                for gradeYear in 6...9 {
                    for p in 0..<pupilsPerCohort {
                        // The same pupil across terms: birth year from the cohort.
                        let birthYear = (spring ? year : year + 1) - gradeYear - 7
                        let serial = (s * pupilsPerCohort + p) % 999_000
                        let pnr = GradeExportGenerator.personnummer(birthYear: birthYear, serial: serial)
                        for subject in GradeExportGenerator.subjects {
                            let g = GradeExportGenerator.grades[(ability + next() % 5) % GradeExportGenerator.grades.count]
                            chunk += "\(pnr);\(schoolCode(s));\(gradeYear);\(term);\(subject);\(g);\(date);ABCD\n"
                            total += 1
                        }
                        if term == terms.first && next() % 33 == 0 {
                            registrations += "\(year - 2)-08-20;\(schoolCode(s));\(pnr);\(year - 2)-08-22;\(year - 2)-07-01;\(1 + next() % 4);\(year - 2)-10-01\n"
                        }
                    }
                    if chunk.utf8.count > 1 << 20 { try writer.write(chunk); chunk = "" }
                }
                if next() % 2 == 0 {
                    for r in 0..<8 {
                        answers += "\(term)-\(s)-\(r);bench-enkat;\(schoolCode(s));\(spring ? year : year)-\(spring ? "03" : "10")-1\(r);elev;\(1 + next() % 5);\(1 + next() % 5);Vet ej;\(1 + next() % 5)\n"
                    }
                }
            }
            try writer.write(chunk)
            try writer.close()
        }
        try registrations.write(toFile: inbox + "/nyanlanda/registreringar-\(terms.first!.lowercased()).csv", atomically: true, encoding: .utf8)
        try answers.write(toFile: inbox + "/enkater/svar-\(terms.first!.lowercased()).csv", atomically: true, encoding: .utf8)
        try #"{"survey":"bench-enkat","scale":{"min":1,"max":5,"dont_know":["Vet ej"]},"questions":[{"id":"q1","focus_area":"elevhalsa"},{"id":"q2","focus_area":"digitalisering"},{"id":"q3","focus_area":"fritidshem"},{"id":"q4","focus_area":"nyanlanda","reversed":true}]}"#
            .write(toFile: inbox + "/enkater/bench-enkat.json", atomically: true, encoding: .utf8)
        return total
    }
}

/// Text through the system's `gzip -1`.
final class GzipPipe {
    private let process = Process()
    private let pipe = Pipe()

    init(path: String) throws {
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -1 > '\(path)'"]
        process.standardInput = pipe
        try process.run()
    }

    func write(_ text: String) throws { pipe.fileHandleForWriting.write(Data(text.utf8)) }

    func close() throws {
        try pipe.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
