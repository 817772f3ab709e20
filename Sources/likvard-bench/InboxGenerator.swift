import Foundation

/// A deterministic benchmark inbox: `gradeRows` grade rows over 200 schools and ten terms,
/// the school register, newcomer registrations for about 3 % of pupils, and a survey with
/// answers — in proportion to the grades. About 14 pupils per school, grade year and term,
/// so most schools qualify for the disparity and expected-results views.
///
/// Two shapes of the same rows: `clustered`, one gzip export per term sorted by school (as
/// a system that exports per school and term writes them), and `interleaved`, one export of
/// every term whose rows come student by student, schools and terms interleaved (as a
/// system that exports per student writes them).
struct InboxGenerator {
    enum Shape: String { case clustered, interleaved }

    let gradeRows: Int
    var shape = Shape.clustered
    let schools = 200
    static let terms = ["VT2020", "HT2020", "VT2021", "HT2021", "VT2022", "HT2022", "VT2023", "HT2023", "VT2024", "HT2024"]
    static let header = "personnummer;skolenhetskod;arskurs;termin;amne;betyg;betygsdatum;larare\n"

    init(gradeRows: Int, shape: Shape = .clustered) {
        self.gradeRows = gradeRows
        self.shape = shape
    }

    func schoolCode(_ i: Int) -> String { String(10_000_000 + i * 7) }

    /// Pupils per (school, grade year, term) so that the grade rows add up.
    var pupilsPerCohort: Int { max(1, gradeRows / (Self.terms.count * schools * 4 * 17)) }

    private struct Random {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        mutating func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
    }

    private static func date(_ term: String) -> String {
        let year = Int(term.suffix(4))!
        return term.hasPrefix("VT") ? "\(year)-06-10" : "\(year)-12-18"
    }

    /// The grade year of a pupil born in `birthYear` in `term`.
    private static func gradeYear(_ term: String, birthYear: Int) -> Int {
        let year = Int(term.suffix(4))!
        return (term.hasPrefix("VT") ? year : year + 1) - birthYear - 7
    }

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
        var random = Random()
        var total = 0
        func rows(_ s: Int, birthYear: Int, p: Int, term: String, into chunk: inout String) {
            let gradeYear = Self.gradeYear(term, birthYear: birthYear)
            let ability = 8 + (s % 9)
            let pnr = GradeExportGenerator.personnummer(birthYear: birthYear, serial: (s * pupilsPerCohort + p) % 999_000)
            let date = Self.date(term)
            for subject in GradeExportGenerator.subjects {
                let g = GradeExportGenerator.grades[(ability + random.next() % 5) % GradeExportGenerator.grades.count]
                chunk += "\(pnr);\(schoolCode(s));\(gradeYear);\(term);\(subject);\(g);\(date);ABCD\n"
                total += 1
            }
        }
        switch shape {
        case .clustered:
            for term in terms {
                let writer = try GzipPipe(path: inbox + "/betyg/\(term.lowercased()).csv.gz")
                var chunk = Self.header
                for s in 0..<schools {
                    for gradeYear in 6...9 {
                        for p in 0..<pupilsPerCohort {
                            // The same pupil across terms: birth year from the cohort.
                            rows(s, birthYear: Self.gradeYear(term, birthYear: 0) - gradeYear, p: p, term: term, into: &chunk)
                        }
                        if chunk.utf8.count > 1 << 20 { try writer.write(chunk); chunk = "" }
                    }
                }
                try writer.write(chunk)
                try writer.close()
            }
        case .interleaved:
            // Every pupil whose grade years 6-9 meet the terms, one after another, each with
            // all of their terms; consecutive pupils at different schools.
            let births = Set(terms.flatMap { t in (6...9).map { Self.gradeYear(t, birthYear: 0) - $0 } }).sorted()
            let writer = try GzipPipe(path: inbox + "/betyg/alla-elever.csv.gz")
            var chunk = Self.header
            for p in 0..<pupilsPerCohort {
                for birthYear in births {
                    for s in 0..<schools {
                        for term in terms where (6...9).contains(Self.gradeYear(term, birthYear: birthYear)) {
                            rows(s, birthYear: birthYear, p: p, term: term, into: &chunk)
                        }
                        if chunk.utf8.count > 1 << 20 { try writer.write(chunk); chunk = "" }
                    }
                }
            }
            try writer.write(chunk)
            try writer.close()
        }
        // Registrations for about 3 % of the first term's pupils, and a survey per term.
        var registrations = "registreringsdatum;skolenhetskod;personnummer;skolstart_sverige;ankomstdatum;behovsgrupp;kartlaggning_klar\n"
        var answers = "svar_id;survey;skolenhetskod;inskickad;roll;q1;q2;q3;q4\n"
        let first = terms.first!, year = Int(first.suffix(4))!
        for s in 0..<schools {
            for gradeYear in 6...9 {
                for p in 0..<pupilsPerCohort where random.next() % 33 == 0 {
                    let pnr = GradeExportGenerator.personnummer(birthYear: Self.gradeYear(first, birthYear: 0) - gradeYear,
                                                                serial: (s * pupilsPerCohort + p) % 999_000)
                    registrations += "\(year - 2)-08-20;\(schoolCode(s));\(pnr);\(year - 2)-08-22;\(year - 2)-07-01;\(1 + random.next() % 4);\(year - 2)-10-01\n"
                }
            }
            for term in terms where random.next() % 2 == 0 {
                let y = Int(term.suffix(4))!, spring = term.hasPrefix("VT")
                for r in 0..<8 {
                    answers += "\(term)-\(s)-\(r);bench-enkat;\(schoolCode(s));\(y)-\(spring ? "03" : "10")-1\(r);elev;\(1 + random.next() % 5);\(1 + random.next() % 5);Vet ej;\(1 + random.next() % 5)\n"
                }
            }
        }
        try registrations.write(toFile: inbox + "/nyanlanda/registreringar-\(first.lowercased()).csv", atomically: true, encoding: .utf8)
        try answers.write(toFile: inbox + "/enkater/svar-\(first.lowercased()).csv", atomically: true, encoding: .utf8)
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

/// The administration's records for the benchmark city: activities, resources and targets
/// for `schools` of its schools — the follow-up the refresh computes beside the results.
struct FollowUpGenerator {
    let schools: Int
    let inbox: InboxGenerator

