import Foundation
import LikvardSQL
import Logging

/// The refresh stage: brings every derived table (`schemas/derived/*.sql`), view
/// (`schemas/views/*.sql`) and the catalog up to date with the core tables, in one
/// transaction — an analyst's reader sees the state before or after a refresh, never half.
///
/// Incremental by default: the heavy tables (grades in force, pupil-term results, school
/// results) are recomputed only for the (school, term) partitions the loads touched and
/// the partitions of pupils whose registrations or links changed; everything smaller is
/// rebuilt whole. A full refresh (first time, new SQL or settings, a register change, or
/// on request) recomputes every partition with the same scripts.
struct Refresh {
    let warehouse: Warehouse
    let config: PipelineConfig
    /// Each script's time at debug level (`--verbose`): where a slow night's refresh went.
    var logger: Logger?
    /// Told each script's path as it starts (the command line's live line).
    var onStep: ((String?) -> Void)?

    /// The embedded SQL, in file order: the scope and the derived models, the views, the
    /// catalog.
    static var scripts: [(String, String)] {
        ["schemas/derived", "schemas/views", "schemas/catalog"].flatMap { folder in
            Resources.paths(under: folder).filter { $0.hasSuffix(".sql") }.map { ($0, Resources.text($0)!) }
        }
    }

    /// A digest of the SQL, the catalog's text and the settings: when it changes, a full refresh is due even
    /// without new files (a new version of Likvard, or new thresholds).
    static func signature(config: PipelineConfig) -> String {
        var hasher = SHA256Digest()
        for (path, sql) in scripts { hasher.update(path); hasher.update(sql) }
        hasher.update(Resources.text(CatalogEntry.path) ?? "")
        for (key, value) in config.sqlSettings { hasher.update("\(key)=\(value)") }
        return hasher.hex
    }

    func isDue() throws -> Bool {
        try warehouse.meta("refresh_pending") == "1" || needsFull()
    }

    /// Whether only a full refresh gives the right result.
    func needsFull() throws -> Bool {
        try warehouse.meta("refresh_signature") != Refresh.signature(config: config)
            || warehouse.meta("refresh_full") == "1"
            || warehouse.meta("refreshed_at") == nil
    }

    /// Returns whether the refresh was full.
    @discardableResult
    func run(forceFull: Bool = false) throws -> Bool {
        let db = warehouse.db
        let full = try db.inTransaction {
            let full = try forceFull || needsFull()
            try warehouse.writeRules(config)
            // 000_scope.sql reads the mode from here; the key is gone again at commit, so a
            // steward's shell session that runs 000 gets the full scope.
            try warehouse.setMeta("refresh_full", full ? "1" : "0")
            for (path, sql) in Refresh.scripts { try execute(path, sql) }
            try db.execute("""
                delete from refresh_dirty_partitions;
                delete from refresh_dirty_identities;
                delete from refresh_dirty_survey_files;
                """)
            try warehouse.setMeta("refresh_pending", "0")
            try warehouse.removeMeta("refresh_full")
            try warehouse.setMeta("refresh_signature", Refresh.signature(config: config))
            try warehouse.setMeta("refreshed_at", Clock.timestamp())
            CrashPoint.reach("refresh-before-commit")
            return full
        }
        CrashPoint.reach("refresh-committed")
        return full
    }

    private func execute(_ path: String, _ sql: String) throws {
        onStep?(path)
        let t0 = Clock.monotonicSeconds()
        defer { logger?.debug("refresh script \(path)", metadata: ["seconds": "\(String(format: "%.3f", Clock.monotonicSeconds() - t0))"]) }
        do { try warehouse.db.execute(sql) } catch let error as SQLiteError {
            throw StageError(stage: "refresh", "\(path): \(error.message)")
        }
    }
}
