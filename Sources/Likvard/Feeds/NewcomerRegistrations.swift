import LikvardIO
import LikvardSQL

/// Feed `nyanlanda`: newcomer registrations. A row with both a temporary id and a
/// personnummer links the two; the link is resolved at refresh, so it applies to grades
/// filed under the temporary id whether they arrived before or after it.
final class NewcomerRegistrations: FeedRows {
    let feed = Feed.nyanlanda
    private let context: LoadContext
    private var fileID = 0
    private let schema = SourceSchema.named(.nyanlanda)
    private lazy var c = (date: schema.column("registreringsdatum")!, school: schema.column("skolenhetskod")!,
                          pnr: schema.column("personnummer")!, temp: schema.column("tillfalligt_id")!,
                          start: schema.column("skolstart_sverige")!, arrival: schema.column("ankomstdatum")!,
                          group: schema.column("behovsgrupp")!, mapping: schema.column("kartlaggning_klar")!,
                          tongue: schema.column("modersmal")!)

    init(context: LoadContext) { self.context = context }

    func begin(fileID: Int, validator: RowValidator, reader: CSVReader, hasRecord: Bool) throws {
        self.fileID = fileID
    }

    var extraCheck: ((Int, String, String) -> RowReject?)? { nil }

    func insert(_ v: [FieldValue], line: Int) throws {
        let pnr = try v[c.pnr].pupil.map(context.identity)
        let temp = try v[c.temp].pupil.map(context.identity)
        try context.db.statement("""
            insert into newcomer_registrations (file_id, line_number, registration_date, school_unit_code,
              pnr_identity, temp_identity, school_start_sweden, arrival_date, need_group, mapping_completed,
              mother_tongue)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(fileID, line, v[c.date].date!.description, v[c.school].text!, pnr, temp,
                         v[c.start].date!.description, v[c.arrival].date?.description, v[c.group].integer,
                         v[c.mapping].date?.description, v[c.tongue].text)
    }

    func removeRows(fileID: Int) throws {
        try context.db.run("delete from newcomer_registrations where file_id = ?", fileID)
    }

    /// The identities registered: their pupils' status and links may change in every term.
    func recordTouched(fileID: Int) throws {
        try context.db.run("""
            insert or ignore into refresh_dirty_identities
            select pnr_identity from newcomer_registrations where file_id = ?1 and pnr_identity is not null
            union select temp_identity from newcomer_registrations where file_id = ?1 and temp_identity is not null
            """, fileID)
    }
}
