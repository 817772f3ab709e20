import Foundation
import LikvardSQL
#if canImport(Glibc)
import Glibc
#endif

/// The warehouse file: opened in WAL mode (analysts read while a run writes), migrated
/// with the embedded `schemas/migrations`, guarded by the pupil key's fingerprint.
public final class Warehouse {
    /// Internal: every statement on the warehouse is one of its methods (`Warehouse+*.swift`).
    let db: Database
    public let path: String
    /// The pupils' identities, once `prepare(key:)` has checked the key.
    private(set) var identities: PupilIdentities?
    /// The key, once checked: file keys are keyed hashes of inbox paths.
    private(set) var key: PupilKey?

    /// Opens (and, for a writer, creates with owner-only permissions) the warehouse.
    public init(path: String, forWriting: Bool) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists {
            guard forWriting else { throw ConfigurationError("warehouse \(path) does not exist (check the path; `likvard run` creates a warehouse on its first night)") }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
                throw ConfigurationError("cannot create warehouse \(path): folder \(folder) does not exist")
            }
            // Pupil data: only the owner may read the file. SQLite gives its -wal and -shm
            // files the same permissions as the database file.
            let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw ConfigurationError("cannot create warehouse \(path): \(String(cString: strerror(errno)))")
            }
            close(fd)
        } else if forWriting && access(path, W_OK) != 0 {
            throw ConfigurationError("warehouse \(path) is read-only (\(String(cString: strerror(errno)))); run as its owner or fix its permissions")
        } else if forWriting {
            // Pupil data: an existing warehouse (and its -wal and -shm) is made owner-only
            // again, whatever a copy or an umask did to it.
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                chmod(path + suffix, 0o600)
            }
        }
        do {
            db = try Database(path: path, readOnly: !forWriting, create: false)
            // Touch the file so a corrupt or foreign file is found now, with a clear message.
            _ = try db.scalar("select count(*) from sqlite_schema")
            if forWriting {
                try db.execute("pragma journal_mode = wal")
                // WAL + NORMAL: a committed transaction survives a killed process; only
                // power loss may lose the last commits, never corrupt the file.
                try db.execute("pragma synchronous = normal")
                // Up to two helper threads for SQLite's sorter: the refresh groups and
                // indexes millions of grade rows; a larger page cache did not help, so the
                // default stays (docs/performance.md).
                try db.execute("pragma threads = 2")
            }
        } catch let error as SQLiteError where error.isCorrupt {
            throw ConfigurationError("warehouse \(path) is not an SQLite database or is corrupt (\(error.message)); restore it from a backup or point --warehouse at another file")
        }
    }

    /// Checks the key against the stored fingerprint before anything is written.
    public func verify(key: PupilKey) throws {
        guard try hasTable("warehouse_meta") else { return }
        if let stored = try db.scalar("select value from warehouse_meta where key = 'key_fingerprint'").string,
           stored != key.fingerprint {
            throw ConfigurationError("the key does not match the one this warehouse was built with (fingerprint differs); use the original key file, or a new warehouse for a new key")
        }
    }

    /// Applies pending migrations and records the key fingerprint on first use; then the
    /// warehouse can stage pupils' records.
    public func prepare(key: PupilKey) throws {
        try verify(key: key)
        try Migrator(migrations: Warehouse.migrations).migrate(db)
        try db.run("insert or ignore into warehouse_meta (key, value) values ('key_fingerprint', ?)", key.fingerprint)
        identities = PupilIdentities(db: db, key: key)
        self.key = key
        try maskRecordedFileNames()
        try pseudonymiseRecordedResponseIDs()
    }

    func hasTable(_ name: String) throws -> Bool {
        try db.scalar("select count(*) from sqlite_schema where name = ?", name).int == 1
    }

    static var migrations: [Migrator.Migration] {
        Resources.paths(under: "schemas/migrations").map { path in
            let file = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            return Migrator.Migration(version: file, sql: Resources.text(path)!)
        }
    }

    func meta(_ key: String) throws -> String? {
        try db.scalar("select value from warehouse_meta where key = ?", key).string
    }

    func setMeta(_ key: String, _ value: String) throws {
        try db.run("insert into warehouse_meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value", key, value)
    }

    func removeMeta(_ key: String) throws {
        try db.run("delete from warehouse_meta where key = ?", key)
    }
}
