import CSQLite

/// One connection to an SQLite database file.
///
/// Opened with `SQLITE_OPEN_NOMUTEX`: a connection is used from one thread at a time, and
/// the system library's serialized mode would take a mutex on every bind.
public final class Database {
    public let path: String
    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]

    /// Process-wide settings, applied once before SQLite initializes (at the first open).
    private static let configured: Void = { _ = csqlite_disable_memory_statistics() }()

    public init(path: String, readOnly: Bool = false, create: Bool = true) throws {
        _ = Database.configured
        self.path = path
        var db: OpaquePointer?
        // URI filenames, so a database can be attached read-only (`file:…?mode=ro`); a plain
        // path still means what it says. https://www.sqlite.org/uri.html
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        flags |= readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let error = SQLiteError(handle: db, code: rc, sql: nil)
            sqlite3_close_v2(db)
            throw error
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        // Readers and the writer wait for each other briefly instead of failing at once.
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit {
        cache.removeAll()
        // https://www.sqlite.org/c3ref/close.html: "If sqlite3_close_v2() is called with
        // unfinalized prepared statements ... the database connection becomes an unusable
        // zombie which will automatically be deallocated when the last prepared statement
        // is finalized". The cache is emptied first, so this closes at once.
        sqlite3_close_v2(handle)
    }

    /// A `file:` URI opening `path` read-only (for ATTACH), its special characters escaped.
    public static func readOnlyURI(_ path: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/".utf8)
        let hex = Array("0123456789ABCDEF")
        let escaped = path.utf8.map { allowed.contains($0) ? String(UnicodeScalar($0)) : "%\(hex[Int($0 >> 4)])\(hex[Int($0 & 15)])" }.joined()
        return "file:" + escaped + "?mode=ro"
    }

    /// Runs one or more SQL statements without parameters (DDL, pragmas, scripts).
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(message)
            throw SQLiteError(code: rc & 0xFF, extendedCode: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// The prepared statement for `sql`, prepared once and cached by its text.
    public func statement(_ sql: String) throws -> Statement {
        if let cached = cache[sql] { return cached }
        let statement = try Statement(database: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Runs `sql` with `values` bound and returns every row.
    public func rows(_ sql: String, _ values: SQLBindable...) throws -> [Row] {
        try statement(sql).rows(values)
    }

    /// The first column of the first row, or `.null`.
    public func scalar(_ sql: String, _ values: SQLBindable...) throws -> SQLValue {
        try statement(sql).rows(values).first?[0] ?? .null
    }

    /// Runs `sql` with `values` bound, ignoring any rows.
    public func run(_ sql: String, _ values: SQLBindable...) throws {
        let stmt = try statement(sql)
        try stmt.bind(values)
        while try stmt.step() {}
        sqlite3_reset(stmt.handle)
    }

    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in one transaction (`BEGIN IMMEDIATE`: the write lock is taken at the
    /// start, so a busy database fails before any work). Any error rolls back and is
    /// rethrown; nothing half-done is ever committed.
    public func inTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

}
