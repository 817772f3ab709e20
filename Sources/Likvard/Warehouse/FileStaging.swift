import LikvardSQL

/// One file's records on their way into the core tables, inside the file's transaction
/// and a savepoint of its own: a file read again (as Windows-1252) or quarantined after
/// all is undone without touching the rest of the run.
///
/// Grade rows go into the grade store one row per pupil identifier, school and term
/// (`PupilTermGrades`): an identifier's consecutive rows are folded in memory as they go by,
/// and written 32 rows to a statement. An identifier met again after other rows (an export
/// not ordered pupil by pupil) is merged into its stored row by the same `max` (an upsert),
/// so every export shape gives the same store.
final class FileStaging {
    private let warehouse: Warehouse
    private var db: Database { warehouse.db }
    let feed: Feed
    let fileID: Int
    /// The run's date: a later register version without `giltig_from` is valid from it.
    private let runDate: CivilDate
    /// The identifier whose rows are being folded, and its grades so far.
    private var current: (key: StoreKey, grades: PupilTermGrades)?
    private var pendingRows: [(key: StoreKey, grades: PupilTermGrades)] = []
    private static let storeBatch = 32
    private var insertRow: Statement?
    private var insertRows: Statement?
    /// The (school, term) partitions of the file's grade rows, gathered as they go by (a
    /// few hundred; reading them back from the store would cost a pass over it).
    private var partitions: Set<GradePartition> = []

    init(warehouse: Warehouse, feed: Feed, fileID: Int, runDate: CivilDate) throws {
        self.warehouse = warehouse
        self.feed = feed
        self.fileID = fileID
        self.runDate = runDate
        try db.execute("savepoint file_rows")
    }

    /// Undoes every row staged so far (and the identity keys cached meanwhile).
    func rollback() throws {
        try db.execute("rollback to file_rows")
        current = nil
        pendingRows.removeAll(keepingCapacity: true)
        partitions.removeAll()
        warehouse.identities?.forget()
    }

    /// Keeps what was staged, within the file's transaction.
    func release() throws { try db.execute("release file_rows") }

