import Foundation
@testable import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// Migrations are append-only: a warehouse written by an earlier version is upgraded in
/// place, its rows kept.
@Suite struct MigrationTests {
    /// A warehouse file in `dir` with the migrations before `version` applied: as a Likvärd
    /// of that time left it.
    static func warehouse(before version: String, in dir: TempDirectory) throws -> Database {
        let db = try Database(path: dir.path + "/old.sqlite")
        try Migrator(migrations: Warehouse.migrations.filter { $0.version < version }).migrate(db)
        return db
    }

    @Test func gradeDatesBecomeIntegersAndKeepEveryRow() throws {
        let dir = TempDirectory()
        #expect(Warehouse.migrations.filter { $0.version < "003" }.count == 2)
        let db = try Self.warehouse(before: "003", in: dir)
        try db.execute("""
            insert into grade_rows values (1, 2, 7, '12345678', 'VT2024', 9, 'SV', 'A', '2024-06-10');
            insert into grade_rows values (1, 3, 7, '12345678', 'VT2024', 9, 'MA', '-', '2023-12-31');
            """)

        // up to the grade store's redesign (017), which folds grade_rows away
        let applied = try Migrator(migrations: Warehouse.migrations.filter { $0.version < "017" }).migrate(db)
        #expect(applied.first == "003_compact_grade_dates")
        let rows = try db.rows("select line_number, subject, grade, grade_date, typeof(grade_date) from grade_rows order by line_number")
            .map(\.description)
        #expect(rows == ["2|SV|A|20240610|integer", "3|MA|-|20231231|integer"])
        // The constraint travels with the new table: a text date is refused.
        #expect(throws: SQLiteError.self) {
            try db.execute("insert into grade_rows values (1, 4, 7, '12345678', 'VT2024', 9, 'EN', 'B', '2024-06-10')")
        }
    }

    /// 011 rebuilds grade_rows with the grade check as a range: every row kept, and the
    /// check refuses what the IN list refused (one of A–F or '-', nothing else).
    @Test func theGradeCheckAsARangeKeepsRowsAndRefusesTheSame() throws {
        let dir = TempDirectory()
        let db = try Self.warehouse(before: "011", in: dir)
        try db.execute("""
            insert into grade_rows values (1, 2, 7, '12345678', 'VT2024', 9, 'SV', 'A', 20240610);
            insert into grade_rows values (1, 3, 7, '12345678', 'VT2024', 9, 'MA', '-', 20231231);
            """)
        #expect(try Migrator(migrations: Warehouse.migrations.filter { $0.version < "012" }).migrate(db) == ["011_grade_check_without_list"])
        #expect(try db.rows("select line_number, grade from grade_rows order by line_number").map(\.description) == ["2|A", "3|-"])
        for (line, grade) in [(4, "F"), (5, "E")] {
            try db.run("insert into grade_rows values (1, ?, 7, '12345678', 'VT2024', 9, 'EN', ?, 20240610)", line, grade)
        }
        for grade in ["G", "a", "AB", "", "@", "-A"] {
            #expect(throws: SQLiteError.self, "grade \(grade)") {
                try db.run("insert into grade_rows values (1, 9, 7, '12345678', 'VT2024', 9, 'EN', ?, 20240610)", grade)
            }
        }
    }

    /// 017 folds today's grade rows into one row per (file, term, school, identifier): per
    /// subject the later betygsdatum, ties the later line; `latest` the latest row's
    /// recency and grade year; the old tables gone, pupil_grade_facts carrying grade codes.
    @Test func gradeRowsFoldIntoOneRowPerPupilAndTerm() throws {
        let dir = TempDirectory()
        let db = try Self.warehouse(before: "017", in: dir)
        try db.execute("""
            insert into grade_rows values (1, 2, 7, '12345678', 'VT2024', 9, 'MA', 'A', 20240612);
            insert into grade_rows values (1, 3, 7, '12345678', 'VT2024', 9, 'MA', 'E', 20240610);
            insert into grade_rows values (1, 4, 7, '12345678', 'VT2024', 9, 'SV', 'B', 20240610);
            insert into grade_rows values (1, 9, 7, '12345678', 'VT2024', 8, 'SV', '-', 20240610);
            insert into grade_rows values (1, 5, 8, '12345678', 'VT2024', 9, 'EN', 'C', 20240610);
            """)
        #expect(try Migrator(migrations: Warehouse.migrations).migrate(db).first == "017_pupil_term_grades")
        // identity 7: MA A (the later date, an earlier line), SV - (same date, the later
        // line); its latest row is line 2 (2024-06-12), grade year 9. Identity 8: EN C.
        #expect(try db.rows("""
            select identity_key, subject, grade, grade_date, line_number from stored_grades order by identity_key, subject
            """).map(\.description) == ["7|MA|A|20240612|2", "7|SV|-|20240610|9", "8|EN|C|20240610|5"])
        #expect(try db.rows("select identity_key, latest % 10, latest / 10 from pupil_term_grades order by 1").map(\.description)
                == ["7|9|20240612000000002", "8|9|20240610000000005"])
        #expect(try db.scalar("""
            select count(*) from sqlite_master
            where name in ('grade_rows', 'pupil_grade_summaries', 'summarized_grade_files', 'subject_grade_tallies')
            """).int == 0)
        let facts = try db.rows("select name from pragma_table_info('pupil_grade_facts')").compactMap { $0[0].string }
        #expect(!facts.contains("grades") && facts.suffix(21) == Subject.ordered.map { $0.lowercased() })
    }

    /// 018: the newcomers' rows (what newcomer results read each night) are found through
    /// a partial index holding only them, not by reading every pupil's row.
    @Test func newcomerRowsAreFoundByTheirOwnIndex() throws {
        let dir = TempDirectory()
        let db = try Self.warehouse(before: "018", in: dir)
        #expect(try Migrator(migrations: Warehouse.migrations).migrate(db).first == "018_newcomer_rows_index")
        let plan = try db.rows("explain query plan select term, merit_value from pupil_term_facts where is_newcomer = 1")
            .map(\.description).joined(separator: "\n")
        #expect(plan.contains("USING INDEX pupil_term_facts_newcomers"), "\(plan)")
        #expect(try db.scalar("""
            select count(*) from sqlite_master where name = 'pupil_term_facts_newcomers' and sql like '%where is_newcomer = 1'
            """).int == 1)
    }
}
