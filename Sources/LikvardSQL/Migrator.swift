/// Applies append-only schema migrations and records each in `schema_migrations`.
///
/// A migration that has shipped is never edited: a change is a new migration. Pending
/// migrations run in one transaction with their records, so a crash leaves them applied or
/// not at all.
public struct Migrator {
    public struct Migration: Sendable {
        public let version: String
        public let sql: String
        public init(version: String, sql: String) {
            self.version = version
            self.sql = sql
        }
    }

    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Applies every migration not yet recorded; returns the versions applied now.
    @discardableResult
    public func migrate(_ db: Database) throws -> [String] {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
              version    TEXT PRIMARY KEY,
              applied_at TEXT NOT NULL
            ) STRICT
            """)
        let done = Set(try db.rows("SELECT version FROM schema_migrations").compactMap { $0[0].string })
        let pending = migrations.filter { !done.contains($0.version) }
        guard !pending.isEmpty else { return [] }
        // All pending migrations in one transaction: a reader never sees half a schema.
        try db.inTransaction {
            for migration in pending {
                try db.execute(migration.sql)
                try db.run("INSERT INTO schema_migrations(version, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
                           migration.version)
            }
        }
        return pending.map(\.version)
    }
}
