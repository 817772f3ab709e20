import Foundation
@testable import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// The grade store (`pupil_term_grades`): one row per pupil identifier, school and term of a
/// file, each subject's later grade packed with its recency. Folded at load however the
/// export orders its rows; the rules themselves are 040's (ModelUnitTests, DifferentialTests).
@Suite struct GradeStoreTests {
    static let date = CivilDate.parse("2024-06-10")!
    static let later = CivilDate.parse("2024-06-12")!

    /// The later betygsdatum wins a subject, then the later line; the latest row's grade
    /// year is kept — in whatever order the rows come.
    @Test func aPupilsRowsFoldToTheLaterGradePerSubject() {
        let rows: [(String, Grade, Int, CivilDate, Int)] = [
            ("MA", .a, 9, Self.later, 2), ("MA", .e, 9, Self.date, 9),   // earlier date, later line: A stays
            ("EN", .c, 9, Self.date, 3), ("EN", .f, 8, Self.later, 4),   // the latest row (year 8)
            ("SV", .d, 9, Self.date, 5), ("SV", .b, 9, Self.date, 6),    // same date: the later line
        ]
        var forward = PupilTermGrades(), backward = PupilTermGrades()
        for r in rows { forward.add(subject: r.0, grade: r.1, gradeYear: r.2, date: r.3, line: r.4) }
        for r in rows.reversed() { backward.add(subject: r.0, grade: r.1, gradeYear: r.2, date: r.3, line: r.4) }
        #expect(forward.cells == backward.cells && forward.latest == backward.latest)
        func grade(_ subject: String) -> String? {
            let cell = forward.cells[Subject.ordered.firstIndex(of: subject)!]
            return cell == 0 ? nil : Grade.allCases.first { $0.code == cell % 8 }?.rawValue
        }
        #expect([grade("MA"), grade("EN"), grade("SV"), grade("BL")] == ["A", "F", "B", nil])
        #expect(forward.latest % 10 == 8)
        #expect(forward.latest / 10 == GradeCell.recency(date: Self.later, line: 4))
    }

    /// A cell is larger exactly when its row is later: the date decides, then the line;
    /// the grade never does.
    @Test func aLaterRowIsALargerCell() {
        let early = GradeCell.pack(recency: GradeCell.recency(date: Self.date, line: 999_999_999), grade: .a)
        let late = GradeCell.pack(recency: GradeCell.recency(date: Self.later, line: 2), grade: .noBasis)
        #expect(late > early)
        let before = GradeCell.pack(recency: GradeCell.recency(date: Self.date, line: 5), grade: .noBasis)
        let after = GradeCell.pack(recency: GradeCell.recency(date: Self.date, line: 6), grade: .a)
        #expect(after > before)
    }

    /// A grade export sorted by subject (every pupil's rows apart), or shuffled, stores the
    /// same rows and gives the same results as the same rows pupil by pupil.
    @Test func everyOrderOfAnExportGivesTheSameStore() throws {
        let school = "12345678"
        var rows: [String] = []
        for i in 0..<300 {
            let pupil = TestPupil.personnummer(String(format: "2009-%02d-%02d", 1 + i / 28 % 12, 1 + i % 28), serial: i + 1)
            rows += Feeds.gradeRows(pupil: pupil, school: school, term: "VT2024", grade: ["A", "C", "E", "F"][i % 4],
                                    overrides: ["MA": ["B", "D"][i % 2]])
        }
        func load(_ ordered: [String]) throws -> (store: [[String]], results: [[String]]) {
            let h = Harness.withSchool(school)
            h.drop("betyg/vt2024.csv", ([Feeds.gradeHeader] + ordered).joined(separator: "\n") + "\n")
            try h.run()
            return (try h.rows("select identity_key, subject, grade, grade_date from stored_grades order by 1, 2"),
                    try h.rows("select * from pupil_term_results order by pupil_id"))
        }
        let byPupil = try load(rows)
        #expect(byPupil.results.count == 300)
        #expect(byPupil.store.count == rows.count)
        let bySubject = rows.sorted { $0.split(separator: ";")[4] < $1.split(separator: ";")[4] }
        var random = SystemRandomNumberGenerator()
        for other in [bySubject, rows.shuffled(using: &random)] {
            let loaded = try load(other)
            #expect(loaded.results == byPupil.results)
            #expect(loaded.store.count == rows.count)
        }
    }

