/// Feed `betyg`: grade exports. Every valid row is kept with its file and line; which
/// grade counts (later `betygsdatum`, a newer file replacing a (school, term) partition)
/// is decided at refresh. The teacher signature (`larare`) is validated but never stored.
struct GradeExport: FeedParser {
    let feed = Feed.betyg
    // Column indexes looked up once: `record` runs for every one of millions of rows.
    private let pupil, school, term, gradeYear, subject, grade, date: Int

    init() {
        let c = SchemaColumns(.betyg)
        (pupil, school, term, gradeYear) = (c["personnummer"], c["skolenhetskod"], c["termin"], c["arskurs"])
        (subject, grade, date) = (c["amne"], c["betyg"], c["betygsdatum"])
    }

    func record(_ v: [FieldValue], extras: [String], line: Int) -> FeedRecord {
        .grade(GradeRecord(line: line, pupil: v[pupil].pupil!, school: v[school].text!, term: v[term].term!,
                           gradeYear: v[gradeYear].integer!, subject: v[subject].text!, grade: v[grade].grade!,
                           date: v[date].date!))
    }
}

/// One grade of one pupil.
struct GradeRecord: Sendable {
    let line: Int
    let pupil: PupilIdentifier
    let school: String
    let term: Term
    let gradeYear: Int
    let subject: String
    let grade: Grade
    let date: CivilDate
}
