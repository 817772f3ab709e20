import CPostgres
import Foundation

/// One libpq connection: statements, queries with text parameters, and `COPY … FROM
/// STDIN`. Synchronous, like the rest of the pipeline; one connection, one thread.
public final class PostgresConnection {
    private let handle: OpaquePointer

    /// Connects to `url` (`postgresql://[user@][host][:port]/database?…`, or libpq's
    /// `key=value` form). A password in it is refused: libpq's environment (`PGPASSWORD`,
    /// `PGPASSFILE`) and `~/.pgpass` supply it, so it never stands in a command line, a
    /// process list or a shell history.
    public init(url: String) throws {
        try Self.refusePassword(in: url)
        guard let conn = PQconnectdb(url) else { throw PostgresError(.unreachable, "libpq could not allocate a connection") }
        guard PQstatus(conn) == CONNECTION_OK else {
            let error = Self.connectionError(conn, url: url)
            PQfinish(conn)
            throw error
        }
        handle = conn
        PQsetClientEncoding(handle, "UTF8")
        // The server's notices (e.g. "drop cascades to 12 other objects") are not ours to print.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    /// The server's major version, e.g. 15.
    public var serverMajorVersion: Int { Int(PQserverVersion(handle)) / 10_000 }

    /// Runs one or more statements without parameters.
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws
    /// (or when the connection is lost, by the server), so a publication is whole or absent.
    public func inTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    public func execute(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK], sql: sql)
    }

    /// Runs one statement with text parameters (`$1`, `$2`, …; `nil` is NULL) and returns
    /// its rows as text, as the server formats them.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        var cStrings = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { cStrings.forEach { free($0) } }
        let result = cStrings.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(1, buffer.count)) {
                PQexecParams(handle, sql, Int32(parameters.count), nil, parameters.isEmpty ? nil : $0, nil, nil, 0)
            }
        }
        defer { PQclear(result) }
        try check(result, expecting: [PGRES_COMMAND_OK, PGRES_TUPLES_OK], sql: sql)
        let rows = Int(PQntuples(result)), columns = Int(PQnfields(result))
        return (0..<rows).map { r in
            (0..<columns).map { c in
                PQgetisnull(result, Int32(r), Int32(c)) == 1 ? nil : String(cString: PQgetvalue(result, Int32(r), Int32(c)))
            }
        }
    }

    /// `COPY target FROM STDIN` in text format: `write` is called with a `CopyWriter` and
    /// sends each row as it comes, in 64 KiB chunks; memory does not grow with the rows.
    /// Returns the number of rows the server says it copied.
    @discardableResult
    public func copy(into target: String, _ write: (inout CopyWriter) throws -> Void) throws -> Int {
        let sql = "COPY \(target) FROM STDIN"
        let start = PQexec(handle, sql)
        defer { PQclear(start) }
        try check(start, expecting: [PGRES_COPY_IN], sql: sql)
        var writer = CopyWriter { [handle] chunk in
            let sent = chunk.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    PQputCopyData(handle, $0, Int32(buffer.count))
                }
            }
            if sent != 1 { throw PostgresError(.statement, "sending rows failed: \(PostgresError.oneLine(String(cString: PQerrorMessage(handle))))") }
        }
        do {
            try write(&writer)
            try writer.flush()
        } catch {
            PQputCopyEnd(handle, "the publisher stopped")
            drainResults()
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else {
            throw PostgresError(.statement, "ending the copy failed: \(PostgresError.oneLine(String(cString: PQerrorMessage(handle))))")
        }
        var copied = 0
        var failure: Error?
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            do {
                try check(result, expecting: [PGRES_COMMAND_OK], sql: sql)
                copied = Int(String(cString: PQcmdTuples(result))) ?? 0
            } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
        return copied
    }

    /// A literal for an identifier (schema, table, column, role), quoted by libpq.
    public func quoteIdentifier(_ name: String) -> String {
        guard let quoted = PQescapeIdentifier(handle, name, name.utf8.count) else { return "\"\(name)\"" }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    /// A string literal, quoted by libpq (standard_conforming_strings honoured).
    public func quoteLiteral(_ text: String) -> String {
        guard let quoted = PQescapeLiteral(handle, text, text.utf8.count) else { return "'\(text.replacingOccurrences(of: "'", with: "''"))'" }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }

    private func drainResults() {
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    private func check(_ result: OpaquePointer?, expecting: [ExecStatusType], sql: String) throws {
        let status = PQresultStatus(result)
        guard !expecting.contains(status) else { return }
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        let message = primary ?? PostgresError.oneLine(String(cString: PQerrorMessage(handle)))
        let statement = sql.split(whereSeparator: \.isNewline).joined(separator: " ").prefix(120)
        throw PostgresError(.statement, "PostgreSQL refused \(statement.isEmpty ? "a statement" : "“\(statement)”"): \(message)",
                            sqlState: state)
    }

    /// Refuses a URL libpq cannot parse, or one that carries a password.
    static func refusePassword(in url: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &errorMessage) else {
            let reason = errorMessage.map { PostgresError.oneLine(String(cString: $0)) } ?? "it does not parse"
            if let errorMessage { PQfreemem(errorMessage) }
            // libpq's reason quotes the URL's parts; a password among them would be printed, so
            // only say where the problem is when the URL holds none.
            let mayHoldPassword = url.contains("@") || url.lowercased().contains("password")
            throw PostgresError(.badURL, "the PostgreSQL URL is not valid" + (mayHoldPassword ? "" : ": \(reason)")
                                + " (expected postgresql://[user@]host[:port]/database)")
        }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password", option.pointee.val != nil {
                throw PostgresError(.badURL, "the PostgreSQL URL carries a password; remove it and let libpq find it in ~/.pgpass, PGPASSFILE or PGPASSWORD, so it never stands in a command line")
            }
            option += 1
        }
    }

    /// Why a connection failed, classified: who we are (exit 2) or nobody answered (exit 1).
    private static func connectionError(_ conn: OpaquePointer, url: String) -> PostgresError {
        let message = PostgresError.oneLine(String(cString: PQerrorMessage(conn)))
        if PQconnectionNeedsPassword(conn) == 1 {
            return PostgresError(.authentication, "the PostgreSQL server asks for a password and none was found: put it in ~/.pgpass (mode 0600) or name a file with PGPASSFILE (\(message))")
        }
        let lower = message.lowercased()
        if PQconnectionUsedPassword(conn) == 1 || lower.contains("authentication failed") || lower.contains("does not exist")
            || lower.contains("no pg_hba.conf entry") || lower.contains("permission denied") {
            return PostgresError(.authentication, "the PostgreSQL server refused the connection: \(message)")
        }
        return PostgresError(.unreachable, "cannot connect to PostgreSQL: \(message)")
    }
}
