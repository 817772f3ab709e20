import Foundation
import LikvardPostgres
import LikvardSQL
import LikvardTestSupport
import Testing

/// `likvard publish --postgres URL` against a real PostgreSQL 15 server started for this
/// suite (`TestPostgresServer`): the real binary, publishing as a password-authenticated
/// login role whose password reaches libpq through a pgpass file.
@Suite(.postgresServer) struct PostgresPublicationTests {
    /// The demo's warehouse (run once per process).
    static let demo: TempDirectory = {
        let dir = TempDirectory("likvard-pg-demo")
        let r = try! ChildProcess.run(Built.likvard, ["run", "--demo"], directory: dir.path)
        precondition(r.exitCode == 3, r.stderr)
        return dir
    }()
    static var demoWarehouse: String { demo.path + "/likvard-demo/warehouse.sqlite" }

    /// A random city's warehouse (dense enough that most cells are shown).
    static let random: Harness = {
        let h = Harness(key: "postgres-key-0123456789-0123456789-0123")
        try! RandomInbox.make(seed: 311, pupils: 700, schools: 6).write(night: 1, into: h.inbox)
        _ = try! h.run()
        return h
    }()

    let server: TestPostgresServer
    let scratch = TempDirectory("likvard-pg-test")
    var passfile: String { server.passfile(in: scratch) }

    init() throws {
        server = try #require(TestPostgresServer.current, "the suite's server did not start")
    }

    func publish(_ warehouse: String, tier: String, database: String, passfile: String? = nil, url: String? = nil,
                 crashAt: String? = nil) throws -> ChildProcess.Result {
        var environment = ["PGPASSFILE": passfile ?? self.passfile]
        if let crashAt { environment["LIKVARD_CRASH_AT"] = crashAt }
        return try ChildProcess.run(Built.likvard, ["publish", "--warehouse", warehouse, "--tier", tier, "--postgres",
                                                    url ?? server.url(user: TestPostgresServer.publisher, database: database)],
                                    environment: environment)
    }

    func publishToFile(_ warehouse: String, tier: String) throws -> String {
        let out = scratch.path + "/\(tier)-\(UUID().uuidString.prefix(6)).sqlite"
        let r = try ChildProcess.run(Built.likvard, ["publish", "--warehouse", warehouse, "--tier", tier, "--out", out])
        #expect(r.exitCode == 0, "\(r.stderr)")
        return out
    }

    static let schemas = ["internal": "likvard", "public": "likvard_public", "microdata": "likvard_microdata"]

