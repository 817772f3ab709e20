import Foundation
import Likvard
import LikvardSQL

/// dbt-style unit tests of one refresh model: a warehouse with its migrations and nothing
/// else, input rows written straight into the tables a model reads (no CSV, no load), then
/// the scope file and the model run from schemas/ as the refresh runs them.
public final class ModelHarness {
    private let dir = TempDirectory("likvard-model")
    public let db: Database

    /// A full refresh's scope, with the default settings (a pipeline file that sets none).
    public init() throws {
        let path = dir.path + "/w.sqlite"
        let warehouse = try Warehouse(path: path, forWriting: true)
        try warehouse.prepare(key: PupilKey(bytes: Array("model-test-key-0123456789-0123456789".utf8), source: "test"))
        db = try Database(path: path, create: false)
        try warehouse.writeRules(PipelineConfig())
        try db.execute("""
            insert into warehouse_meta (key, value) values ('refresh_full', '1') on conflict (key) do update set value = '1';
            insert into etl_runs (run_id, started_at, status, command, pid) values (1, '2025-01-01T00:00:00Z', 'succeeded', 'test', 1);
            """)
    }

    /// Runs the scope file, then each named model of schemas/derived/ (`"040_grades"`).
    public func run(_ models: String...) throws {
        for name in ["000_scope"] + models {
            try db.execute(try String(contentsOfFile: Built.packageRoot + "/schemas/derived/\(name).sql", encoding: .utf8))
        }
    }

    /// Runs models without the scope file first (after `run`, with scope rows added by hand).
    public func runWithoutScope(_ models: String...) throws {
        for name in models {
            try db.execute(try String(contentsOfFile: Built.packageRoot + "/schemas/derived/\(name).sql", encoding: .utf8))
        }
    }

    /// Records a grade file (etl_files), as first seen under its own id.
    public func gradeFile(_ fileID: Int) throws {
        try db.run("""
            insert into etl_files (file_id, run_id, feed, file_name, status, first_seen_file_id, recorded_at)
            values (?1, 1, 'betyg', 'betyg/' || ?1 || '.csv', 'loaded', ?1, '2025-01-01T00:00:00Z')
            """, fileID)
    }

    /// One grade row of an export, as a model test writes it into the grade store.
    public struct GradeRow {
        let file: Int, line: Int, identity: Int, school: String, term: String, gradeYear: Int
        let subject: String, grade: String, date: Int

        /// `date` as YYYYMMDD.
        public init(file: Int, line: Int, identity: Int, school: String, term: String, gradeYear: Int,
                    subject: String, grade: String, date: Int) {
            (self.file, self.line, self.identity, self.school, self.term, self.gradeYear) = (file, line, identity, school, term, gradeYear)
            (self.subject, self.grade, self.date) = (subject, grade, date)
        }
    }

    /// Grade rows into the grade store (pupil_term_grades) as the store defines its cells:
    /// per (file, term, school, identifier) each subject's later row — the cell
    /// (betygsdatum × 10⁹ + line) × 8 + grade code (1 A … 7 -) — and the latest row's
    /// recency × 10 + grade year. Written here from the store's definition in SQL, not by
    /// the load's code, so a model test reads hand-written rows.
    public func storeGrades(_ rows: [GradeRow]) throws {
        try db.execute("create temp table if not exists test_grade_rows (file_id, line, identity_key, school, term, grade_year, subject, grade, date)")
        try db.execute("delete from temp.test_grade_rows")
        for r in rows {
            try db.run("insert into temp.test_grade_rows values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       r.file, r.line, r.identity, r.school, r.term, r.gradeYear, r.subject, r.grade, r.date)
        }
        let cells = Subject.ordered.map {
            "max(case subject when '\($0)' then (date * 1000000000 + line) * 8 + instr('ABCDEF-', grade) end)"
        }
        try db.execute("""
            insert into pupil_term_grades (file_id, term, school_unit_code, identity_key, latest, \(Subject.ordered.map { $0.lowercased() }.joined(separator: ", ")))
            select file_id, term, school, identity_key, max((date * 1000000000 + line) * 10 + grade_year), \(cells.joined(separator: ", "))
            from temp.test_grade_rows group by file_id, term, school, identity_key
            """)
    }

    /// Rows of a query as text cells (NULL as "NULL").
    public func rows(_ sql: String) throws -> [[String]] {
        try db.rows(sql).map { $0.values.map(\.description) }
    }
}
