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
    private var insertRow: Statement?

    init(context: LoadContext) { self.context = context }

    func begin(fileID: Int, validator: RowValidator, reader: CSVReader, hasRecord: Bool) throws {
        self.fileID = fileID
        insertRow = try context.db.statement("""
            insert into grade_rows (file_id, line_number, identity_key, school_unit_code, term, grade_year,
              subject, grade, grade_date)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    var extraCheck: ((Int, String, String) -> RowReject?)? { nil }

    func insert(_ v: [FieldValue], line: Int) throws {
        let identity = try context.identity(v[c.pupil].pupil!)
        let insert = insertRow!
        insert.reset()
        try insert.bind(fileID, at: 1)
        try insert.bind(line, at: 2)
        try insert.bind(identity, at: 3)
        try insert.bind(v[c.school].text!, at: 4)
        try insert.bind(v[c.term].term!.code, at: 5)
        try insert.bind(v[c.year].integer!, at: 6)
        try insert.bind(v[c.subject].text!, at: 7)
        try insert.bind(v[c.grade].grade!.rawValue, at: 8)
        try insert.bind(v[c.date].date!.compactInteger, at: 9)
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
