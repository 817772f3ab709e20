import Foundation
import LikvardSQL

/// The refresh stage: rebuilds every derived table (`schemas/derived/*.sql`) and view
/// (`schemas/views/*.sql`) from the core tables, in one transaction. An analyst's reader
/// sees the state before or after a refresh, never half of one.
struct Refresh {
    let warehouse: Warehouse
    let config: PipelineConfig

    /// The embedded SQL, in file order: derived tables first, then views, then the catalog.
    static var scripts: [(String, String)] {
        ["schemas/derived", "schemas/views", "schemas/catalog"].flatMap { folder in
            Resources.paths(under: folder).filter { $0.hasSuffix(".sql") }.map { ($0, Resources.text($0)!) }
        }
    }

    /// A digest of the SQL and settings: when it changes, a refresh is due even without
    /// new files (a new version of Likvard, or new thresholds).
    static func signature(config: PipelineConfig) -> String {
        var hasher = SHA256Digest()
        for (path, sql) in scripts { hasher.update(path); hasher.update(sql) }
        for (key, value) in config.sqlSettings { hasher.update("\(key)=\(value)") }
        return hasher.hex
    }

    func isDue() throws -> Bool {
        try warehouse.meta("refresh_pending") == "1"
            || warehouse.meta("refresh_signature") != Refresh.signature(config: config)
    }

    func run() throws {
        let db = warehouse.db
        try db.inTransaction {
            try db.execute("delete from pipeline_settings")
            for (key, value) in config.sqlSettings {
                let bound: SQLValue
                switch value {
                case let v as Int: bound = .integer(Int64(v))
                case let v as Double: bound = .real(v)
                default: bound = .text("\(value)")
                }
                try db.run("insert into pipeline_settings (key, value) values (?, ?)", key, bound)
            }
            for (path, sql) in Refresh.scripts {
                do { try db.execute(sql) } catch let error as SQLiteError {
                    throw StageError(stage: "refresh", "\(path): \(error.message)")
                }
            }
            try warehouse.setMeta("refresh_pending", "0")
            try warehouse.setMeta("refresh_signature", Refresh.signature(config: config))
            try warehouse.setMeta("refreshed_at", Clock.timestamp())
            CrashPoint.reach("refresh-before-commit")
        }
        CrashPoint.reach("refresh-committed")
    }
}
