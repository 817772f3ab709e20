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
            """)
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
                   coalesce(rows_out, '') as rows_out, round(seconds, 3) as seconds
            from etl_stages where run_id = ? order by stage_id
            """, chosen)
        return StatusReport(runs: runs, files: files, stages: stages, runID: chosen)
    }

    /// `likvard rejects`: the rejected rows (masked when they were recorded), optionally
    /// of one run or one file (its name as given, compared masked: names are stored
    /// masked): run, file, line, reason, column, message, raw line.
    public func rejects(runID: Int?, fileName: String?) throws -> [[String]] {
        try db.rows("""
            select f.run_id, f.file_name, r.line_number, r.reason_code, coalesce(r.column_name, ''), r.message, r.raw_line
            from etl_rejects r join etl_files f using (file_id)
            where (?1 is null or f.run_id = ?1) and (?2 is null or f.file_name = ?2)
            order by f.file_id, r.line_number
            """, runID, fileName.map(IdentifierMask.mask)).map { $0.values.map(\.description) }
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

    /// A report query of `schemas/report/`.
    func reportRows(_ name: String) throws -> [Row] {
        guard let sql = Resources.text("schemas/report/\(name).sql") else { fatalError("report query \(name) not embedded: a build bug") }
        return try db.rows(sql)
    }
}
