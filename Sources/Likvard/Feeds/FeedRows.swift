import LikvardIO
import LikvardSQL

/// What one feed does with its validated rows. The generic `ExportLoad` reads the file,
/// validates each record against the feed's schema and records rejects; a `FeedRows`
/// turns the good rows into core-table rows.
protocol FeedRows: AnyObject {
    var feed: Feed { get }
    /// Called once after the header, with the first record current (if any). May throw
    /// `FileQuarantine` (surveys: `unknown_survey`, `unknown_question`).
    func begin(fileID: Int, validator: RowValidator, reader: CSVReader, hasRecord: Bool) throws
    /// Extra per-column checks in header order (survey answers), or nil.
    var extraCheck: ((Int, String, String) -> RowReject?)? { get }
    func insert(_ values: [FieldValue], line: Int) throws
    /// True when `insert` needs only its values, not the reader's current record: the
    /// records can then be validated on a helper thread, ahead of the inserts.
    var insertsFromValuesAlone: Bool { get }
    /// Writes rows `insert` may still hold back (a loader may insert in batches). Called
    /// once after the last record, before the file's rows are counted or removed.
    func finish() throws
    /// Removes every row this file inserted (the file was quarantined after all).
    func removeRows(fileID: Int) throws
    /// Records what the loaded file touched, for the next (incremental) refresh.
    func recordTouched(fileID: Int) throws
}

extension FeedRows {
    func finish() throws {}
    var insertsFromValuesAlone: Bool { true }
}

/// Context every feed loader shares within one run.
final class LoadContext {
    let db: Database
    let pseudonymizer: Pseudonymizer
    let runDate: CivilDate
    /// Normalized identifier → identity_key: one HMAC and one lookup per distinct pupil,
    /// not per row. Bounded; cleared when full.
    private var identityKeys: [String: Int] = [:]
    private let identityCacheLimit = 32_768

    init(db: Database, pseudonymizer: Pseudonymizer, runDate: CivilDate) throws {
        self.db = db
        self.pseudonymizer = pseudonymizer
        self.runDate = runDate
    }

    /// School unit codes of the register, for `unknown_school`: read from the warehouse
    /// for each file, so a register file rolled back for any reason (corrupt gzip, changed
    /// while read, quarantined) leaves no school behind that the warehouse does not hold.
    func knownSchools() throws -> Set<String> {
        Set(try db.rows("select distinct school_unit_code from school_register_rows").compactMap { $0[0].string })
    }

    /// The identity_key of `id`'s pseudonym, recorded in `pupil_identities` the first time
    /// it is seen. Only the HMAC ever reaches the warehouse.
    func identity(_ id: PupilIdentifier) throws -> Int {
        if let key = identityKeys[id.normalized] { return key }
        let pseudonym = pseudonymizer.pupilID(id)
        try db.statement("insert or ignore into pupil_identities (identity_id, kind, birth_date, sex) values (?, ?, ?, ?)")
            .execute(pseudonym, id.kind.rawValue, id.birthDate.description, id.sex?.rawValue)
        guard let key = try db.scalar("select identity_key from pupil_identities where identity_id = ?", pseudonym).int else {
            fatalError("pupil_identities lost a row inside the transaction: a bug")
        }
        if identityKeys.count >= identityCacheLimit { identityKeys.removeAll(keepingCapacity: true) }
        identityKeys[id.normalized] = key
        return key
    }

    /// Sets a refresh flag in `warehouse_meta` (`refresh_pending`, `refresh_full`), in the
    /// current transaction.
    func flagRefresh(_ flag: String) throws {
        try db.run("insert into warehouse_meta (key, value) values (?, '1') on conflict (key) do update set value = '1'", flag)
    }

    /// Records a loaded survey file (responses or a definition) for the next refresh.
    func recordSurveyFile(_ fileID: Int) throws {
        try db.run("insert or ignore into refresh_dirty_survey_files (file_id) values (?)", fileID)
    }

    /// Forgets cached keys: after a rollback they may name rows that no longer exist.
    func forgetIdentities() { identityKeys.removeAll(keepingCapacity: true) }

    /// Frees the caches when the loads are done, so the refresh does not run beside them.
    func releaseCaches() { identityKeys = [:] }
}
