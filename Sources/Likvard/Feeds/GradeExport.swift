import LikvardIO
import LikvardSQL

/// Feed `betyg`: grade exports. Every valid row is kept with its file and line; which
/// grade counts (later `betygsdatum`, a newer file replacing a (school, term) partition)
/// is decided at refresh. The teacher signature (`larare`) is validated but never stored.
final class GradeExport: FeedRows {
    let feed = Feed.betyg
    private let context: LoadContext
    private var fileID = 0
    private let schema = SourceSchema.named(.betyg)
    private lazy var c = (pupil: schema.column("personnummer")!, school: schema.column("skolenhetskod")!,
                          year: schema.column("arskurs")!, term: schema.column("termin")!,
                          subject: schema.column("amne")!, grade: schema.column("betyg")!,
                          date: schema.column("betygsdatum")!)
    /// Rows waiting for the next multi-row insert.
    private var pending: [GradeRow] = []
    private var insertOne: Statement?
    private var insertBatch: Statement?
    /// Rows per INSERT: one statement execution (and its cursor set-up) per 64 rows instead
    /// of per row.
    private static let batchSize = 64

    /// One validated grade row, as stored.
    private struct GradeRow {
        let line: Int
        let identity: Int
        let school: String
        let term: String
        let year: Int
        let subject: String
        let grade: String
        let date: Int
    }

    init(context: LoadContext) { self.context = context }

    func begin(fileID: Int, validator: RowValidator, reader: CSVReader, hasRecord: Bool) throws {
        self.fileID = fileID
        pending.removeAll(keepingCapacity: true)
        pending.reserveCapacity(Self.batchSize)
        let columns = "(file_id, line_number, identity_key, school_unit_code, term, grade_year, subject, grade, grade_date)"
        let row = "(?, ?, ?, ?, ?, ?, ?, ?, ?)"
        insertOne = try context.db.statement("insert into grade_rows \(columns) values \(row)")
        insertBatch = try context.db.statement("insert into grade_rows \(columns) values "
            + Array(repeating: row, count: Self.batchSize).joined(separator: ", "))
    }

    var extraCheck: ((Int, String, String) -> RowReject?)? { nil }

    func insert(_ v: [FieldValue], line: Int) throws {
        pending.append(GradeRow(line: line, identity: try context.identity(v[c.pupil].pupil!),
                                school: v[c.school].text!, term: v[c.term].term!.code, year: v[c.year].integer!,
                                subject: v[c.subject].text!, grade: v[c.grade].grade!.rawValue,
                                date: v[c.date].date!.compactInteger))
        if pending.count == Self.batchSize {
            try write(pending, with: insertBatch!)
            pending.removeAll(keepingCapacity: true)
        }
    }

    func finish() throws {
        for row in pending { try write([row], with: insertOne!) }
        pending.removeAll(keepingCapacity: true)
    }

    private func write(_ rows: [GradeRow], with insert: Statement) throws {
        insert.reset()
        for (i, row) in rows.enumerated() {
            let base = Int32(i * 9)
            try insert.bind(fileID, at: base + 1)
            try insert.bind(row.line, at: base + 2)
            try insert.bind(row.identity, at: base + 3)
            try insert.bind(row.school, at: base + 4)
            try insert.bind(row.term, at: base + 5)
            try insert.bind(row.year, at: base + 6)
            try insert.bind(row.subject, at: base + 7)
            try insert.bind(row.grade, at: base + 8)
            try insert.bind(row.date, at: base + 9)
        }
        try insert.run()
    }

    func removeRows(fileID: Int) throws {
        try context.db.run("delete from grade_rows where file_id = ?", fileID)
    }

    /// The file's (school, term) partitions: what it replaces, and what to recompute.
    func recordTouched(fileID: Int) throws {
        try context.db.run("insert or ignore into grade_file_partitions select distinct file_id, school_unit_code, term from grade_rows where file_id = ?", fileID)
        try context.db.run("insert or ignore into refresh_dirty_partitions select school_unit_code, term from grade_file_partitions where file_id = ?", fileID)
    }
}
