import Foundation
import LikvardSQL

/// The audit tables (`etl_runs`, `etl_files`, `etl_stages`, `etl_rejects`): what every run
/// did with every file and row, written in the same transactions as the rows themselves.
extension Warehouse {
    // MARK: Runs

    /// Marks runs left `running` by a killed process as failed.
    func failAbandonedRuns() throws {
        try db.run("""
            update etl_runs set status = 'failed', finished_at = ?,
              error = coalesce(error, 'the process ended before the run finished (killed or crashed)')
            where status = 'running'
            """, Clock.timestamp())
    }

    /// The failed run `rerun` completes (`runID`, else the latest failed one) and the stage
    /// it failed in.
    func failedRun(_ runID: Int?) throws -> (runID: Int, failedStage: Stage?) {
        guard let target = try runID ?? db.scalar("select max(run_id) from etl_runs where status = 'failed'").int else {
            throw NothingToRerun(reason: "no failed run to re-run: every run finished")
        }
        guard try db.scalar("select count(*) from etl_runs where run_id = ?", target).int == 1 else {
            throw ConfigurationError("run \(target) does not exist in this warehouse")
        }
        let stage = try db.scalar("select stage from etl_stages where run_id = ? and status = 'failed' order by stage_id desc limit 1",
                                  target).string
        return (target, stage.flatMap(Stage.init(rawValue:)))
    }

    /// Records a new run; returns its id.
    func startRun(command: String, inbox: String, resumes: Int?) throws -> Int {
        try db.run("insert into etl_runs (started_at, status, command, pid, inbox, resumes_run_id) values (?, 'running', ?, ?, ?, ?)",
                   Clock.timestamp(), command, Int(getpid()), inbox, resumes)
        return Int(db.lastInsertRowID)
    }

    /// Records a run's end, with its files' counts.
    func finishRun(_ report: RunReport) throws {
        var counts = (loaded: 0, quarantined: 0, other: 0, rows: 0, rejected: 0)
        for file in report.files {
            switch file.outcome.status {
            case .loaded: counts.loaded += 1
            case .quarantined: counts.quarantined += 1
            default: counts.other += 1
            }
            counts.rows += file.outcome.rowsLoaded
            counts.rejected += file.outcome.rowsRejected
        }
        try db.run("""
            update etl_runs set status = ?, finished_at = ?, files_loaded = ?, files_quarantined = ?,
              files_other = ?, rows_loaded = ?, rows_rejected = ?
            where run_id = ?
            """, report.status, Clock.timestamp(), counts.loaded, counts.quarantined, counts.other,
                   counts.rows, counts.rejected, report.runID)
    }

    /// Records where a run failed (after its stage rolled back), so `rerun` knows what is left.
    func recordFailure(runID: Int, stage: Stage, fileName: String?, message: String) throws {
        try db.run("""
            insert into etl_stages (run_id, stage, file_name, status, started_at, finished_at, error)
            values (?, ?, ?, 'failed', ?, ?, ?)
            """, runID, stage.rawValue, fileName, Clock.timestamp(), Clock.timestamp(), message)
        try db.run("update etl_runs set status = 'failed', finished_at = ?, error = ? where run_id = ?",
                   Clock.timestamp(), message, runID)
    }

    // MARK: Files

    /// The status of the latest record of this (path, content), if any.
    func recordedStatus(of fileName: String, sha256: String?) throws -> String? {
        try db.scalar("select status from etl_files where file_name = ? and sha256 is ? order by file_id desc limit 1",
                      fileName, sha256).string
    }

    /// The first file recorded with the same content, if any (for `skipped_duplicate`).
    func earlierFile(withContent sha256: String) throws -> (fileID: Int, name: String)? {
        guard let row = try db.rows("""
            select file_id, file_name from etl_files where sha256 = ? and status <> 'ignored' order by file_id limit 1
            """, sha256).first else { return nil }
        return (row[0].int ?? 0, row[1].string ?? "?")
    }

    /// The latest outcome recorded for a path: (status, reason code).
    func latestOutcome(of fileName: String) throws -> (status: String, reason: String?)? {
        guard let row = try db.rows("select status, reason_code from etl_files where file_name = ? order by file_id desc limit 1",
                                    fileName).first else { return nil }
        return (row[0].string ?? "", row[1].string)
    }

    /// Records a file of this run (as quarantined until its outcome is known); returns its
    /// id. `first_seen_file_id` is the id this (path, content) was first recorded under:
    /// a grade file replaces only grades of files first seen before it.
    func recordFile(runID: Int, feed: String, name: String, sha256: String?, bytes: Int?) throws -> Int {
        try db.run("""
            insert into etl_files (run_id, feed, file_name, sha256, bytes, status, first_seen_file_id, recorded_at)
            values (?, ?, ?, ?, ?, 'quarantined', 0, ?)
            """, runID, feed, name, sha256, bytes, Clock.timestamp())
        let fileID = Int(db.lastInsertRowID)
        try db.run("""
            update etl_files set first_seen_file_id =
              (select coalesce(min(file_id), ?1) from etl_files where file_name = ?2 and sha256 is ?3 and file_id < ?1)
            where file_id = ?1
            """, fileID, name, sha256)
        return fileID
    }

    /// A file's outcome, once known.
    func finishFile(_ fileID: Int, _ outcome: FileOutcome) throws {
        try db.run("""
            update etl_files set status = ?, reason_code = ?, message = ?, rows_read = ?, rows_loaded = ?,
              rows_rejected = ?, encoding = ?, delimiter = ?, extra_columns = ?
            where file_id = ?
            """, outcome.status.rawValue, outcome.reason, outcome.message.map(IdentifierMask.mask), outcome.rowsRead,
                   outcome.rowsLoaded, outcome.rowsRejected, outcome.encoding?.rawValue, outcome.delimiter,
                   outcome.extraColumns.isEmpty ? nil : outcome.extraColumns.joined(separator: ","), fileID)
    }

    /// One stage of one file (or of the run, for the refresh), as it succeeded.
    func recordStage(runID: Int, _ stage: Stage, fileID: Int? = nil, fileName: String? = nil, started: String,
                     seconds: Double, rowsIn: Int? = nil, rowsOut: Int? = nil, error: String? = nil) throws {
        try db.run("""
            insert into etl_stages (run_id, stage, file_id, file_name, status, rows_in, rows_out, started_at, finished_at, seconds, error)
            values (?, ?, ?, ?, 'succeeded', ?, ?, ?, ?, ?, ?)
            """, runID, stage.rawValue, fileID, fileName, rowsIn, rowsOut, started, Clock.timestamp(), seconds,
                   error.map(IdentifierMask.mask))
    }

    /// A rejected row, with every pupil identifier in its message and raw line masked.
    func recordReject(fileID: Int, line: Int, reason: RejectReason, column: String?, message: String, rawLine: String) throws {
        try db.statement("""
            insert into etl_rejects (file_id, line_number, reason_code, column_name, message, raw_line)
            values (?, ?, ?, ?, ?, ?)
            """).execute(fileID, line, reason.rawValue, column, IdentifierMask.mask(message),
                         Self.prefix(IdentifierMask.mask(rawLine), utf8Bytes: 4096))
    }

    /// At most `limit` bytes of `text`'s UTF-8, cut between characters: applied after
    /// masking, never before (a cut identifier would escape the mask).
    static func prefix(_ text: String, utf8Bytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var kept = String.UnicodeScalarView(), bytes = 0
        for scalar in text.unicodeScalars {
            bytes += scalar.utf8.count
            if bytes > limit { break }
            kept.append(scalar)
        }
        return String(kept)
    }
}
