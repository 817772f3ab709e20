import LikvardSQL

/// `likvard purge` (retention, *gallring*): rejected rows and per-stage audit detail older
/// than a date are deleted, and the file is rewritten so no deleted byte survives — in the
/// file's free pages (VACUUM writes a new one; secure_delete zeroes what is deleted) or in
/// the WAL (checkpointed and truncated). What a run needs stays: every file's record (its
/// identity, status and counts) and every run's.
extension Warehouse {
    public struct PurgeReport: Sendable {
        public let rejects: Int
        public let stages: Int
        public let bytesBefore: Int
        public let bytesAfter: Int
    }

    public func purge(before date: CivilDate) throws -> PurgeReport {
        let cutoff = date.description + "T00:00:00Z"
        let before = try db.scalar("select page_count * page_size from pragma_page_count(), pragma_page_size()").int ?? 0
        try db.execute("pragma secure_delete = on")
        let (rejects, stages) = try db.inTransaction {
            try db.run("delete from etl_rejects where file_id in (select file_id from etl_files where recorded_at < ?)", cutoff)
            let rejects = db.changes
            try db.run("delete from etl_stages where run_id in (select run_id from etl_runs where started_at < ?)", cutoff)
            return (rejects, db.changes)
        }
        // https://www.sqlite.org/lang_vacuum.html: "The VACUUM command works by copying the
        // contents of the database into a temporary database file and then overwriting the
        // original with the contents of the temporary file."
        try db.execute("vacuum")
        // https://www.sqlite.org/pragma.html#pragma_wal_checkpoint: TRUNCATE "also truncates
        // the log file to zero bytes".
        try db.execute("pragma wal_checkpoint(truncate)")
        try db.execute("pragma secure_delete = off")
        let after = try db.scalar("select page_count * page_size from pragma_page_count(), pragma_page_size()").int ?? 0
        return PurgeReport(rejects: rejects, stages: stages, bytesBefore: before, bytesAfter: after)
    }
}
