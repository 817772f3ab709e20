import Foundation
import LikvardSQL
import Testing

@Suite struct DatabaseTests {
    static func scratch() throws -> (Database, String) {
        let path = NSTemporaryDirectory() + "likvard-sql-\(UUID().uuidString).sqlite"
        let db = try Database(path: path)
        try db.execute("pragma journal_mode = wal; create table t (id integer primary key, name text not null) strict")
        return (db, path)
    }

    @Test func transactionRollsBackOnAnyError() throws {
        let (db, _) = try Self.scratch()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.inTransaction {
                try db.run("insert into t (name) values (?)", "kept only on commit")
                throw Boom()
            }
        }
        #expect(try db.scalar("select count(*) from t").int == 0)
        #expect(!db.isInTransaction)
        try db.inTransaction { try db.run("insert into t (name) values (?)", "committed") }
        #expect(try db.scalar("select name from t").string == "committed")
    }

    @Test func errorsCarryMessageAndSQLButNeverBoundValues() throws {
        let (db, _) = try Self.scratch()
        do {
            try db.run("insert into t (id, name) values (?, ?)", 1, "200903141232")
            try db.run("insert into t (id, name) values (?, ?)", 1, "200903141232")
            Issue.record("expected a constraint error")
        } catch let error as SQLiteError {
            #expect(error.message.contains("UNIQUE constraint failed"))
            #expect(error.extendedCode == 1555) // SQLITE_CONSTRAINT_PRIMARYKEY
            #expect(error.description.contains("insert into t"))
            #expect(!error.description.contains("200903141232"))
        }
    }

    @Test func statementsArePreparedOnceAndCached() throws {
        let (db, _) = try Self.scratch()
        let a = try db.statement("select count(*) from t")
        let b = try db.statement("select count(*) from t")
        #expect(a === b)
    }

    @Test func bulkInsertThroughOnePreparedStatement() throws {
        let (db, _) = try Self.scratch()
        try db.inTransaction {
            let insert = try db.statement("insert into t (name) values (?)")
            for i in 0..<10_000 { try insert.execute("row \(i)") }
        }
        #expect(try db.scalar("select count(*) from t").int == 10_000)
    }

    @Test func invalidSQLIsATypedError() throws {
        let (db, _) = try Self.scratch()
        #expect(throws: SQLiteError.self) { try db.statement("selec nothing") }
    }

    @Test func migrationsApplyOnceAndAreRecorded() throws {
        let (db, _) = try Self.scratch()
        let migrator = Migrator(migrations: [
            .init(version: "002_b", sql: "create table b (x any) strict"),
            .init(version: "001_a", sql: "create table a (x any) strict"),
        ])
        #expect(try migrator.migrate(db) == ["001_a", "002_b"])
        #expect(try migrator.migrate(db) == [])
        #expect(try db.scalar("select group_concat(version) from schema_migrations").string == "001_a,002_b")
    }

    @Test func aFailedMigrationLeavesNothingBehind() throws {
        let (db, _) = try Self.scratch()
        let migrator = Migrator(migrations: [.init(version: "001_bad", sql: "create table c (x); create tabel oops")])
        #expect(throws: SQLiteError.self) { try migrator.migrate(db) }
        #expect(try db.scalar("select count(*) from sqlite_schema where name = 'c'").int == 0)
        #expect(try db.scalar("select count(*) from schema_migrations").int == 0)
    }

    @Test func aReaderSeesTheCommittedStateWhileAWriterIsInATransaction() throws {
        let (db, path) = try Self.scratch()
        try db.run("insert into t (name) values ('before')")
        let reader = try Database(path: path, readOnly: true, create: false)
        try db.execute("begin immediate")
        try db.run("insert into t (name) values ('uncommitted')")
        #expect(try reader.scalar("select count(*) from t").int == 1)
        try db.execute("commit")
        #expect(try reader.scalar("select count(*) from t").int == 2)
    }
}
