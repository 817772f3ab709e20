import Foundation
import LikvardPostgres
import LikvardSQL

/// `likvard publish --postgres URL` (docs/postgres.md, "PostgreSQL, for when analysts outgrow a
/// file"): the tier's publication, written first as the same SQLite file `--out` writes (in
/// a private folder, so both targets get the very same rows and one home keeps the tier's
/// rules), then copied into PostgreSQL inside one transaction — a new schema, its tables
/// filled with `COPY … FROM STDIN`, keyed on their grain, commented from the catalog,
/// granted to the contract's roles, and renamed into the tier's name. A reader sees the old
/// publication or the new one; a publish that fails or is killed at any point leaves the
/// previous schema as it was (the server rolls the transaction back).
extension Warehouse {
    public func publish(_ tier: PublicationTier, toPostgres url: String) throws -> PublicationReport {
        do {
            return try writePostgresPublication(tier, url: url)
        } catch let error as PostgresError {
            // Our mistake in what we were told (exit 2) or the server's moment (exit 1): either
            // way nothing was committed.
            if error.isConfiguration { throw ConfigurationError("cannot publish to PostgreSQL: \(error.message)") }
            throw PublicationError("the \(tier.rawValue) publication was not written to PostgreSQL: \(error.message); the previous schema \(tier.postgresSchema) is unchanged")
        }
    }

    private func writePostgresPublication(_ tier: PublicationTier, url: String) throws -> PublicationReport {
        // Who we are and where the server is, checked before anything is built.
        let connection = try PostgresConnection(url: url)
        guard connection.serverMajorVersion >= 15 else {
            throw PostgresError(.statement, "the PostgreSQL server is version \(connection.serverMajorVersion); publishing needs 15 or newer (UNIQUE NULLS NOT DISTINCT)", sqlState: "0A000")
        }
        // A reader role that reads more than its tier is refused, not quietly widened or
        // narrowed: the database administrator owns the roles.
        let problems = try connection.query(Self.postgresSQL("reader_roles_check", [:]))
        if let first = problems.first {
            let all = problems.map { "\($0[0] ?? "") \($0[1] ?? "")" }.joined(separator: "; ")
            throw ConfigurationError("cannot publish to PostgreSQL: role \(first[0] ?? "") \(first[1] ?? "")\(problems.count > 1 ? " (and: \(all))" : ""); a reader role must be NOLOGIN, not superuser, not BYPASSRLS and no member of a higher tier's role — the database administrator grants it to people's own login roles instead")
        }
        let privateFolder = try Self.privateWorkingFolder()
        defer { try? FileManager.default.removeItem(atPath: privateFolder) }
        let file = try publish(tier, to: privateFolder + "/\(tier.rawValue).sqlite")
        let source = try Database(path: file.path, readOnly: true, create: false)

        let schema = tier.postgresSchema, publishing = schema + "__publishing"
        let readers = tier.postgresReaders.joined(separator: ", ")
        let names = ["schema": schema, "publishing": publishing, "previous": schema + "__previous", "readers": readers]
        var tables: [(String, Int)] = []
        try connection.inTransaction {
            // One publisher at a time, whatever the tier: the roles are shared.
            try connection.execute("SELECT pg_advisory_xact_lock(hashtext('likvard publish'))")
            try connection.execute(Self.postgresSQL("roles", names))
            try connection.execute("DROP SCHEMA IF EXISTS \(publishing) CASCADE; CREATE SCHEMA \(publishing)")
            CrashPoint.reach("publish-postgres-started")
            for table in file.tables.map(\.0) + ["warehouse_catalog", "publication"] {
                let rows = try copyTable(table, from: source, into: publishing, over: connection)
                if file.tables.contains(where: { $0.0 == table }) { tables.append((table, rows)) }
            }
            try comment(publishing, from: source, over: connection)
            try connection.execute(Self.postgresSQL("meta_comments", ["schema": publishing, "tier": tier.rawValue]))
            try connection.execute(Self.postgresSQL("grants", ["schema": publishing, "readers": readers]))
            try connection.execute(Self.postgresSQL("swap", names))
            CrashPoint.reach("publish-postgres-before-commit")
        }
        return PublicationReport(path: schema, tier: tier, tables: tables, shownShareExclNewcomers: file.shownShareExclNewcomers,
                                 shownShareAll: file.shownShareAll)
    }

