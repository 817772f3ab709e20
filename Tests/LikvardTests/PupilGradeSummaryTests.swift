import Foundation
@testable import Likvard
import LikvardTestSupport
import Testing

/// The grades summed at load (`PupilGrades`, `pupil_grade_summaries`): the rule on hand-
/// worked cases, and a file whose rows do not come pupil by pupil.
@Suite struct PupilGradeSummaryTests {
    static let date = CivilDate.parse("2024-06-10")!

    /// Later betygsdatum wins, then the later line; SV and SVA count once (the higher); M2
    /// is added to the 16 best of the rest; the grade year is the latest row's.
    @Test func theRuleOnOnePupil() {
        var g = PupilGrades()
        let later = CivilDate.parse("2024-06-12")!
        g.add(subject: "MA", grade: .a, gradeYear: 9, recency: PupilGrades.recency(date: later, line: 2))
        g.add(subject: "MA", grade: .e, gradeYear: 9, recency: PupilGrades.recency(date: Self.date, line: 9))   // earlier date
        g.add(subject: "EN", grade: .c, gradeYear: 9, recency: PupilGrades.recency(date: Self.date, line: 3))
        g.add(subject: "EN", grade: .f, gradeYear: 8, recency: PupilGrades.recency(date: later, line: 4))      // latest row
        g.add(subject: "SV", grade: .d, gradeYear: 9, recency: PupilGrades.recency(date: Self.date, line: 5))
        g.add(subject: "SVA", grade: .b, gradeYear: 9, recency: PupilGrades.recency(date: Self.date, line: 6))
        g.add(subject: "M2", grade: .c, gradeYear: 9, recency: PupilGrades.recency(date: Self.date, line: 7))
        // MA A 20, EN F 0, the higher of SV D / SVA B 17.5, plus M2 C 15.
        #expect(g.summary == PupilGrades.Summary(gradeYear: 8, grades: 5, passed: 4, meritValue: 52.5, passedSwedish: true,
                                                 passedEnglish: false, passedMaths: true, passedOthers: 1))
    }

    /// More than 16 candidates: only the 16 highest count.
    @Test func sixteenBestOfMore() {
        var g = PupilGrades()
        let subjects = ["BL", "BI", "EN", "FY", "GE", "HKK", "HI", "IDH", "KE", "MA", "M1", "ML", "MU", "RE", "SH", "SL", "TK", "TN"]
        for (i, s) in subjects.enumerated() {
            g.add(subject: s, grade: i < 2 ? .e : .a, gradeYear: 9, recency: PupilGrades.recency(date: Self.date, line: i + 2))
        }
        // 18 candidates: 16 A (320) and 2 E left out.
        #expect(g.summary.meritValue == 320)
        #expect(g.summary.grades == 18)
    }

    /// A grade export sorted by subject (every pupil's rows apart) is left unsummarized and
    /// read row by row at the refresh: the same results as the same rows pupil by pupil.
    @Test func anExportSortedBySubjectGivesTheSameResults() throws {
        let school = "12345678"
        var rows: [String] = []
        for i in 0..<300 {
            let pupil = TestPupil.personnummer(String(format: "2009-%02d-%02d", 1 + i / 28 % 12, 1 + i % 28), serial: i + 1)
            rows += Feeds.gradeRows(pupil: pupil, school: school, term: "VT2024", grade: ["A", "C", "E", "F"][i % 4],
                                    overrides: ["MA": ["B", "D"][i % 2]])
        }
        func load(_ ordered: [String]) throws -> (Harness, [[String]]) {
            let h = Harness.withSchool(school)
            h.drop("betyg/vt2024.csv", ([Feeds.gradeHeader] + ordered).joined(separator: "\n") + "\n")
            try h.run()
            return (h, try h.rows("select * from pupil_term_results order by pupil_id"))
        }
        let (byPupil, expected) = try load(rows)
        let bySubject = rows.sorted { $0.split(separator: ";")[4] < $1.split(separator: ";")[4] }
        let (h, results) = try load(bySubject)
        #expect(try byPupil.scalar("select count(*) from summarized_grade_files").int == 1)
        #expect(try h.scalar("select count(*) from summarized_grade_files").int == 0)
        #expect(try h.scalar("select count(*) from pupil_grade_summaries").int == 0)
        #expect(results.count == 300)
        #expect(results == expected)
    }
}