    /// Every table of `schema`, its rows typed as the column's PostgreSQL type says, sorted;
    /// `publication.published_at` left out (each publish has its own).
    func postgresTables(_ connection: PostgresConnection, schema: String) throws -> [String: [[SQLValue]]] {
        var tables: [String: [[SQLValue]]] = [:]
        for table in try connection.query("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [schema]) {
            let name = table[0]!
            let columns = try connection.query("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = $1 AND table_name = $2 AND column_name <> 'published_at' ORDER BY ordinal_position
                """, [schema, name])
            let rows = try connection.query("SELECT \(columns.map { "\"\($0[0]!)\"" }.joined(separator: ", ")) FROM \(schema).\(name)")
            tables[name] = rows.map { row in
                zip(row, columns).map { value, column -> SQLValue in
                    guard let value else { return .null }
                    switch column[1]! {
                    case "bigint": return .integer(Int64(value)!)
                    case "double precision": return .real(Double(value)!)
                    default: return .text(value)
                    }
                }
            }.sorted { $0.description < $1.description }
        }
        return tables
    }

    func sqliteTables(_ path: String) throws -> [String: [[SQLValue]]] {
        let db = try Database(path: path, readOnly: true, create: false)
        var tables: [String: [[SQLValue]]] = [:]
        for name in try db.rows("select name from sqlite_schema where type = 'table'").map({ $0[0].string! }) {
            let columns = try db.rows("select name from pragma_table_info(?) where name <> 'published_at'", name).map { $0[0].string! }
            tables[name] = try db.rows("select \(columns.joined(separator: ", ")) from \(name)").map(\.values)
                .sorted { $0.description < $1.description }
        }
        return tables
    }

    @Test(arguments: ["internal", "public", "microdata"], ["demo", "random"])
    func eachTierInPostgresHoldsTheRowsOfItsSQLiteFile(tier: String, city: String) throws {
        let warehouse = city == "demo" ? Self.demoWarehouse : Self.random.warehouse
        let database = try server.makeDatabase("equal")
        let r = try publish(warehouse, tier: tier, database: database)
        #expect(r.exitCode == 0, "\(r.stderr)")
        let file = try publishToFile(warehouse, tier: tier)
        let schema = Self.schemas[tier]!
        let connection = try server.connect(database: database)

        let expected = try sqliteTables(file)
        let actual = try postgresTables(connection, schema: schema)
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for (table, rows) in expected {
            #expect(actual[table] == rows, "\(tier) \(city): \(table) differs")
        }
        #expect(expected["results_school_term"]!.count > 100)

        // Column types as docs/disclosure.md says, in the SQLite file's order.
        let db = try Database(path: file, readOnly: true, create: false)
        for table in expected.keys {
            let sqliteTypes = try db.rows("select upper(type) from pragma_table_info(?)", table).map { $0[0].string! }
            let postgresTypes = try connection.query("""
                SELECT data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position
                """, [schema, table]).map { $0[0]! }
            #expect(postgresTypes == sqliteTypes.map { ["INTEGER": "bigint", "REAL": "double precision"][$0] ?? "text" }, "\(table)")
            // Keyed on its grain: a primary key, or UNIQUE NULLS NOT DISTINCT where a key column may be NULL.
            let keys = try connection.query("""
                SELECT contype FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype IN ('p', 'u')
                """, ["\(schema).\(table)"])
            #expect(keys.count == 1, "\(table) has no key on its grain")
        }
        // Every table and column the catalog describes carries its description as a comment.
        let comments = try connection.query("""
            SELECT c.relname, a.attname, coalesce(col_description(c.oid, a.attnum), obj_description(c.oid, 'pg_class'))
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
            WHERE n.nspname = $1 AND c.relkind = 'r'
            """, [schema])
        let catalog = try db.rows("select object_name, column_name, description from warehouse_catalog")
        let byColumn = Dictionary(comments.map { ("\($0[0]!).\($0[1]!)", $0[2]) }, uniquingKeysWith: { a, _ in a })
        for row in catalog where row[1].string != nil {
            #expect(byColumn["\(row[0].string!).\(row[1].string!)"] == row[2].string, "\(row[0]).\(row[1])")
        }
        #expect(!catalog.isEmpty)
    }

    @Test func eachRoleReadsItsTiersOnly() throws {
        let database = try server.makeDatabase("roles")
        for tier in ["internal", "public", "microdata"] {
            let r = try publish(Self.demoWarehouse, tier: tier, database: database)
            #expect(r.exitCode == 0, "\(r.stderr)")
        }
        let connection = try server.connect(database: database)
        let roles = try connection.query("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN ('likvard_reader', 'likvard_public_reader', 'likvard_researcher') ORDER BY 1")
        #expect(roles == [["likvard_public_reader", "f"], ["likvard_reader", "f"], ["likvard_researcher", "f"]])
        try connection.execute("CREATE ROLE someone_else_\(database) NOLOGIN")
        let allowed: [String: Set<String>] = [
            "likvard_reader": ["likvard", "likvard_public"],
            "likvard_public_reader": ["likvard_public"],
            "likvard_researcher": ["likvard", "likvard_public", "likvard_microdata"],
            "someone_else_\(database)": [],
        ]
        for (role, schemas) in allowed {
            for schema in ["likvard", "likvard_public", "likvard_microdata"] {
                var refusal: PostgresError?
                do {
                    try connection.execute("SET ROLE \(role)")
                    try connection.query("SELECT count(*) FROM \(schema).results_school_term")
                } catch let error as PostgresError { refusal = error }
                try connection.execute("RESET ROLE")
                if schemas.contains(schema) {
                    #expect(refusal == nil, "\(role) cannot read \(schema): \(refusal.map(\.message) ?? "")")
                } else {
                    #expect(refusal?.sqlState == "42501", "\(role) reads \(schema)")
                }
            }
        }
        // The pupil rows are in microdata only, for the researcher.
        #expect(try connection.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'pupil_term_results' AND table_schema <> 'likvard_microdata'").isEmpty)
    }

    @Test func publishingTwiceGivesTheSameRowsOnce() throws {
        let database = try server.makeDatabase("twice")
        let connection = try server.connect(database: database)
        #expect(try publish(Self.random.warehouse, tier: "public", database: database).exitCode == 0)
        let first = try postgresTables(connection, schema: "likvard_public")
        #expect(try publish(Self.random.warehouse, tier: "public", database: database).exitCode == 0)
        #expect(try postgresTables(connection, schema: "likvard_public") == first)
        let schemas = try connection.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'likvard%' ORDER BY 1").map { $0[0]! }
        #expect(schemas == ["likvard_public"])
    }

    /// Killed (SIGKILL) in the middle of COPY of the pupil rows, or after the swap but before
    /// the commit: the server rolls the transaction back, the previous schema stays whole and
    /// readable, the next publish works.
    @Test(arguments: ["publish-postgres-copy-pupil_term_results#2", "publish-postgres-before-commit"])
    func aKilledPublishLeavesThePreviousSchemaWhole(point: String) throws {
        let database = try server.makeDatabase("killed")
        let connection = try server.connect(database: database)
        #expect(try publish(Self.demoWarehouse, tier: "microdata", database: database).exitCode == 0)
        let before = try postgresTables(connection, schema: "likvard_microdata")
        let publishedAt = try connection.query("SELECT published_at FROM likvard_microdata.publication")

        // The random city's publication, killed (mid-COPY: after 1,000 of its pupil rows were sent).
        let pupilRows = try sqliteTables(try publishToFile(Self.random.warehouse, tier: "microdata"))["pupil_term_results"]!.count
        #expect(pupilRows > 1_000)
        let killed = try publish(Self.random.warehouse, tier: "microdata", database: database, crashAt: point)
        #expect(killed.signal == SIGKILL, "the kill point was not reached: \(killed.stderr)")

        #expect(try postgresTables(connection, schema: "likvard_microdata") == before)
        #expect(try connection.query("SELECT published_at FROM likvard_microdata.publication") == publishedAt)
        try connection.execute("SET ROLE likvard_researcher")
        #expect(try connection.query("SELECT count(*) FROM likvard_microdata.pupil_term_results")[0][0] == "\(before["pupil_term_results"]!.count)")
        try connection.execute("RESET ROLE")

        let again = try publish(Self.random.warehouse, tier: "microdata", database: database)
        #expect(again.exitCode == 0, "\(again.stderr)")
        #expect(try postgresTables(connection, schema: "likvard_microdata")["pupil_term_results"]!.count == pupilRows)
        #expect(try connection.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'likvard%'").map { $0[0]! } == ["likvard_microdata"])
    }

    /// A reader inside one transaction while another publication replaces the schema reads
    /// the old one whole; the swap waits for it (seen waiting on a lock, not assumed from a
    /// sleep); the next query reads the new one whole.
    @Test func aLongReaderAcrossTheSwapSeesOnePublication() throws {
        let database = try server.makeDatabase("reader")
        #expect(try publish(Self.demoWarehouse, tier: "internal", database: database).exitCode == 0)
        let reading = "SELECT (SELECT count(*) FROM likvard.results_school_term), (SELECT count(*) FROM likvard.terms), (SELECT sum(n_pupils) FROM likvard.results_school_term)"
        let old = try server.connect(database: database).query(reading)

        final class Outcome: @unchecked Sendable {
            var first: [[String?]] = [], second: [[String?]] = []
            var sawPublisherWaiting = false, finished = Date.distantFuture
            var error: Error?
        }
        let outcome = Outcome()
        let url = server.url(database: database)
        let holding = DispatchSemaphore(value: 0)
        let reader = Thread {
            do {
                let connection = try PostgresConnection(url: url)
                try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
                // one statement takes every table's lock at once (no lock order to deadlock on)
                outcome.first = try connection.query(reading)
                holding.signal()
                // hold the snapshot and the locks until the publisher is certainly waiting on them
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline {
                    if try !connection.query("SELECT 1 FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()").isEmpty {
                        outcome.sawPublisherWaiting = true
                        break
                    }
                    usleep(20_000)
                }
                outcome.second = try connection.query(reading)
                outcome.finished = Date()
                try connection.execute("COMMIT")
            } catch {
                outcome.error = error
                holding.signal()
            }
        }
        reader.start()
        holding.wait()
        let r = try publish(Self.random.warehouse, tier: "internal", database: database)
        let published = Date()
        while outcome.finished == .distantFuture && outcome.error == nil { usleep(20_000) }
        #expect(outcome.error == nil)
        #expect(r.exitCode == 0, "\(r.stderr)")
        #expect(outcome.sawPublisherWaiting, "the publisher never waited for the reader's locks")
        #expect(outcome.first == old && outcome.second == old, "the reader saw a mix")
        #expect(published >= outcome.finished, "the swap did not wait for the reader")
        let new = try server.connect(database: database).query(reading)
        #expect(new != old)
        let file = try sqliteTables(try publishToFile(Self.random.warehouse, tier: "internal"))
        #expect(new[0][0] == "\(file["results_school_term"]!.count)")
    }

    @Test func aBadTargetIsOneSentenceAndWritesNothing() throws {
        let database = try server.makeDatabase("bad")
        let empty = TempDirectory("likvard-pg-nothing-here")
        let user = TestPostgresServer.publisher
        let cases: [(label: String, url: String, passfile: String?, exit: Int32, says: String)] = [
            ("a URL that does not parse", "postgresql://[nonsense", nil, 2, "not valid"),
            ("a password in the URL", "postgresql://\(user):hunter2-in-the-url@/\(database)?host=\(server.socketFolder)", nil, 2, "carries a password"),
            ("no server there", "postgresql://\(user)@/\(database)?host=\(empty.path)", nil, 1, "cannot connect"),
            ("a wrong password", server.url(user: user, database: database), server.passfile(in: empty, password: "wrong"), 2, "password authentication failed"),
            ("no password at all", server.url(user: user, database: database), "/nonexistent/pgpass", 2, "asks for a password"),
            ("no such database", server.url(user: user, database: "no_such_db"), nil, 2, "refused"),
        ]
        for c in cases {
            let r = try publish(Self.demoWarehouse, tier: "public", database: database, passfile: c.passfile, url: c.url)
            #expect(r.exitCode == c.exit, "\(c.label): exit \(r.exitCode), \(r.stderr)")
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("likvard: error: "), "\(c.label): \(r.stderr)")
            #expect(r.stderr.contains(c.says), "\(c.label): \(r.stderr)")
            #expect(!r.stderr.contains("hunter2") && !r.stderr.contains(TestPostgresServer.publisherPassword), "\(c.label) printed a password")
            #expect(r.stdout.isEmpty)
        }
        let connection = try server.connect(database: database)
        #expect(try connection.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'likvard%'").isEmpty)
    }

    /// A pipeline's `publish_postgres`: `run` publishes its tiers after the refresh.
    @Test func aRunPublishesThePipelinesTiers() throws {
        let database = try server.makeDatabase("run")
        let h = Harness(key: "postgres-run-key-0123456789-0123456789")
        try RandomInbox.make(seed: 312, pupils: 170).write(night: 1, into: h.inbox)
        let pipeline = h.dir.write("nightly.json", """
            {"inbox": "inbox", "warehouse": "warehouse.sqlite", "key_file": "pupil.key",
             "publish_postgres": {"url": "\(server.url(user: TestPostgresServer.publisher, database: database))", "tiers": ["internal", "public"]}}
            """)
        let r = try ChildProcess.run(Built.likvard, ["run", "--pipeline", pipeline], environment: ["PGPASSFILE": passfile])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let connection = try server.connect(database: database)
        #expect(try connection.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'likvard%' ORDER BY 1").map { $0[0]! }
                == ["likvard", "likvard_public"])
        let file = try sqliteTables(try publishToFile(h.warehouse, tier: "public"))
        #expect(try postgresTables(connection, schema: "likvard_public")["results_school_term"] == file["results_school_term"])
    }
}

/// Roles belong to the whole server: a test that widens them has a server of its own, so no
/// other test's publish meets them.
@Suite(.postgresServer) struct WidenedRolesTests {
    let server: TestPostgresServer
    let scratch = TempDirectory("likvard-pg-widened")

    init() throws {
        server = try #require(TestPostgresServer.current, "the suite's server did not start")
    }

    func publish(_ warehouse: String, tier: String, database: String) throws -> ChildProcess.Result {
        try ChildProcess.run(Built.likvard, ["publish", "--warehouse", warehouse, "--tier", tier, "--postgres",
                                             server.url(user: TestPostgresServer.publisher, database: database)],
                             environment: ["PGPASSFILE": server.passfile(in: scratch)])
    }

    /// A database whose roles were widened — a reader role that can log in and belongs to
    /// the researchers, default privileges granting every new table to PUBLIC — is refused
    /// while a role reads more than its tier; once the administrator puts the role right,
    /// PUBLIC and a role with no grant read nothing of the new schemas.
    @Test func widenedRolesAreRefusedAndPublicGetsNothing() throws {
        let database = try server.makeDatabase("widened")
        let admin = try server.connect(database: database)
        // the roles exist server-wide: this test's changes are undone at its end
        try admin.execute("""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'likvard_public_reader') THEN CREATE ROLE likvard_public_reader NOLOGIN; END IF;
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'likvard_researcher') THEN CREATE ROLE likvard_researcher NOLOGIN; END IF;
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'nobody_special') THEN CREATE ROLE nobody_special NOLOGIN; END IF;
            END $$;
            ALTER ROLE likvard_public_reader LOGIN;
            GRANT likvard_researcher TO likvard_public_reader;
            """)
        defer {
            try? admin.execute("ALTER ROLE likvard_public_reader NOLOGIN; REVOKE likvard_researcher FROM likvard_public_reader;")
        }
        try admin.execute("ALTER DEFAULT PRIVILEGES FOR ROLE \(TestPostgresServer.publisher) GRANT SELECT ON TABLES TO PUBLIC")
        let refused = try publish(PostgresPublicationTests.demoWarehouse, tier: "public", database: database)
        #expect(refused.exitCode == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("likvard_public_reader can log in") && refused.stderr.contains("is a member of likvard_researcher"),
                "\(refused.stderr)")
        #expect(try admin.query("SELECT 1 FROM pg_namespace WHERE nspname LIKE 'likvard%'").isEmpty)
        try admin.execute("ALTER ROLE likvard_public_reader NOLOGIN; REVOKE likvard_researcher FROM likvard_public_reader;")
        for tier in ["public", "microdata"] {
            let r = try publish(PostgresPublicationTests.demoWarehouse, tier: tier, database: database)
            #expect(r.exitCode == 0, "\(r.stderr)")
        }
        // a role with no grant, and PUBLIC through it, reads no table of either schema
        for (schema, table) in [("likvard_public", "results_school_term"), ("likvard_microdata", "pupil_term_results")] {
            let readable = try admin.query("""
                SELECT has_table_privilege('nobody_special', '\(schema).\(table)', 'SELECT'),
                       has_table_privilege('likvard_public_reader', '\(schema).\(table)', 'SELECT')
                """)
            #expect(readable.first?[0] == "f", "\(schema): a role with no grant reads it")
            #expect(readable.first?[1] == (schema == "likvard_public" ? "t" : "f"), "\(schema): the public reader")
        }
    }

}
