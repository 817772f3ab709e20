/// A set of integer pairs kept in a private, temporary on-disk database: for sets too
/// large to keep in memory (the digests of a long file's records), at flat memory.
///
/// "": a private temporary database that SQLite deletes when it is closed.
/// https://www.sqlite.org/inmemorydb.html#temp_db
public final class SpilledPairSet {
    private let db: Database
    private let insert: Statement

    /// `cacheKiB`: the page cache. The pairs arrive in random order, so a cache too small
    /// for the tree's inner pages makes most inserts miss it.
    public init(cacheKiB: Int) throws {
        db = try Database(path: "")
        try db.execute("""
            pragma journal_mode = off;
            pragma synchronous = off;
            pragma cache_size = -\(cacheKiB);
            create table pairs (a integer not null, b integer not null, primary key (a, b)) without rowid;
            begin;
            """)
        insert = try db.statement("insert or ignore into pairs (a, b) values (?, ?)")
    }

    /// Inserts (a, b); false when it was there already.
    public func insert(_ a: Int, _ b: Int) throws -> Bool {
        insert.reset()
        try insert.bind(a, at: 1)
        try insert.bind(b, at: 2)
        try insert.run()
        return db.changes == 1
    }
}
