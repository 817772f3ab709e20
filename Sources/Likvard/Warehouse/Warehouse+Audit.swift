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
                   Clock.timestamp(), IdentifierMask.mask(command), Int(getpid()), IdentifierMask.mask(inbox), resumes)
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
            """, runID, stage.rawValue, fileName.map(IdentifierMask.mask), Clock.timestamp(), Clock.timestamp(), message)
        try db.run("update etl_runs set status = 'failed', finished_at = ?, error = ? where run_id = ?",
                   Clock.timestamp(), message, runID)
    }

    // MARK: Files

    /// A file's identity in the warehouse: a keyed hash of its path relative to the inbox
    /// (the path itself may hold an identifier, so only its masked form is stored).
    func fileKey(_ relativePath: String) -> String {
        guard let key else { fatalError("file keys before prepare(key:): a bug") }
        return key.pupilID("inbox file " + relativePath)
    }

    /// The status of the latest record of this (path, content), if any.
    func recordedStatus(of relativePath: String, sha256: String?) throws -> String? {
        try db.scalar("select status from etl_files where file_key = ? and sha256 is ? order by file_id desc limit 1",
                      fileKey(relativePath), sha256).string
    }

    /// The first file recorded with the same content, if any (for `skipped_duplicate`):
    /// its id and its (masked) name.
    func earlierFile(withContent sha256: String) throws -> (fileID: Int, name: String)? {
        guard let row = try db.rows("""
            select file_id, file_name from etl_files where sha256 = ? and status <> 'ignored' order by file_id limit 1
            """, sha256).first else { return nil }
        return (row[0].int ?? 0, row[1].string ?? "?")
    }

    /// The latest outcome recorded for a path: (status, reason code).
    func latestOutcome(of relativePath: String) throws -> (status: String, reason: String?, rowsRead: Int, rowRejects: Int)? {
        guard let row = try db.rows("""
            select status, reason_code, rows_read, (select count(*) from etl_rejects r where r.file_id = f.file_id)
            from etl_files f where file_key = ? order by file_id desc limit 1
            """, fileKey(relativePath)).first else { return nil }
        return (row[0].string ?? "", row[1].string, row[2].int ?? 0, row[3].int ?? 0)
    }

    /// Records a file of this run (as quarantined until its outcome is known), its name
    /// masked; returns its id. `first_seen_file_id` is the id this (path, content) was
    /// first recorded under: a grade file replaces only grades of files first seen before it.
    func recordFile(runID: Int, feed: String, relativePath: String, sha256: String?, bytes: Int?) throws -> Int {
        let key = fileKey(relativePath)
        try db.run("""
            insert into etl_files (run_id, feed, file_name, file_key, sha256, bytes, status, first_seen_file_id, recorded_at)
            values (?, ?, ?, ?, ?, ?, 'quarantined', 0, ?)
            """, runID, feed, IdentifierMask.mask(relativePath), key, sha256, bytes, Clock.timestamp())
        let fileID = Int(db.lastInsertRowID)
        try db.run("""
            update etl_files set first_seen_file_id =
              (select coalesce(min(file_id), ?1) from etl_files where file_key = ?2 and sha256 is ?3 and file_id < ?1)
            where file_id = ?1
            """, fileID, key, sha256)
        return fileID
    }

    /// Rows recorded before file keys (migration 006): each gets its key from its clear
    /// name, then the name is masked everywhere it stands — with secure_delete, so the
    /// clear bytes are overwritten, not left in free space.
    func maskRecordedFileNames() throws {
        let clear = try db.rows("select file_id, file_name from etl_files where file_key is null")
        guard !clear.isEmpty else { return }
        try db.execute("pragma secure_delete = on")
        defer { try? db.execute("pragma secure_delete = off") }
        try db.inTransaction {
            for row in clear {
                let name = row[1].string ?? ""
                try db.run("update etl_files set file_key = ?, file_name = ? where file_id = ?",
                           fileKey(name), IdentifierMask.mask(name), row[0].int ?? 0)
            }
            for row in try db.rows("select stage_id, file_name from etl_stages where file_name is not null") {
                let name = row[1].string ?? ""
                if IdentifierMask.mask(name) != name { try db.run("update etl_stages set file_name = ? where stage_id = ?", IdentifierMask.mask(name), row[0]) }
            }
            for row in try db.rows("select run_id, command from etl_runs") {
                let command = row[1].string ?? ""
                if IdentifierMask.mask(command) != command { try db.run("update etl_runs set command = ? where run_id = ?", IdentifierMask.mask(command), row[0]) }
            }
        }
    }

    /// A file's outcome, once known.
    func finishFile(_ fileID: Int, _ outcome: FileOutcome) throws {
        try db.run("""
            update etl_files set status = ?, reason_code = ?, message = ?, rows_read = ?, rows_loaded = ?,
              rows_rejected = ?, encoding = ?, delimiter = ?, extra_columns = ?
            where file_id = ?
            """, outcome.status.rawValue, outcome.reason, outcome.message.map(IdentifierMask.mask), outcome.rowsRead,
                   outcome.rowsLoaded, outcome.rowsRejected, outcome.encoding?.rawValue, outcome.delimiter,
                   outcome.extraColumns.isEmpty ? nil : outcome.extraColumns.map(IdentifierMask.mask).joined(separator: ","), fileID)
    }

    /// One stage of one file (or of the run, for the refresh), as it succeeded.
    func recordStage(runID: Int, _ stage: Stage, fileID: Int? = nil, fileName: String? = nil, started: String,
                     seconds: Double, rowsIn: Int? = nil, rowsOut: Int? = nil, error: String? = nil) throws {
        try db.run("""
            insert into etl_stages (run_id, stage, file_id, file_name, status, rows_in, rows_out, started_at, finished_at, seconds, error)
            values (?, ?, ?, ?, 'succeeded', ?, ?, ?, ?, ?, ?)
            """, runID, stage.rawValue, fileID, fileName.map(IdentifierMask.mask), rowsIn, rowsOut, started, Clock.timestamp(), seconds,
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