    func write(to folder: String) throws {
        let fm = FileManager.default
        for feed in ["insatser", "resurser", "mal"] {
            try fm.createDirectory(atPath: folder + "/" + feed, withIntermediateDirectories: true)
        }
        let kinds = ["lararcoach", "analysstod", "kritiska_vanner", "prio"]
        let starts = ["HT2020", "VT2021", "HT2021", "HT2022", "VT2023", "HT2023"]
        var activities = "insats_id;skolenhetskod;insats;fokusomrade;start_termin;slut_termin;kostnad_kr;beskrivning\n"
        var resources = "skolenhetskod;lasar;antal_elever;socioekonomiskt_tillagg_kr;nyanlandpeng_kr\n"
        var targets = "mal_id;omfattning;skolenhetskod;matt;population;arskurs;utgangslage_termin;maltermin;malvarde\n"
        for s in 0..<schools {
            let code = inbox.schoolCode(s * 3)   // every third school of the city
            for k in 0..<(1 + s % 3) {
                activities += "I\(s)-\(k);\(code);\(kinds[(s + k) % kinds.count]);maluppfyllelse;\(starts[(s + k) % starts.count]);;\(100_000 + s * 1_000);\n"
            }
            for year in 2019...2023 {
                resources += "\(code);\(year)/\(String(format: "%02d", (year + 1) % 100));\(300 + s);\(500_000 + s * 10_000);\(s * 5_000)\n"
            }
            targets += "S\(s);skola;\(code);mean_merit_value;all;9;VT2021;VT2024;\(200 + s % 40)\n"
        }
        for (i, measure) in ["mean_merit_value", "share_eligible_vocational", "share_all_subjects_passed", "gap_p90_p10"].enumerated() {
            targets += "C\(i);stad;;\(measure);all;9;VT2021;VT2024;\(measure == "gap_p90_p10" ? "60" : measure == "mean_merit_value" ? "230" : "0,85")\n"
        }
        try activities.write(toFile: folder + "/insatser/insatser.csv", atomically: true, encoding: .utf8)
        try resources.write(toFile: folder + "/resurser/resurser.csv", atomically: true, encoding: .utf8)
        try targets.write(toFile: folder + "/mal/mal.csv", atomically: true, encoding: .utf8)
    }
}
