import LikvardIO
import LikvardSQL

/// Feed `skolenheter`: the school unit register. Rows are kept as delivered; versions are
/// derived at refresh. Codes are known to later files of the same run once this file's
/// rows are in the warehouse (`LoadContext.knownSchools()`).
final class SchoolRegister: FeedRows {
    let feed = Feed.skolenheter
    private let context: LoadContext
    private var fileID = 0
    private let schema = SourceSchema.named(.skolenheter)
    private lazy var c = (code: schema.column("skolenhetskod")!, name: schema.column("skolnamn")!,
                          district: schema.column("stadsdel")!, organiser: schema.column("huvudman")!,
                          span: schema.column("arskurser")!, index: schema.column("socioekonomiskt_index")!,
                          from: schema.column("giltig_from")!)

    init(context: LoadContext) { self.context = context }

    func begin(fileID: Int, validator: RowValidator, reader: CSVReader, hasRecord: Bool) throws {
        self.fileID = fileID
    }

    var extraCheck: ((Int, String, String) -> RowReject?)? { nil }

    func insert(_ v: [FieldValue], line: Int) throws {
        let code = v[c.code].text!
        try context.db.statement("""
            insert into school_register_rows (file_id, line_number, school_unit_code, school_name, district,
              organiser, grade_span, socioeconomic_index, valid_from_given, run_date)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(fileID, line, code, v[c.name].text!, v[c.district].text, v[c.organiser].text,
                         v[c.span].text, v[c.index].decimal, v[c.from].date?.description,
                         context.runDate.description)
    }

    /// School names and versions show in every term: a register change refreshes everything.
    func recordTouched(fileID: Int) throws {
        try context.flagRefresh("refresh_full")
    }

    func removeRows(fileID: Int) throws {
        try context.db.run("delete from school_register_rows where file_id = ?", fileID)
    }
}
