import Foundation
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

    /// `dryRun`: counts what would go and deletes nothing. The rejected rows of files still
    /// quarantined stay whatever their age: they are the steward's only way to fix them.
    public func purge(before date: CivilDate, dryRun: Bool = false) throws -> PurgeReport {
        let cutoff = date.description + "T00:00:00Z"
        let before = try db.scalar("select page_count * page_size from pragma_page_count(), pragma_page_size()").int ?? 0
        if dryRun {
            let rejects = try db.scalar("""
                select count(*) from etl_rejects where file_id in
                  (select file_id from etl_files where recorded_at < ? and status <> 'quarantined')
                """, cutoff).int ?? 0
            let stages = try db.scalar("""
                select count(*) from etl_stages where run_id in (select run_id from etl_runs where started_at < ?)
                """, cutoff).int ?? 0
            return PurgeReport(rejects: rejects, stages: stages, bytesBefore: before, bytesAfter: before)
        }
        try db.execute("pragma secure_delete = on")
        let (rejects, stages) = try db.inTransaction {
            try db.run("""
                delete from etl_rejects where file_id in
                  (select file_id from etl_files where recorded_at < ? and status <> 'quarantined')
                """, cutoff)
            let rejects = db.changes
            try db.run("delete from etl_stages where run_id in (select run_id from etl_runs where started_at < ?)", cutoff)
            return (rejects, db.changes)
        }
        // https://www.sqlite.org/lang_vacuum.html: "The VACUUM command works by copying the
        // contents of the database into a temporary database file and then overwriting the
        // original with the contents of the temporary file."
        try db.execute("vacuum")
        // https://www.sqlite.org/pragma.html#pragma_wal_checkpoint: TRUNCATE "also truncates
        // the log file to zero bytes" — unless a reader holds the log: then its first column,
        // busy, is 1 and the deleted rows' old pages are still in the WAL. Wait for readers a
        // while, then fail naming them rather than report a purge that left bytes behind.
        let deadline = Date().addingTimeInterval(Self.purgeWaitSeconds)
        while try db.rows("pragma wal_checkpoint(truncate)").first?[0].int == 1 {
            guard Date() < deadline else {
                throw PublicationError("purge deleted the rows, but a reader keeps their old pages in the write-ahead log \(path)-wal: \(Self.holders(of: path)); close it and run purge again")
            }
            usleep(200_000)
        }
        try db.execute("pragma secure_delete = off")
        let after = try db.scalar("select page_count * page_size from pragma_page_count(), pragma_page_size()").int ?? 0
        return PurgeReport(rejects: rejects, stages: stages, bytesBefore: before, bytesAfter: after)
    }

    /// How long purge waits for a reader of the WAL to finish: 10 s, or
    /// `LIKVARD_PURGE_WAIT_SECONDS` (a steward whose reports run long may give more).
    static var purgeWaitSeconds: Double {
        ProcessInfo.processInfo.environment["LIKVARD_PURGE_WAIT_SECONDS"].flatMap(Double.init) ?? 10
    }

    /// The other processes that hold `path` (or its WAL or shared memory) open, as "pid N
    /// (command)", from /proc; "another process" when none can be seen.
    static func holders(of path: String) -> String {
        let files = Set(["", "-wal", "-shm"].map { path + $0 })
        var found: [String] = []
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), pid != getpid(),
                  let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(entry)/fd") else { continue }
            let holds = fds.contains { fd in
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(entry)/fd/\(fd)")).map(files.contains) ?? false
            }
            guard holds else { continue }
            let command = (try? String(contentsOfFile: "/proc/\(entry)/comm", encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            found.append("pid \(pid) (\(command))")
        }
        return found.isEmpty ? "another process" : found.joined(separator: ", ")
    }
}
