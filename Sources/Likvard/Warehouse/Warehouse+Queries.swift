import Foundation
import LikvardSQL

/// What the steward's commands read: runs and their files (`status`), rejected rows
/// (`rejects`), a first look at the results (`run --demo`), the board report's queries.
extension Warehouse {
    /// `likvard status`: the latest runs, and one run's files and stages.
    public func statusReport(runID: Int?) throws -> StatusReport {
        let runs = try db.rows("""
            select run_id, status, started_at, finished_at, files_loaded, files_quarantined, files_other,
                   rows_loaded, rows_rejected, coalesce(resumes_run_id, '') as resumes_run_id, coalesce(error, '') as error
            from etl_runs order by run_id desc limit 10
            """).map { try markingGone($0) }
        let chosen = runID ?? runs.first?["run_id"].int
        if let runID, try db.scalar("select count(*) from etl_runs where run_id = ?", runID).int == 0 {
            throw ConfigurationError("run \(runID) does not exist in this warehouse")
        }
        let files = try db.rows("""
            select file_id, feed, file_name, status, coalesce(reason_code, '') as reason_code, rows_read, rows_loaded,
                   rows_rejected, coalesce(message, '') as message
            from etl_files where run_id = ? order by file_id
            """, chosen)
        let stages = try db.rows("""
            select stage, coalesce(file_name, '') as file_name, status, coalesce(rows_in, '') as rows_in,
                   coalesce(rows_out, '') as rows_out, case stage when 'extract' then 'bytes' else 'rows' end as unit,
                   round(seconds, 3) as seconds
            from etl_stages where run_id = ? order by stage_id
            """, chosen)
        return StatusReport(runs: runs, files: files, stages: stages, runID: chosen, waiting: try quarantinedWaiting())
    }

    /// Files still waiting: quarantined in their latest version, whatever run recorded them.
    func quarantinedWaiting() throws -> [Row] {
        try db.rows("""
            select f.file_id, f.run_id, f.feed, f.file_name, coalesce(f.reason_code, '') as reason_code, f.rows_read,
                   f.rows_rejected
            from etl_files f
            where f.status = 'quarantined'
              and f.file_id = (select max(x.file_id) from etl_files x where x.file_key = f.file_key)
            order by f.file_id
            """)
    }

    /// A run killed with `kill -9` stays `running` in `etl_runs` until the next run takes it
    /// over; `status` says so rather than show it as running. Its process is gone when no
    /// process has the pid it recorded (this host's runs: the lock is a local `flock`).
    private func markingGone(_ run: Row) throws -> Row {
        guard run["status"].string == "running", let id = run["run_id"].int,
              let pid = try db.scalar("select pid from etl_runs where run_id = ?", id).int, pid > 0,
              kill(pid_t(pid), 0) != 0, errno == ESRCH else { return run }
        let values = zip(run.columns, run.values).map { $0.0 == "status" ? SQLValue.text("not running (its process is gone)") : $0.1 }
        return Row(columns: run.columns, values: values)
    }

    /// `likvard rejects`: the rejected rows (masked when they were recorded), optionally
    /// of one run or one file (its name as given, compared masked: names are stored
    /// masked): run, file, line, reason, column, message, raw line.
    /// The rejected rows, and for one file a sentence on the file as a whole.
    public struct RejectListing: Sendable {
        public let rows: [[String]]
        /// For `--file`: a file quarantined whole, or counted whole as rejected, says so.
        public let note: String?
    }

    /// The rejected rows (of one run, of one file); of a file's versions the current one
    /// unless `allVersions`. A file name the warehouse never recorded is a usage error that
    /// names the nearest recorded name.
    public func rejects(runID: Int?, fileName: String?, allVersions: Bool = false) throws -> RejectListing {
        let masked = fileName.map(IdentifierMask.mask)
        var fileID: Int?
        var note: String?
        if let masked {
            let versions = try db.rows("""
                select file_id, status, coalesce(reason_code, ''), coalesce(message, ''), rows_read,
                       (select count(*) from etl_rejects r where r.file_id = f.file_id)
                from etl_files f where file_name = ? order by file_id desc
                """, masked)
            guard let current = versions.first else {
                let names = try db.rows("select distinct file_name from etl_files").compactMap { $0[0].string }
                let nearest = names.min { Self.editDistance($0, masked) < Self.editDistance($1, masked) }
                throw ConfigurationError("no file \(masked) in the warehouse's record\(nearest.map { "; did you mean \($0)?" } ?? "") (give the path relative to the inbox)")
            }
            fileID = allVersions ? nil : current[0].int
            let (status, reason, message) = (current[1].string ?? "", current[2].string ?? "", current[3].string ?? "")
            let (read, listed) = (current[4].int ?? 0, current[5].int ?? 0)
            if status == "quarantined", let code = QuarantineReason(rawValue: reason) {
                note = code.isStructural
                    ? "\(masked) was quarantined whole (\(reason)): \(message) — no row was read as data, so none is listed."
                    : "\(masked) was quarantined (\(reason)): all its \(read) rows count as rejected in its record; the \(listed) that failed on their own are listed."
            }
            if versions.count > 1 && !allVersions {
                note = (note.map { $0 + " " } ?? "") + "The current version is listed; \(versions.count - 1) earlier version(s) with --all-versions."
            }
        }
        let rows = try db.rows("""
            select f.run_id, f.file_name, r.line_number, r.reason_code, coalesce(r.column_name, ''), r.message, r.raw_line
            from etl_rejects r join etl_files f using (file_id)
            where (?1 is null or f.run_id = ?1) and (?2 is null or f.file_name = ?2) and (?3 is null or f.file_id = ?3)
            order by f.file_id, r.line_number
            """, runID, masked, fileID).map { $0.values.map(\.description) }
        return RejectListing(rows: rows, note: note)
    }

    /// Levenshtein distance, for "did you mean".
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var row = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() { row[j + 1] = min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1)) }
            previous = row
        }
        return previous[b.count]
    }

    /// The inbox a run read (`runID`, else the latest run), for `rerun` without a pipeline.
    /// A path that held an identifier-like number was stored masked and cannot be used.
    public func inbox(ofRun runID: Int?) throws -> String? {
        let stored = try db.scalar("select inbox from etl_runs where (?1 is null or run_id = ?1) order by run_id desc limit 1", runID).string
        if let stored, stored.contains("****") {
            throw ConfigurationError("the run's inbox path held an identifier-like number and is stored masked (\(stored)); pass --inbox DIR or --pipeline FILE")
        }
        return stored
    }

    /// The first rows of `school_disparity` in chronological order, means to one decimal;
    /// nil before the first refresh.
    public func disparityPreview(rows limit: Int) throws -> [[String]]? {
        guard try hasTable("school_disparity") else { return nil }
        return try db.rows("""
            select d.term, d.grade_year, d.population, d.n_schools, printf('%.1f', d.p10_school_mean),
                   printf('%.1f', d.median_school_mean), printf('%.1f', d.p90_school_mean), printf('%.1f', d.gap_p90_p10)
            from school_disparity d join terms t using (term)
            order by t.sort_key, d.grade_year, d.population limit ?
            """, limit).map { $0.values.map(\.description) }
    }
}