    func add(_ record: FeedRecord) throws {
        switch record {
        case .grade(let r):
            let key = StoreKey(term: r.term.code, school: r.school, identity: try warehouse.identityKey(r.pupil))
            if let open = current, open.key != key { try hold(open) }
            if current == nil { current = (key, PupilTermGrades()) }
            current!.grades.add(subject: r.subject, grade: r.grade, gradeYear: r.gradeYear, date: r.date, line: r.line)
        case .school(let r):
            try db.statement("""
                insert into school_register_rows (file_id, line_number, school_unit_code, school_name, district,
                  organiser, grade_span, socioeconomic_index, valid_from_given, run_date)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(fileID, r.line, r.code, r.name, r.district, r.organiser, r.gradeSpan, r.socioeconomicIndex,
                             r.validFrom?.description, runDate.description)
        case .registration(let r):
            try db.statement("""
                insert into newcomer_registrations (file_id, line_number, registration_date, school_unit_code,
                  pnr_identity, temp_identity, school_start_sweden, arrival_date, need_group, mapping_completed,
                  mother_tongue)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(fileID, r.line, r.registered.description, r.school, try r.personnummer.map(warehouse.identityKey),
                             try r.temporaryID.map(warehouse.identityKey), r.schoolStart.description, r.arrival?.description,
                             r.needGroup, r.mappingCompleted?.description, nil as String?)   // modersmal: never stored
        case .officialResult(let r):
            try db.statement("""
                insert into official_statistics_rows (file_id, line_number, school_year, school_unit_code, school_name,
                  municipality_code, organiser, n_pupils, share_all_subjects_passed, share_eligible_vocational,
                  eligible_vocational_nearly_all, mean_merit_value, suppressed)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(fileID, r.line, r.schoolYear, r.code, r.name, r.municipalityCode, r.organiser, r.pupils,
                             r.shareAllSubjectsPassed, r.shareEligibleVocational, r.eligibleVocationalNearlyAll,
                             r.meanMeritValue, r.suppressed)
        case .activity(let r):
            try db.statement("""
                insert into activity_rows (file_id, line_number, activity_id, school_unit_code, kind, focus_area, start_term,
                  end_term, cost_kr, description)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(fileID, r.line, r.activityID, r.school, r.kind, r.focusArea, r.startTerm.code, r.endTerm?.code,
                             r.costKr, r.description)
        case .resource(let r):
            try db.statement("""
                insert into resource_rows (file_id, line_number, school_unit_code, school_year, n_pupils_allocated,
                  socioeconomic_supplement_kr, nyanlandpeng_kr)
                values (?, ?, ?, ?, ?, ?, ?)
                """).execute(fileID, r.line, r.school, r.schoolYear, r.pupils, r.socioeconomicSupplementKr, r.newcomerAllocationKr)
        case .target(let r):
            try db.statement("""
                insert into target_rows (file_id, line_number, target_id, scope, school_unit_code, focus_area, measure, population,
                  grade_year, survey, survey_focus_area, baseline_term, target_term, target_value, description)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(fileID, r.line, r.targetID, r.scope, r.school, r.focusArea, r.measure, r.population, r.gradeYear,
                             r.survey, r.surveyFocusArea, r.baselineTerm.code, r.targetTerm.code, r.targetValue, r.description)
        case .surveyResponse(let r):
            let responseKey = warehouse.responseKey(r.responseID)   // one HMAC per response
            try db.statement("""
                insert into survey_responses (survey, response_id, file_id, line_number, school_unit_code, submitted_on, role, level)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(r.survey, responseKey, fileID, r.line, r.school, r.submittedOn.description, r.role, r.level)
            let answer = try db.statement("""
                insert into survey_answers (survey, response_id, file_id, line_number, question_id, value) values (?, ?, ?, ?, ?, ?)
                """)
            for a in r.answers { try answer.execute(r.survey, responseKey, fileID, r.line, a.question, a.value) }
        }
    }

    /// Writes the rows still held back. Called once after the last record.
    func finish() throws {
        if let open = current { try hold(open) }
        try writePending()
    }

    /// Queues a finished identifier's row; a full batch is written.
    private func hold(_ row: (key: StoreKey, grades: PupilTermGrades)) throws {
        partitions.insert(GradePartition(school: row.key.school, term: row.key.term))
        pendingRows.append(row)
        current = nil
        if pendingRows.count == Self.storeBatch { try writePending() }
    }

    private func writePending() throws {
        if pendingRows.count == Self.storeBatch {
            insertRows = try insertRows ?? storeInsert(rows: Self.storeBatch)
            try write(pendingRows[...], with: insertRows!)
        } else {
            insertRow = try insertRow ?? storeInsert(rows: 1)
            for i in pendingRows.indices { try write(pendingRows[i...i], with: insertRow!) }
        }
        pendingRows.removeAll(keepingCapacity: true)
    }

    /// An upsert: an identifier met again in the same file (its rows apart) is merged into
    /// its row by the later grade per subject, as the refresh merges a linked temporary id.
    private func storeInsert(rows: Int) throws -> Statement {
        let subjects = Subject.ordered.map { $0.lowercased() }
        let placeholders = "(" + Array(repeating: "?", count: 5 + subjects.count).joined(separator: ", ") + ")"
        return try db.statement("""
            insert into pupil_term_grades (file_id, term, school_unit_code, identity_key, latest, \(subjects.joined(separator: ", ")))
            values \(Array(repeating: placeholders, count: rows).joined(separator: ", "))
            on conflict (file_id, term, school_unit_code, identity_key) do update set
              latest = max(latest, excluded.latest),
              \(subjects.map { "\($0) = nullif(max(coalesce(\($0), 0), coalesce(excluded.\($0), 0)), 0)" }.joined(separator: ",\n  "))
            """)
    }

    private func write(_ rows: ArraySlice<(key: StoreKey, grades: PupilTermGrades)>, with insert: Statement) throws {
        insert.reset()
        let width = 5 + Subject.ordered.count
        for (i, (key, grades)) in rows.enumerated() {
            let base = Int32(i * width)
            try insert.bind(fileID, at: base + 1)
            try insert.bind(key.term, at: base + 2)
            try insert.bind(key.school, at: base + 3)
            try insert.bind(key.identity, at: base + 4)
            try insert.bind(grades.latest, at: base + 5)
            for (j, cell) in grades.cells.enumerated() {
                try insert.bind(cell == 0 ? nil : cell, at: base + 6 + Int32(j))
            }
        }
        try insert.run()
    }

    /// Removes every row this file staged (it was quarantined after all).
    func removeRows() throws {
        switch feed {
        case .skolenheter: try db.run("delete from school_register_rows where file_id = ?", fileID)
        case .nyanlanda: try db.run("delete from newcomer_registrations where file_id = ?", fileID)
        case .betyg: try db.run("delete from pupil_term_grades where file_id = ?", fileID)
        case .skolverket: try db.run("delete from official_statistics_rows where file_id = ?", fileID)
        case .insatser: try db.run("delete from activity_rows where file_id = ?", fileID)
        case .resurser: try db.run("delete from resource_rows where file_id = ?", fileID)
        case .mal: try db.run("delete from target_rows where file_id = ?", fileID)
        case .enkater:
            try db.run("delete from survey_answers where file_id = ?", fileID)
            try db.run("delete from survey_responses where file_id = ?", fileID)
        }
    }

    /// Records what the loaded file touched, for the next (incremental) refresh.
    func recordTouched() throws {
        switch feed {
        case .skolenheter:
            // School names and versions show in every term: a register change refreshes everything.
            try warehouse.flagRefresh(.full)
        case .nyanlanda:
            // The identities registered: their pupils' status and links may change in every term.
            try db.run("""
                insert or ignore into refresh_dirty_identities
                select pnr_identity from newcomer_registrations where file_id = ?1 and pnr_identity is not null
                union select temp_identity from newcomer_registrations where file_id = ?1 and temp_identity is not null
                """, fileID)
        case .betyg:
            // The file's (school, term) partitions: what it replaces, and what to recompute.
            let insert = try db.statement("insert or ignore into grade_file_partitions (file_id, school_unit_code, term) values (?, ?, ?)")
            for p in partitions { try insert.execute(fileID, p.school, p.term) }
            try db.run("insert or ignore into refresh_dirty_partitions select school_unit_code, term from grade_file_partitions where file_id = ?", fileID)
        case .enkater:
            // The next refresh recomputes the follow-up of the terms this file's responses touch.
            try warehouse.recordSurveyFile(fileID)
        case .skolverket, .insatser, .resurser, .mal:
            // The official models (095) and the follow-up models (110–140) are small and
            // recomputed whole by every refresh: a few thousand rows at most.
            break
        }
    }
}

/// A row of the grade store within one file: its (term, school, pupil identifier).
private struct StoreKey: Equatable {
    let term: String
    let school: String
    let identity: Int
}

/// A (school, term) partition of the grades: what a grade file replaces, and what the
/// next refresh recomputes.
private struct GradePartition: Hashable {
    let school: String
    let term: String
}