    /// Whether the tier's schema exists in the database at `url` (a run publishes a missing
    /// one even when nothing new was refreshed).
    public static func postgresPublicationExists(_ tier: PublicationTier, at url: String) throws -> Bool {
        do {
            let connection = try PostgresConnection(url: url)
            return try !connection.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [tier.postgresSchema]).isEmpty
        } catch let error as PostgresError {
            if error.isConfiguration { throw ConfigurationError("cannot publish to PostgreSQL: \(error.message)") }
            throw PublicationError("cannot reach PostgreSQL to publish: \(error.message)")
        }
    }

    /// Creates `table` in `schema` with the SQLite publication's columns (TEXT, BIGINT for
    /// INTEGER, DOUBLE PRECISION for REAL, as docs/disclosure.md says), copies its rows, then adds
    /// the key on its grain (after the load: one index build instead of one insert each).
    private func copyTable(_ table: String, from source: Database, into schema: String,
                           over connection: PostgresConnection) throws -> Int {
        let columns = try source.rows("select name, upper(type) from pragma_table_info(?)", table)
            .map { (name: $0[0].string!, type: $0[1].string ?? "") }
        let definitions = columns.map { column -> String in
            let type = column.type.contains("INT") ? "BIGINT" : column.type == "REAL" ? "DOUBLE PRECISION" : "TEXT"
            return "\(connection.quoteIdentifier(column.name)) \(type)"
        }
        let target = "\(schema).\(connection.quoteIdentifier(table))"
        try connection.execute("CREATE TABLE \(target) (\(definitions.joined(separator: ", ")))")
        let select = try source.statement("select \(columns.map(\.name).joined(separator: ", ")) from \(table)")
        let copied = try connection.copy(into: target) { writer in
            var rows = 0
            while try select.step() {
                for i in columns.indices {
                    switch select.value(at: i) {
                    case .null: writer.field(nil)
                    case .integer(let v): writer.field(String(v))
                    case .real(let v): writer.field(v.description)   // shortest text that reads back to the same double
                    case .text(let v): writer.field(v)
                    case .blob: writer.field(nil)
                    }
                }
                try writer.endRow()
                rows += 1
                if rows % 500 == 0 {
                    try writer.flush()
                    CrashPoint.reach("publish-postgres-copy-\(table)")
                }
            }
        }
        if let grain = PublishedGrain.of(table) {
            let list = grain.columns.map(connection.quoteIdentifier).joined(separator: ", ")
            try connection.execute(grain.nullable
                ? "ALTER TABLE \(target) ADD UNIQUE NULLS NOT DISTINCT (\(list))"
                : "ALTER TABLE \(target) ADD PRIMARY KEY (\(list))")
        }
        return copied
    }

    /// `COMMENT ON` every table and column from the publication's `warehouse_catalog`:
    /// what SQLite keeps in a table, PostgreSQL shows in every client's object browser.
    private func comment(_ schema: String, from source: Database, over connection: PostgresConnection) throws {
        let statement = try source.statement("select object_name, column_name, description from warehouse_catalog where description is not null")
        var sql = ""
        while try statement.step() {
            guard let table = statement.value(at: 0).string, let description = statement.value(at: 2).string else { continue }
            let target = "\(schema).\(connection.quoteIdentifier(table))"
            if let column = statement.value(at: 1).string {
                sql += "COMMENT ON COLUMN \(target).\(connection.quoteIdentifier(column)) IS \(connection.quoteLiteral(description));\n"
            } else {
                sql += "COMMENT ON TABLE \(target) IS \(connection.quoteLiteral(description));\n"
            }
        }
        if !sql.isEmpty { try connection.execute(sql) }
    }

    /// A statement of `schemas/postgres/`, its `{placeholders}` filled.
    private static func postgresSQL(_ name: String, _ values: [String: String]) -> String {
        guard var sql = Resources.text("schemas/postgres/\(name).sql") else { fatalError("schemas/postgres/\(name).sql not embedded: a build bug") }
        for (key, value) in values { sql = sql.replacingOccurrences(of: "{\(key)}", with: value) }
        return sql
    }
}
