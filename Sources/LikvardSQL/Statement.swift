import CSQLite

/// A prepared statement. Finalized when released; `Database` caches them by SQL text so
/// a bulk loader binds and steps the same statement millions of times.
public final class Statement {
    public let sql: String
    let handle: OpaquePointer
    private unowned let database: Database

    init(database: Database, sql: String) throws {
        self.database = database
        self.sql = sql
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw SQLiteError(handle: database.handle, code: rc, sql: sql)
        }
        handle = stmt
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement and binds `values` to its parameters 1…n.
    @discardableResult
    public func bind(_ values: [SQLBindable]) throws -> Statement {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (i, value) in values.enumerated() { try bind(value.sqlValue, at: Int32(i + 1)) }
        return self
    }

    public func bind(_ value: SQLValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
        case .real(let v): rc = sqlite3_bind_double(handle, index, v)
        case .text(let v):
            try bind(v, at: index)
            return
        case .blob(let v):
            rc = v.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), csqlite_transient()) }
        }
        guard rc == SQLITE_OK else { throw SQLiteError(handle: database.handle, code: rc, sql: sql) }
    }

    // Typed binds for bulk loads: no existential boxing per value.
    // https://www.sqlite.org/c3ref/bind_blob.html — parameters are numbered from 1.

    /// Resets the statement for new bindings (the old ones stay until replaced).
    public func reset() { sqlite3_reset(handle) }

    public func bind(_ value: Int, at index: Int32) throws {
        try check(sqlite3_bind_int64(handle, index, Int64(value)))
    }

    /// Binds by byte length, so text holding NUL bytes is stored whole.
    public func bind(_ value: String, at index: Int32) throws {
        var value = value
        try value.withUTF8 { bytes in
            try check(sqlite3_bind_text(handle, index, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                        Int32(bytes.count), csqlite_transient()))
        }
    }

    public func bind(_ value: String?, at index: Int32) throws {
        if let value { try bind(value, at: index) } else { try check(sqlite3_bind_null(handle, index)) }
    }

    public func bind(_ value: Int?, at index: Int32) throws {
        if let value { try bind(value, at: index) } else { try check(sqlite3_bind_null(handle, index)) }
    }

    /// Steps a statement that returns no rows, then resets it.
    public func run() throws {
        defer { sqlite3_reset(handle) }
        _ = try step()
    }

    private func check(_ rc: Int32) throws {
        guard rc == SQLITE_OK else { throw SQLiteError(handle: database.handle, code: rc, sql: sql) }
    }

    /// Steps once; true when a row is available.
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError(handle: database.handle, code: rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Binds, runs to completion, and resets.
    public func execute(_ values: SQLBindable...) throws {
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Binds, collects every row, and resets.
    public func rows(_ values: [SQLBindable] = []) throws -> [Row] {
        try bind(values)
        var result: [Row] = []
        while try step() { result.append(currentRow()) }
        sqlite3_reset(handle)
        return result
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }
    public func columnName(_ i: Int) -> String { String(cString: sqlite3_column_name(handle, Int32(i))) }

    public func value(at i: Int) -> SQLValue {
        let index = Int32(i)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(handle, index)))
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(handle, index))
            guard n > 0, let p = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default: return .null
        }
    }

    public func currentRow() -> Row {
        Row(columns: (0..<columnCount).map(columnName), values: (0..<columnCount).map(value(at:)))
    }
}

/// One result row, detached from its statement.
public struct Row: Sendable, CustomStringConvertible {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(_ i: Int) -> SQLValue { values[i] }
    public subscript(_ name: String) -> SQLValue {
        guard let i = columns.firstIndex(of: name) else { return .null }
        return values[i]
    }

    public var description: String { values.map(\.description).joined(separator: "|") }
}
