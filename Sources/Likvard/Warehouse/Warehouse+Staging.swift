import Foundation
import LikvardSQL

/// What the loads ask of the warehouse besides their rows (`FileStaging`): the register's
/// schools, survey definitions, identity keys and the flags the next refresh reads.
extension Warehouse {
    /// A refresh flag in `warehouse_meta`.
    enum RefreshFlag: String {
        /// Something loaded: the next run refreshes.
        case pending = "refresh_pending"
        /// Something changed that every partition depends on: the next refresh is full.
        case full = "refresh_full"
    }

    /// Starts staging one file's records (a savepoint inside the file's transaction).
    func staging(_ feed: Feed, fileID: Int, runDate: CivilDate) throws -> FileStaging {
        try FileStaging(warehouse: self, feed: feed, fileID: fileID, runDate: runDate)
    }

    /// The identity_key of a pupil identifier (recorded, pseudonymised, the first time).
    func identityKey(_ id: PupilIdentifier) throws -> Int {
        guard let identities else { fatalError("identity keys before prepare(key:): a bug") }
        return try identities.key(of: id)
    }

    /// A survey response's id as stored: a keyed hash of `svar_id` (survey tools often put a
    /// personnummer there). Equal ids stay equal, so a re-delivered response still replaces.
    func responseKey(_ responseID: String) -> String {
        guard let key else { fatalError("response keys before prepare(key:): a bug") }
        return key.pupilID("survey response " + responseID)
    }

    /// Response ids stored before they were pseudonymised (a warehouse older than migration
    /// 007): replaced by their keyed hash, with secure_delete.
    func pseudonymiseRecordedResponseIDs() throws {
        guard try meta("response_ids_keyed") != "1" else { return }
        try db.execute("pragma secure_delete = on")
        defer { try? db.execute("pragma secure_delete = off") }
        try db.inTransaction {
            let ids = try db.rows("select distinct response_id from survey_responses").compactMap { $0[0].string }
            let responses = try db.statement("update survey_responses set response_id = ?1 where response_id = ?2")
            let answers = try db.statement("update survey_answers set response_id = ?1 where response_id = ?2")
            for id in ids {
                try responses.execute(responseKey(id), id)
                try answers.execute(responseKey(id), id)
            }
            try setMeta("response_ids_keyed", "1")
        }
    }

    /// Frees the identity cache when the loads are done, so the refresh does not run beside it.
    func releaseCaches() { identities?.forget() }

    func flagRefresh(_ flag: RefreshFlag) throws {
        try db.run("insert into warehouse_meta (key, value) values (?, '1') on conflict (key) do update set value = '1'", flag.rawValue)
    }

    /// Records a loaded survey file (responses or a definition) for the next refresh.
    func recordSurveyFile(_ fileID: Int) throws {
        try db.run("insert or ignore into refresh_dirty_survey_files (file_id) values (?)", fileID)
    }

    /// School unit codes of the register, for `unknown_school`: read from the warehouse
    /// for each file, so a register file rolled back for any reason (corrupt gzip, changed
    /// while read, quarantined) leaves no school behind that the warehouse does not hold.
    func knownSchools() throws -> Set<String> {
        Set(try db.rows("select distinct school_unit_code from school_register_rows").compactMap { $0[0].string })
    }

    /// Stores a survey definition; it is the survey's current one from now on.
    func store(_ definition: SurveyDefinition, fileID: Int) throws {
        let words = String(decoding: try JSONSerialization.data(withJSONObject: definition.dontKnow), as: UTF8.self)
        // The title and the questions' texts are free text: masked like every other.
        try db.run("insert into survey_definitions (survey, file_id, title, scale_min, scale_max, dont_know) values (?, ?, ?, ?, ?, ?)",
                   definition.survey, fileID, definition.title.map(IdentifierMask.mask), definition.scaleMin, definition.scaleMax, words)
        for q in definition.questions {
            try db.run(
                "insert into survey_questions (survey, file_id, question_id, text, focus_area, reversed, delomrade) values (?, ?, ?, ?, ?, ?, ?)",
                definition.survey, fileID, q.id, q.text.map(IdentifierMask.mask), q.focusArea, q.reversed, q.delomrade)
        }
        // A new definition rescores every answer of its survey at the next refresh.
        try recordSurveyFile(fileID)
    }

    /// The current (latest processed) definition of `survey`, if any.
    func currentDefinition(of survey: String) throws -> SurveyDefinition? {
        guard let row = try db.rows("""
            select file_id, title, scale_min, scale_max, dont_know from survey_definitions
            where survey = ? order by file_id desc limit 1
            """, survey).first, let fileID = row[0].int else { return nil }
        let words = (try? JSONSerialization.jsonObject(with: Data((row[4].string ?? "[]").utf8))) as? [String] ?? []
        let questions = try db.rows("select question_id, text, focus_area, reversed from survey_questions where survey = ? and file_id = ?",
                                    survey, fileID).map {
            SurveyDefinition.Question(id: $0[0].string!, text: $0[1].string, focusArea: $0[2].string!, reversed: $0[3].int == 1)
        }
        return SurveyDefinition(survey: survey, title: row[1].string, scaleMin: row[2].int!, scaleMax: row[3].int!,
                                dontKnow: words, questions: questions)
    }

    /// Runs `body` in one transaction: committed whole, or rolled back on any error.
    func inTransaction<T>(_ body: () throws -> T) throws -> T { try db.inTransaction(body) }
}