    /// The same grades in three layouts — a pupil's rows together, split by another pupil's
    /// rows, and together with the last repeated right after it where the repeat is found
    /// only at the end of a long file (the file is then staged again with it known) — give
    /// the same pupil-term results, table-driven.
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        /// subject, grade, betygsdatum, grade year
        let rows: [(String, String, String, Int)]
        let meritValue: Double
        let passed: Int
        var gradeYear = 9
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "one grade per subject", rows: Feeds.subjects.map { ($0, "C", "2024-06-10", 9) }, meritValue: 255, passed: 17),
        Case(name: "a later date replaces", rows: [("MA", "A", "2024-06-12", 9), ("MA", "E", "2024-06-10", 9), ("EN", "B", "2024-06-10", 9)],
             meritValue: 37.5, passed: 2),
        Case(name: "same date: the later line replaces", rows: [("MA", "A", "2024-06-10", 9), ("MA", "F", "2024-06-10", 9), ("SV", "D", "2024-06-10", 9)],
             meritValue: 12.5, passed: 1),
        Case(name: "SV and SVA count once, M2 added", rows: [("SV", "D", "2024-06-10", 9), ("SVA", "B", "2024-06-10", 9), ("M2", "C", "2024-06-10", 9), ("EN", "-", "2024-06-10", 9)],
             meritValue: 32.5, passed: 3),
        Case(name: "the latest row's grade year", rows: [("MA", "C", "2024-06-10", 9), ("BI", "A", "2024-06-11", 8)], meritValue: 35, passed: 2, gradeYear: 8),
    ]

    enum Layout: String, CaseIterable, Sendable { case together, apart, repeatFoundAtTheEnd }

    static let pupil = TestPupil.personnummer("2009-03-14", serial: 1)
    static let other = TestPupil.personnummer("2009-05-02", serial: 2)

    static func file(_ c: Case, _ layout: Layout) -> String {
        let mine = c.rows.map { "\(pupil);12345678;\($0.3);VT2024;\($0.0);\($0.1);\($0.2)" }
        let theirs = Feeds.gradeRows(pupil: other, school: "12345678", term: "VT2024")
        let lines: [String]
        switch layout {
        case .together: lines = theirs + mine
        case .apart: lines = Array(mine.prefix(1)) + theirs + mine.dropFirst()
        case .repeatFoundAtTheEnd: lines = theirs + mine + [mine.last!]
        }
        return ([Feeds.gradeHeader] + lines).joined(separator: "\n") + "\n"
    }

    @Test(arguments: cases, Layout.allCases)
    func everyLayoutGivesTheSameResult(_ c: Case, _ layout: Layout) throws {
        let h = Harness.withSchool()
        h.drop("betyg/vt2024.csv", Self.file(c, layout))
        // a detector that keeps 4 digests in memory takes the long-file path: repeats are
        // let through and found at the end
        let report = try DuplicateDetector.$memoryLimitInUse.withValue(layout == .repeatFoundAtTheEnd ? 4 : 196_608) { try h.run() }
        let grades = try #require(report.files.first { $0.fileName == "betyg/vt2024.csv" })
        #expect(grades.outcome.rowsRejected == (layout == .repeatFoundAtTheEnd ? 1 : 0))
        let lines = Self.file(c, layout).split(separator: "\n").count
        #expect(try h.rows("select line_number, reason_code from etl_rejects")
                == (layout == .repeatFoundAtTheEnd ? [[String(lines), "duplicate_row"]] : []))
        #expect(try h.scalar("select count(*) from pupil_term_grades").int == 2)
        let db = try Database(path: h.warehouse, readOnly: true, create: false)
        let row = try db.rows("select merit_value, n_passed, grade_year from pupil_term_results order by merit_value").map { $0.values }
        #expect(row.count == 2)
        let mine = row.first { $0[0].double == c.meritValue }
        #expect(mine != nil, "\(c.name), \(layout): merit values \(row.map { $0[0] })")
        #expect(mine?[1].int == c.passed)
        #expect(mine?[2].int == c.gradeYear)
    }
}
