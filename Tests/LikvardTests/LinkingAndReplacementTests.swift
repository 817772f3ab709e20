import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// Temporary ids linked to personnummer, in any order and across runs; grade files that
/// replace a (school, term); later `betygsdatum` winning within a file.
@Suite struct LinkingAndReplacementTests {
    static let school = "12345678"
    static let pnr = TestPupil.personnummer("2011-05-06", serial: 7)
    static let temp = "20110506-T001"
    static let key = PupilKey.self

    static func harness() -> Harness {
        let h = Harness()
        h.drop("skolenheter/register.csv", Feeds.register([(school, "Testskolan"), ("87654321", "Andra skolan")]))
        return h
    }

    static func registration(linking: Bool) -> String {
        "registreringsdatum;skolenhetskod;personnummer;tillfalligt_id;skolstart_sverige;behovsgrupp\n"
            + (linking ? "2024-02-01;\(school);\(pnr);\(temp);2023-08-21;2\n" : "2023-09-01;\(school);;\(temp);2023-08-21;3\n")
    }

    static var tempGrades: String {
        ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: temp, school: school, term: "HT2023", year: 7, date: "2023-12-15"))
            .joined(separator: "\n") + "\n"
    }

    static var pnrGrades: String {
        ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: pnr, school: school, term: "VT2024", year: 7, grade: "B"))
            .joined(separator: "\n") + "\n"
    }

    func pupilIDs(_ h: Harness) throws -> [[String]] {
        try h.rows("select pupil_id, term, unknown_background from pupil_term_results order by term")
    }

    func expectedID(_ h: Harness, _ id: String) throws -> String {
        try PupilKey.load(path: h.keyFile).pupilID(id)
    }

    @Test func registrationFirstThenGrades() throws {
        let h = Self.harness()
        h.drop("nyanlanda/a.csv", Self.registration(linking: true))
        h.drop("betyg/ht2023.csv", Self.tempGrades)
        h.drop("betyg/vt2024.csv", Self.pnrGrades)
        try h.run()
        let id = try expectedID(h, Self.pnr.replacingOccurrences(of: "-", with: ""))
        #expect(try pupilIDs(h) == [[id, "HT2023", "0"], [id, "VT2024", "0"]])
    }

    @Test func gradesFirstThenTheLinkInALaterRun() throws {
        let h = Self.harness()
        h.drop("nyanlanda/a.csv", Self.registration(linking: false))
        h.drop("betyg/ht2023.csv", Self.tempGrades)
        try h.run()
        let tempID = try expectedID(h, Self.temp)
        #expect(try pupilIDs(h) == [[tempID, "HT2023", "1"]])   // unlinked temporary id: unknown background
        h.drop("nyanlanda/b.csv", Self.registration(linking: true))
        h.drop("betyg/vt2024.csv", Self.pnrGrades)
        try h.run()
        let id = try expectedID(h, Self.pnr.replacingOccurrences(of: "-", with: ""))
        #expect(try pupilIDs(h) == [[id, "HT2023", "0"], [id, "VT2024", "0"]])
        #expect(try h.scalar("select count(*) from pupil_term_results where pupil_id = ?", tempID).int == 0)
    }

    @Test func conflictingLinksAreRecordedAndTheLatestWins() throws {
        let h = Self.harness()
        let other = TestPupil.personnummer("2011-05-06", serial: 9)
        h.drop("nyanlanda/a.csv", "registreringsdatum;skolenhetskod;personnummer;tillfalligt_id;skolstart_sverige\n"
               + "2024-03-01;\(Self.school);\(other);\(Self.temp);2023-08-21\n"
               + "2024-02-01;\(Self.school);\(Self.pnr);\(Self.temp);2023-08-21\n")
        h.drop("betyg/ht2023.csv", Self.tempGrades)
        try h.run()
        let winner = try expectedID(h, other.replacingOccurrences(of: "-", with: ""))
        #expect(try h.rows("select distinct pupil_id from pupil_term_results") == [[winner]])
        #expect(try h.rows("select chosen, line_number from link_conflicts order by line_number") == [["1", "2"], ["0", "3"]])
    }

    @Test func aGradeFileReplacesItsSchoolTermPartitions() throws {
        let h = Self.harness()
        let p2 = TestPupil.personnummer("2009-01-01", serial: 2)
        var first = [Feeds.gradeHeader] + Feeds.gradeRows(pupil: Self.pnr, school: Self.school, term: "VT2024")
        first += Feeds.gradeRows(pupil: p2, school: Self.school, term: "VT2024")
        first += Feeds.gradeRows(pupil: p2, school: "87654321", term: "VT2024")
        h.drop("betyg/1-export.csv", first.joined(separator: "\n"))
        try h.run()
        #expect(try h.scalar("select count(*) from pupil_term_results").int == 3)
        // The correction holds only one pupil for (12345678, VT2024): the other pupil's
        // grades there are replaced; (87654321, VT2024) is untouched.
        h.drop("betyg/2-correction.csv", ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: Self.pnr, school: Self.school, term: "VT2024", grade: "A")).joined(separator: "\n"))
        try h.run()
        #expect(try h.rows("select school_unit_code, merit_value from pupil_term_results order by school_unit_code")
                == [["12345678", "340.0"], ["87654321", "255.0"]])
    }

    @Test func laterGradeDateWinsWithinAFileAndGradeYearFollowsIt() throws {
        let h = Self.harness()
        let rows = [Feeds.gradeHeader,
                    "\(Self.pnr);\(Self.school);8;VT2024;MA;F;2024-06-20",
                    "\(Self.pnr);\(Self.school);9;VT2024;MA;A;2024-06-01",
                    "\(Self.pnr);\(Self.school);9;VT2024;EN;C;2024-06-01",
                    "\(Self.pnr);\(Self.school);9;VT2024;EN;B;2024-06-01"]
        h.drop("betyg/a.csv", rows.joined(separator: "\n"))
        try h.run()
        #expect(try h.rows("select grade_year, n_grades, n_passed, merit_value from pupil_term_results") == [["8", "2", "1", "17.5"]])
    }
}
