import LikvardSQL

/// One file's records on their way into the core tables, inside the file's transaction
/// and a savepoint of its own: a file read again (as Windows-1252) or quarantined after
/// all is undone without touching the rest of the run.
///
/// Grade rows are inserted 64 to a statement: one statement execution (and its cursor
/// set-up) per 64 rows instead of per row. Each pupil identifier's consecutive grade rows
/// are summed as they go by (`PupilGrades`) into `pupil_grade_summaries`, so the refresh
/// reads one row per pupil instead of grouping every grade row.
final class FileStaging {
    private let warehouse: Warehouse
    private var db: Database { warehouse.db }
    let feed: Feed
    let fileID: Int
    /// The run's date: a later register version without `giltig_from` is valid from it.
    private let runDate: CivilDate
    private var pendingGrades: [(identity: Int, record: GradeRecord)] = []
    private static let gradeBatch = 64
    private var insertGrade: Statement?
    private var insertGrades: Statement?
    /// The identifier whose rows are being summed, and its grades so far.
    private var summaryKey: (term: String, school: String, identity: Int)?
    private var summary = PupilGrades()
    private var insertSummary: Statement?
    /// The (school, term) partitions of the file's grade rows, gathered as the summaries
    /// are written (a few hundred; reading them back from 2M grade rows took 0.3 s).
    private var partitions: Set<GradePartition> = []
    /// Whether the file's rows come pupil by pupil, so summing them pays. An export sorted
    /// by subject gives one summary per row, each met again later: past `summaryCheckRows`
    /// rows with fewer than `minRowsPerSummary` rows a summary on average, the file is left
    /// unsummarized (the refresh reads its rows, as for a file loaded before summaries).
    /// The summarized pupils' grades in force, counted per (school, term, grade year,
    /// subject, grade): written with the summaries, for results per subject.
    private var tallies: [TallyPartition: [Int]] = [:]
    private var summarizing = true
    private var rowsSummed = 0
    private var summariesWritten = 0
    private static let summaryCheckRows = 4096
    private static let minRowsPerSummary = 3

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
        pendingGrades.removeAll(keepingCapacity: true)
        summaryKey = nil
        summary.removeAll()
        partitions.removeAll()
        tallies.removeAll()
        (summarizing, rowsSummed, summariesWritten) = (true, 0, 0)
        warehouse.identities?.forget()
    }

    /// Keeps what was staged, within the file's transaction.
    func release() throws { try db.execute("release file_rows") }

    func add(_ record: FeedRecord) throws {
        switch record {
        case .grade(let r):
            let identity = try warehouse.identityKey(r.pupil)
            pendingGrades.append((identity, r))
            if pendingGrades.count == Self.gradeBatch { try flushGrades() }
            try sum(r, identity: identity)
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
        try flushGrades()
        guard feed == .betyg else { return }
        if summarizing {
            try writeSummary()
            let insert = try db.statement("""
                insert into subject_grade_tallies (file_id, school_unit_code, term, grade_year, subject,
                  n_a, n_b, n_c, n_d, n_e, n_f, n_dash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (p, counts) in tallies {
                for (i, subject) in Subject.ordered.enumerated() {
                    let n = counts[(i * 7)..<(i * 7 + 7)]   // A B C D E F -, as Grade.allCases
                    guard n.contains(where: { $0 > 0 }) else { continue }
                    try insert.execute(fileID, p.school, p.term, p.gradeYear, subject, n[i * 7], n[i * 7 + 1], n[i * 7 + 2],
                                       n[i * 7 + 3], n[i * 7 + 4], n[i * 7 + 5], n[i * 7 + 6])
                }
            }
            try db.run("insert into summarized_grade_files (file_id) values (?)", fileID)
        } else {
            try db.run("delete from pupil_grade_summaries where file_id = ?", fileID)
        }
    }

    /// Adds a grade row to its identifier's summary; a row of another identifier, school or
    /// term writes the summary so far first.
    private func sum(_ r: GradeRecord, identity: Int) throws {
        guard summarizing else {
            partitions.insert(GradePartition(school: r.school, term: r.term.code))
            return
        }
        rowsSummed += 1
        if let key = summaryKey, key.identity != identity || key.school != r.school || key.term != r.term.code {
            try writeSummary()
        }
        if summaryKey == nil { summaryKey = (r.term.code, r.school, identity) }
        summary.add(subject: r.subject, grade: r.grade, gradeYear: r.gradeYear,
                    recency: PupilGrades.recency(date: r.date, line: r.line))
    }

    /// An identifier met again after other rows (its rows not together in the file) keeps
    /// its first summary, marked `fragmented`: the refresh then reads its rows instead.
    private func writeSummary() throws {
        guard let key = summaryKey, !summary.isEmpty else { return }
        insertSummary = try insertSummary ?? db.statement("""
            insert into pupil_grade_summaries (file_id, term, school_unit_code, identity_key, grade_year, n_grades,
              n_passed, merit_value, passed_swedish, passed_english, passed_maths, passed_others, grades)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (file_id, term, school_unit_code, identity_key) do update set fragmented = 1
            """)
        partitions.insert(GradePartition(school: key.school, term: key.term))
        let s = summary.summary
        let cell = TallyPartition(school: key.school, term: key.term, gradeYear: s.gradeYear)
        var counts = tallies.removeValue(forKey: cell) ?? [Int](repeating: 0, count: Subject.ordered.count * Self.grades.count)
        for (subject, grade) in summary.gradesInForce {
            if let i = Self.subjectIndex[subject], let j = Self.gradeIndex[grade] { counts[i * Self.grades.count + j] += 1 }
        }
        tallies[cell] = counts
        try insertSummary!.execute(fileID, key.term, key.school, key.identity, s.gradeYear, s.grades, s.passed,
                                   s.meritValue, s.passedSwedish, s.passedEnglish, s.passedMaths, s.passedOthers,
                                   summary.subjectGrades)
        summaryKey = nil
        summary.removeAll()
        summariesWritten += 1
        if rowsSummed >= Self.summaryCheckRows && summariesWritten * Self.minRowsPerSummary > rowsSummed {
            summarizing = false
        }
    }

    private func flushGrades() throws {
        if pendingGrades.count == Self.gradeBatch {
            insertGrades = try insertGrades ?? gradeInsert(rows: Self.gradeBatch)
            try write(pendingGrades[...], with: insertGrades!)
        } else {
            insertGrade = try insertGrade ?? gradeInsert(rows: 1)
            for i in pendingGrades.indices { try write(pendingGrades[i...i], with: insertGrade!) }
        }
        pendingGrades.removeAll(keepingCapacity: true)
    }

    private func gradeInsert(rows: Int) throws -> Statement {
        try db.statement("""
            insert into grade_rows (file_id, line_number, identity_key, school_unit_code, term, grade_year, subject, grade, grade_date)
            values \(Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", "))
            """)
    }

    private func write(_ rows: ArraySlice<(identity: Int, record: GradeRecord)>, with insert: Statement) throws {
        insert.reset()
        for (i, (identity, r)) in rows.enumerated() {
            let base = Int32(i * 9)
            try insert.bind(fileID, at: base + 1)
            try insert.bind(r.line, at: base + 2)
            try insert.bind(identity, at: base + 3)
            try insert.bind(r.school, at: base + 4)
            try insert.bind(r.term.code, at: base + 5)
            try insert.bind(r.gradeYear, at: base + 6)
            try insert.bind(r.subject, at: base + 7)
            try insert.bind(r.grade.rawValue, at: base + 8)
            try insert.bind(r.date.compactInteger, at: base + 9)
        }
        try insert.run()
    }

    /// Takes out one staged row again (a repeat found at the end of a long file); only for
    /// a feed that `decidesDuplicatesAtEnd`. Called after `finish()`. The row was already
    /// summed into its identifier's summary: that summary is marked `fragmented`, so the
    /// refresh reads the identifier's rows (without this one) instead of trusting it.
    func removeRow(line: Int) throws {
        precondition(feed.decidesDuplicatesAtEnd && pendingGrades.isEmpty, "a row taken out of a feed that cannot: a bug")
        try db.run("""
            update pupil_grade_summaries set fragmented = 1
            where (file_id, term, school_unit_code, identity_key) in
                  (select file_id, term, school_unit_code, identity_key from grade_rows where file_id = ?1 and line_number = ?2)
            """, fileID, line)
        try db.run("delete from grade_rows where file_id = ? and line_number = ?", fileID, line)
    }

    /// Removes every row this file staged (it was quarantined after all).
    func removeRows() throws {
        switch feed {
        case .skolenheter: try db.run("delete from school_register_rows where file_id = ?", fileID)
        case .nyanlanda: try db.run("delete from newcomer_registrations where file_id = ?", fileID)
        case .betyg:
            try db.run("delete from grade_rows where file_id = ?", fileID)
            try db.run("delete from pupil_grade_summaries where file_id = ?", fileID)
            try db.run("delete from subject_grade_tallies where file_id = ?", fileID)
            try db.run("delete from summarized_grade_files where file_id = ?", fileID)
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

/// The (school, term, pupil's grade year) of a subject tally: its counts are an array of
/// subject × grade, in `Subject.ordered` and `Grade.allCases` order.
private struct TallyPartition: Hashable {
    let school: String
    let term: String
    let gradeYear: Int
}

extension FileStaging {
    static let grades = Grade.allCases
    static let subjectIndex = Dictionary(uniqueKeysWithValues: Subject.ordered.enumerated().map { ($1, $0) })
    static let gradeIndex = Dictionary(uniqueKeysWithValues: Grade.allCases.enumerated().map { ($1, $0) })
}

/// A (school, term) partition of the grades: what a grade file replaces, and what the
/// next refresh recomputes.
private struct GradePartition: Hashable {
    let school: String
    let term: String
}
