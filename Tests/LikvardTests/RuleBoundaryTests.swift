import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// Every rule of docs/views.md at its boundaries, table-driven.
@Suite struct RuleBoundaryTests {
    static let school = "12345678"
    static let pupil = TestPupil.personnummer("2010-03-01", serial: 1)

    /// Loads one pupil's `grades` (subject → grade) at VT2024 and returns their
    /// pupil_term_results row.
    static func result(_ grades: [(String, String)], registration: String? = nil, term: String = "VT2024") throws -> Row {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([(school, "S")]))
        let rows = grades.map { "\(pupil);\(school);9;\(term);\($0.0);\($0.1);2024-06-10" }
        h.drop("betyg/g.csv", ([Feeds.gradeHeader] + rows).joined(separator: "\n"))
        if let registration {
            h.drop("nyanlanda/n.csv", "registreringsdatum;skolenhetskod;personnummer;skolstart_sverige;ankomstdatum;behovsgrupp\n" + registration)
        }
        try h.run()
        return try #require(try h.db().rows("select * from pupil_term_results").first)
    }

    static let sixteen = ["BL", "BI", "EN", "FY", "GE", "HKK", "HI", "IDH", "KE", "MA", "MU", "RE", "SH", "SL", "SV", "TK"]

    @Test func eighteenGradesWithM2AndBothSwedishSubjects() throws {
        // 16 subjects with C (15) except SV = A (20); SVA = B (17.5) counts only if higher
        // than SV: it is not. TN = E (10) is a 17th non-M2 grade: the 16 best are kept
        // (TN drops out). M2 = D (12.5) is added: 15·15 + 20 + 12.5 = 257.5.
        var grades = Self.sixteen.map { ($0, $0 == "SV" ? "A" : "C") }
        grades += [("SVA", "B"), ("TN", "E"), ("M2", "D")]
        let r = try Self.result(grades)
        #expect(r["n_grades"].int == 19)
        #expect(r["merit_value"].double == 257.5)
    }

    @Test func svaCountsWhenHigherThanSV() throws {
        let grades = Self.sixteen.map { ($0, $0 == "SV" ? "E" : "C") } + [("SVA", "A")]
        #expect(try Self.result(grades)["merit_value"].double == 15 * 15 + 20)
    }

    @Test func onlyNoBasisGradesIsCountedButOutsideTheMean() throws {
        let r = try Self.result([("MA", "-"), ("EN", "-"), ("SV", "-")])
        #expect(r["n_grades"].int == 3)
        #expect(r["n_passed"].int == 0)
        #expect(r["merit_value"].double == 0)
        #expect(r["all_subjects_passed"].int == 0)
    }

    @Test(arguments: [
        (5, 1, 0),   // exactly 5 other passed subjects: vocational yes, higher-ed no
        (4, 0, 0),   // 4: neither
        (9, 1, 1),   // 9: both
        (8, 1, 0),
    ])
    func eligibility(otherPassed: Int, vocational: Int, higher: Int) throws {
        let others = ["BL", "BI", "FY", "GE", "HKK", "HI", "IDH", "KE", "M1", "MU"]
        var grades = [("SVA", "E"), ("EN", "E"), ("MA", "E")]
        grades += others.enumerated().map { ($0.element, $0.offset < otherPassed ? "E" : "F") }
        let r = try Self.result(grades)
        #expect(r["eligible_vocational"].int == vocational)
        #expect(r["eligible_higher_ed"].int == higher)
    }

    @Test func aFailedCoreSubjectMeansNotEligible() throws {
        let grades = [("SV", "E"), ("EN", "F"), ("MA", "E")] + ["BL", "BI", "FY", "GE", "HKK", "HI", "IDH", "KE", "MU"].map { ($0, "A") }
        #expect(try Self.result(grades)["eligible_vocational"].int == 0)
    }

    // Born 2010-03-01: turns 7 in 2017; the autumn term start that year is 2017-08-15.
    // VT2024's reference date is 2024-06-30.
    @Test(arguments: [
        ("2017-08-15", 0, "NULL"),       // on the autumn start: not after it
        ("2017-08-16", 0, "NULL"),       // after it, but 6 whole years before the reference date
        ("2020-06-30", 0, "NULL"),       // exactly 4 whole years: not within
        ("2020-07-01", 1, "3"),          // 3 whole years
        ("2024-06-30", 1, "0"),          // on the reference date
        ("2024-07-01", 0, "NULL"),       // after the reference date
    ])
    func newcomerStatus(schoolStart: String, newcomer: Int, years: String) throws {
        let r = try Self.result([("MA", "C")], registration: "2024-08-01;\(Self.school);\(Self.pupil);\(schoolStart);;2\n")
        #expect(r["is_newcomer"].int == newcomer)
        #expect(r["years_in_swedish_school"].description == years)
        #expect(r["need_group"].description == (newcomer == 1 ? "2" : "NULL"))
    }

    @Test func newcomerBoundaryAtTheAutumnStartOfTheYearTheyTurnSeven() throws {
        // A pupil born 2016-03-01 turns 7 in 2023: autumn start 2023-08-15.
        let young = TestPupil.personnummer("2016-03-01", serial: 2)
        func status(_ start: String) throws -> Int? {
            let h = Harness()
            h.drop("skolenheter/r.csv", Feeds.register([(Self.school, "S")]))
            h.drop("betyg/g.csv", Feeds.gradeHeader + "\n\(young);\(Self.school);6;VT2024;MA;C;2024-06-10\n")
            h.drop("nyanlanda/n.csv", "registreringsdatum;skolenhetskod;personnummer;skolstart_sverige\n2023-08-01;\(Self.school);\(young);\(start)\n")
            try h.run()
            return try h.scalar("select is_newcomer from pupil_term_results").int
        }
        #expect(try status("2023-08-15") == 0)   // the day of: not after
        #expect(try status("2023-08-14") == 0)   // the day before
        #expect(try status("2023-08-16") == 1)   // the day after
    }

    @Test func newlyImmigratedWithoutArrivalDateUsesSchoolStart() throws {
        let within = try Self.result([("MA", "C")], registration: "2024-08-01;\(Self.school);\(Self.pupil);2020-07-01;;\n")
        #expect(within["is_newly_immigrated"].int == 1)
        let outside = try Self.result([("MA", "C")], registration: "2024-08-01;\(Self.school);\(Self.pupil);2020-06-30;;\n")
        #expect(outside["is_newly_immigrated"].int == 0)
        // an arrival date takes precedence over school start
        let arrival = try Self.result([("MA", "C")], registration: "2024-08-01;\(Self.school);\(Self.pupil);2021-08-20;2019-05-01;\n")
        #expect(arrival["is_newly_immigrated"].int == 0)
        #expect(arrival["is_newcomer"].int == 1)
    }

    @Test func needGroupIsTheLatestDatedOnOrBeforeTheReferenceDate() throws {
        let regs = """
            2022-09-01;\(Self.school);\(Self.pupil);2022-08-22;;1
            2024-03-01;\(Self.school);\(Self.pupil);2022-08-22;;3
            2024-09-01;\(Self.school);\(Self.pupil);2022-08-22;;4

            """
        #expect(try Self.result([("MA", "C")], registration: regs)["need_group"].int == 3)
        // none dated on or before: the earliest with one
        let later = "2024-09-01;\(Self.school);\(Self.pupil);2022-08-22;;4\n2024-08-01;\(Self.school);\(Self.pupil);2022-08-22;;2\n"
        #expect(try Self.result([("MA", "C")], registration: later)["need_group"].int == 2)
    }

    @Test func samordningsnummerIsUnknownBackground() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([(Self.school, "S")]))
        let coordination = TestPupil.personnummer("2009-03-14", serial: 3, coordination: true)
        h.drop("betyg/g.csv", Feeds.gradeHeader + "\n\(coordination);\(Self.school);9;VT2024;MA;C;2024-06-10\n")
        try h.run()
        #expect(try h.rows("select unknown_background, sex from pupil_term_results") == [["1", "male"]])
        #expect(try h.scalar("select count(*) from results_school_term where population = 'excl_newcomers'").int == 0)
    }

    @Test(arguments: [(9, 1), (10, 0)])
    func suppression(pupils: Int, suppressed: Int) throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([(Self.school, "S")]))
        var rows = [Feeds.gradeHeader]
        for i in 0..<pupils { rows += Feeds.gradeRows(pupil: TestPupil.personnummer("2009-01-01", serial: i * 10), school: Self.school, term: "VT2024") }
        h.drop("betyg/g.csv", rows.joined(separator: "\n"))
        try h.run()
        let r = try #require(try h.db().rows("select * from results_school_term where population = 'all' and sex = 'all'").first)
        #expect(r["n_pupils"].int == pupils)
        #expect(r["suppressed"].int == suppressed)
        #expect(r["mean_merit_value"].description == (suppressed == 1 ? "NULL" : "255.0"))
        #expect(r["share_all_subjects_passed"].description == (suppressed == 1 ? "NULL" : "1.0"))
    }

    @Test func meanNeedsTenPupilsWithAPassedGrade() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([(Self.school, "S")]))
        var rows = [Feeds.gradeHeader]
        for i in 0..<12 {
            rows += Feeds.gradeRows(pupil: TestPupil.personnummer("2009-01-01", serial: i * 10), school: Self.school,
                                    term: "VT2024", grade: i < 3 ? "F" : "C")
        }
        h.drop("betyg/g.csv", rows.joined(separator: "\n"))
        try h.run()
        // 12 counted pupils (not suppressed), but only 9 with a passed grade: no mean
        #expect(try h.rows("select n_pupils, suppressed, mean_merit_value, share_all_subjects_passed from results_school_term where population = 'all' and sex = 'all'")
                == [["12", "0", "NULL", "0.75"]])
    }

    /// n schools with means 255, 260, 265, …: school k has k subjects at A, the rest C.
    @Test(arguments: [
        (1, "255.0", "255.0", "255.0"),
        (9, "255.0", "275.0", "295.0"),     // positions 1, 5, 9
        (10, "255.0", "275.0", "295.0"),    // positions 1, 5, 9
        (11, "260.0", "280.0", "300.0"),    // positions 2, 6, 10
    ])
    func nearestRankPercentiles(schools: Int, p10: String, median: String, p90: String) throws {
        let h = Harness()
        let codes = (0..<schools).map { String(10_000_000 + $0) }
        h.drop("skolenheter/r.csv", Feeds.register(codes.map { ($0, "Skola \($0)") }))
        var rows = [Feeds.gradeHeader]
        for (k, code) in codes.enumerated() {
            let aSubjects = Set(Feeds.subjects.filter { $0 != "M2" }.prefix(k))
            for i in 0..<10 {
                let pupil = TestPupil.personnummer("2009-01-01", serial: k * 10 + i)
                rows += Feeds.subjects.map { "\(pupil);\(code);9;VT2024;\($0);\(aSubjects.contains($0) ? "A" : "C");2024-06-10" }
            }
        }
        h.drop("betyg/g.csv", rows.joined(separator: "\n"))
        try h.run()
        #expect(try h.rows("select n_schools, p10_school_mean, median_school_mean, p90_school_mean from school_disparity where population = 'all'")
                == [["\(schools)", p10, median, p90]])
    }

    @Test func mappingDeadlineIsTwoMonthsClampedToTheMonthEnd() throws {
        func overdue(start: String, done: String) throws -> Int? {
            let h = Harness()
            h.drop("skolenheter/r.csv", Feeds.register([(Self.school, "S")]))
            var rows = [Feeds.gradeHeader]
            for i in 0..<10 { rows += Feeds.gradeRows(pupil: TestPupil.personnummer("2009-01-01", serial: i * 10), school: Self.school, term: "VT2024") }
            h.drop("betyg/g.csv", rows.joined(separator: "\n"))
            h.drop("nyanlanda/n.csv", "registreringsdatum;skolenhetskod;tillfalligt_id;skolstart_sverige;kartlaggning_klar\n2023-12-01;\(Self.school);20100101-T001;\(start);\(done)\n")
            try h.run()
            return try h.scalar("select mapping_overdue from school_signals").int
        }
        #expect(try overdue(start: "2023-12-31", done: "2024-02-29") == 0)   // deadline clamped to 29 Feb
        #expect(try overdue(start: "2023-12-31", done: "2024-03-01") == 1)
        #expect(try overdue(start: "2023-10-15", done: "2023-12-15") == 0)
        #expect(try overdue(start: "2023-10-15", done: "2023-12-16") == 1)
        #expect(try overdue(start: "2023-10-15", done: "") == 1)             // missing, deadline before 2024-06-30
        #expect(try overdue(start: "2024-06-01", done: "") == 0)             // missing, deadline 2024-08-01 not yet passed
    }
}
