import LikvardIO
import LikvardSQL

/// Finds `duplicate_row`s: records whose text equals an earlier record of the same file.
///
/// Each record is remembered by a 128-bit digest of its text. Up to `memoryLimit` digests
/// stay in memory; past that they spill into a temporary SQLite table (on disk, in the
/// file's transaction), so memory stays flat however long the file is.
final class DuplicateDetector {
    private let db: Database
    private let memoryLimit: Int
    private var seen = Set<RecordDigest>()
    private var spilled = false

    init(db: Database, memoryLimit: Int = 250_000) {
        self.db = db
        self.memoryLimit = memoryLimit
        seen.reserveCapacity(min(memoryLimit, 4096))
    }

    deinit { if spilled { try? db.execute("drop table if exists temp.record_digests") } }

    /// True when the current record of `reader` was seen before in this file.
    func isDuplicate(_ reader: CSVReader) throws -> Bool {
        let digest = RecordDigest(reader)
        if !spilled {
            if seen.insert(digest).inserted == false { return true }
            if seen.count >= memoryLimit { try spill() }
            return false
        }
        let insert = try db.statement("insert or ignore into temp.record_digests (a, b) values (?, ?)")
        insert.reset()
        try insert.bind(digest.a, at: 1)
        try insert.bind(digest.b, at: 2)
        try insert.run()
        return db.changes == 0
    }

    private func spill() throws {
        try db.execute("""
            drop table if exists temp.record_digests;
            create temp table record_digests (a integer not null, b integer not null, primary key (a, b)) without rowid;
            """)
        let insert = try db.statement("insert or ignore into temp.record_digests (a, b) values (?, ?)")
        for digest in seen {
            insert.reset()
            try insert.bind(digest.a, at: 1)
            try insert.bind(digest.b, at: 2)
            try insert.run()
        }
        seen = []
        spilled = true
    }
}

/// 128 bits identifying a record's text within one file (two independently seeded
/// SipHash values), for `duplicate_row`.
struct RecordDigest: Hashable {
    let a: Int
    let b: Int

    init(_ reader: CSVReader) {
        (a, b) = reader.withRawBytes { bytes in
            var h1 = Hasher(), h2 = Hasher()
            h2.combine(0x5eed)
            h1.combine(bytes: UnsafeRawBufferPointer(bytes))
            h2.combine(bytes: UnsafeRawBufferPointer(bytes))
            return (h1.finalize(), h2.finalize())
        }
    }
}
