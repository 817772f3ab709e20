import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// However files are split over nights, the views equal those of one run — as long as
/// files that replace each other (a correction after its export, a re-delivered survey
/// answer after the first) keep their relative order, which the contract makes
/// significant.
@Suite struct OrderIndependenceTests {
    static let views = ["terms", "pupil_term_results", "results_school_term", "newcomer_results",
                        "school_disparity", "focus_area_followup", "school_signals"]

    static func demoFiles() throws -> [String] {
        let root = Built.packageRoot + "/fixtures/demo/inbox"
        return try FileManager.default.subpathsOfDirectory(atPath: root).filter {
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: root + "/" + $0, isDirectory: &isDir)
            return !isDir.boolValue
        }.sorted()
    }

    static func copy(_ files: [String], into h: Harness) throws {
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: Built.packageRoot + "/fixtures/demo/inbox/" + file))
            h.drop(file, bytes: Array(data))
        }
    }

    static func snapshot(_ h: Harness) throws -> [String: [[String]]] {
        var result: [String: [[String]]] = [:]
        let db = try h.db()
        for view in views {
            let n = try db.rows("select count(*) from pragma_table_info(?)", view).first![0].int!
            let order = (1...n).map(String.init).joined(separator: ", ")
            result[view] = try db.rows("select * from \(view) order by \(order)").map { $0.values.map(\.description) }
        }
        result["etl_files"] = try db.rows("""
            select file_name, status, coalesce(reason_code, ''), rows_read, rows_loaded, rows_rejected
            from etl_files order by file_name
            """).map { $0.values.map(\.description) }
        result["etl_rejects"] = try db.rows("""
            select f.file_name, r.line_number, r.reason_code, coalesce(r.column_name, ''), r.raw_line
            from etl_rejects r join etl_files f using (file_id) order by 1, 2
            """).map { $0.values.map(\.description) }
        return result
    }

    @Test func threeNightsInAnotherOrderGiveTheSameViews() throws {
        let all = try Self.demoFiles()
        let oneRun = Harness()
        try Self.copy(all, into: oneRun)
        try oneRun.run()

        let split = Harness()
        let night1 = all.filter { $0.hasPrefix("skolenheter/") || $0.contains("betyg-vt2025") || $0.hasSuffix(".json") || $0.contains("digital") }
        let night2 = all.filter { $0.hasPrefix("nyanlanda/") || $0.contains("rattelse") || $0.contains("2024-10-20-elevenkat") || $0.contains("ht2024") }
        try Self.copy(night1, into: split)
        try split.run()
        try Self.copy(night2, into: split)
        try split.run()
        try Self.copy(all, into: split)   // the rest, and the earlier nights' files unchanged
        try split.run()

        let a = try Self.snapshot(oneRun)
        let b = try Self.snapshot(split)
        for key in a.keys.sorted() {
            #expect(a[key] == b[key], "\(key) differs")
            #expect(!(a[key]?.isEmpty ?? true) || key == "newcomer_results", "\(key) is empty: the test would prove nothing")
        }
    }

    @Test func aLateRegistrationReclassifiesEarlierTerms() throws {
        let h = Harness()
        let school = "12345678"
        let pupil = TestPupil.personnummer("2009-03-14", serial: 1)
        h.drop("skolenheter/r.csv", Feeds.register([(school, "S")]))
        h.drop("betyg/vt2023.csv", ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: pupil, school: school, term: "VT2023", year: 8, date: "2023-06-09")).joined(separator: "\n"))
        try h.run()
        #expect(try h.rows("select is_newcomer, is_newly_immigrated from pupil_term_results") == [["0", "0"]])
        h.drop("nyanlanda/late.csv", "registreringsdatum;skolenhetskod;personnummer;skolstart_sverige;ankomstdatum\n2024-01-10;\(school);\(pupil);2021-08-20;2021-07-01\n")
        try h.run()
        #expect(try h.rows("select is_newcomer, is_newly_immigrated, years_in_swedish_school from pupil_term_results") == [["1", "1", "1"]])
    }

    /// The survey follow-up is recomputed only for the terms a night's files touch: a
    /// re-delivered answer that moves to another term must leave its old term too, and a
    /// new definition must rescore every earlier term of its survey.
    @Test func aLaterNightsSurveyFilesRecomputeEveryTermTheyTouch() throws {
        let h = Harness.withSchool("12345678")
        func followUp() throws -> [[String]] {
            try h.rows("""
                select term, n_respondents, mean_score, suppressed from focus_area_followup
                where role = 'all' order by term
                """)
        }
        let header = "svar_id;survey;skolenhetskod;inskickad;q1\n"
        h.drop("enkater/s.json", #"{"survey":"s","scale":{"min":1,"max":5},"questions":[{"id":"q1","focus_area":"digitalisering"}]}"#)
        h.drop("enkater/ht2024.csv", header + (1...6).map { "\($0);s;12345678;2024-10-01;\(min($0, 5))" }.joined(separator: "\n") + "\n")
        try h.run()
        #expect(try followUp() == [["HT2024", "6", "3.3333333333333335", "0"]])

        // Answer 1 (a 1) delivered again in the spring: it leaves HT2024 for VT2025.
        h.drop("enkater/vt2025.csv", header + "1;s;12345678;2025-02-01;5\n")
        try h.run()
        #expect(try followUp() == [["HT2024", "5", "3.8", "0"], ["VT2025", "1", "NULL", "1"]])

        // A new definition reverses q1: the autumn's answers 2, 3, 4, 5, 5 score 4, 3, 2, 1, 1.
        h.drop("enkater/s-v2.json", #"{"survey":"s","scale":{"min":1,"max":5},"questions":[{"id":"q1","focus_area":"digitalisering","reversed":true}]}"#)
        try h.run()
        #expect(try followUp() == [["HT2024", "5", "2.2", "0"], ["VT2025", "1", "NULL", "1"]])
    }
}
