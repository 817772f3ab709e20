/// One pupil identifier's grades at one school in one term, as one grade file gives them:
/// a row of the grade store (`pupil_term_grades`), built as the identifier's rows go by.
///
/// It keeps per subject only what the rules need of the rows — the grade in force and its
/// recency — and the grade year of the latest row. Everything derived from them (points,
/// passes, merit value, eligibility) is computed once, in SQL, by `040_grades.sql`.
struct PupilTermGrades {
    /// Per subject in `Subject.ordered`'s order: its `GradeCell`, 0 for none.
    private(set) var cells = [Int](repeating: 0, count: Subject.ordered.count)
    /// The latest row's recency × 10 + its grade year (årskurs 6–9).
    private(set) var latest = 0

    /// Adds one grade row: it is in force in its subject when it is the later row.
    mutating func add(subject: String, grade: Grade, gradeYear: Int, date: CivilDate, line: Int) {
        let recency = GradeCell.recency(date: date, line: line)
        latest = max(latest, recency * 10 + gradeYear)
        if let i = Subject.position[subject] {
            cells[i] = max(cells[i], GradeCell.pack(recency: recency, grade: grade))
        }
    }
}

/// A subject's grade packed with its recency in one integer, so that the later of two
/// grades — the later betygsdatum, ties the later line — is simply the larger: the load
/// folds a pupil's rows with `max`, and so does the refresh when a linked temporary id
/// brings a second row (`040_grades.sql` decodes: `cell % 8`, `cell / 8`).
enum GradeCell {
    /// betygsdatum (YYYYMMDD) × 10⁹ + line: lines are below 10⁹, so the date decides first.
    static func recency(date: CivilDate, line: Int) -> Int { date.compactInteger * 1_000_000_000 + line }

    /// recency × 8 + grade code (1 A … 7 `-`): at most about 1.7 × 10¹⁷, well inside 64 bits.
    static func pack(recency: Int, grade: Grade) -> Int { recency * 8 + grade.code }
}
