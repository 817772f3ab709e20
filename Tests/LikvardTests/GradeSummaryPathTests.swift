import Foundation
@testable import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// The grade rule has two ways into the warehouse: a pupil's rows summed at load
/// (`PupilGrades`, when they come together in the file) and the rows read again by the
/// refresh (040's row path: rows met apart, or a repeat taken out at the end of a long
/// file). The same grades, fed to both, give the same pupil-term results, table-driven.
@Suite struct GradeSummaryPathTests {
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

    /// The file's lines for one layout: the pupil's rows together; split by another pupil's
    /// rows; or together with the last one repeated right after it (summed into the same
    /// summary, the repeat only found at the end of the file and taken out then).
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
    func bothPathsGiveTheSameResult(_ c: Case, _ layout: Layout) throws {
        let h = Harness.withSchool()
        h.drop("betyg/vt2024.csv", Self.file(c, layout))
        // a detector that keeps 4 digests in memory takes the long-file path: repeats are
        // let through and taken out at the end
        let report = try DuplicateDetector.$memoryLimitInUse.withValue(layout == .repeatFoundAtTheEnd ? 4 : 196_608) { try h.run() }
        let grades = try #require(report.files.first { $0.fileName == "betyg/vt2024.csv" })
        #expect(grades.outcome.rowsRejected == (layout == .repeatFoundAtTheEnd ? 1 : 0))
        let db = try Database(path: h.warehouse, readOnly: true, create: false)
        let row = try db.rows("select merit_value, n_passed, grade_year from pupil_term_results order by merit_value").map { $0.values }
        #expect(row.count == 2)
        let mine = row.first { $0[0].double == c.meritValue }
        #expect(mine != nil, "\(c.name), \(layout): merit values \(row.map { $0[0] })")
        #expect(mine?[1].int == c.passed)
        #expect(mine?[2].int == c.gradeYear)
        // which path the refresh took: a summary it may trust only when the rows came together
        let fragmented = try db.scalar("select sum(fragmented) from pupil_grade_summaries").int ?? 0
        #expect(fragmented == (layout == .together ? 0 : 1), "\(c.name), \(layout)")
    }
}
