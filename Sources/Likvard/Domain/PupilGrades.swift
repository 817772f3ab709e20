/// One pupil identifier's grades at one school in one term, as one grade file gives them,
/// and what the contract derives from them (docs/views.md, "Merit value", "Passed",
/// "Eligible"; docs/feeds.md, feed `betyg`).
///
/// Why here and not only in SQL: the load has each grade row in hand, in the file's order,
/// where a pupil's rows come together. Summing them there costs a few nanoseconds a row;
/// the refresh used to group every grade row through SQLite's sorter (docs/performance.md).
/// The refresh keeps the same rule in SQL (`040_grades.sql`) for what a summary cannot
/// stand for — a pupil with rows under two linked identifiers, a pupil whose rows are not
/// together in the file, files loaded before summaries existed — and a test holds the two
/// equal on random cities.
struct PupilGrades {
    /// The grade in force per subject: the row with the later betygsdatum, ties the later
    /// line. Few subjects a pupil: a short array, searched linearly.
    private var inForce: [(subject: String, recency: Int, grade: Grade, gradeYear: Int)] = []

    init() { inForce.reserveCapacity(24) }

    var isEmpty: Bool { inForce.isEmpty }

    /// Adds one grade row. `recency` orders the rows: betygsdatum, then line.
    mutating func add(subject: String, grade: Grade, gradeYear: Int, recency: Int) {
        if let i = inForce.firstIndex(where: { $0.subject == subject }) {
            if recency > inForce[i].recency { inForce[i] = (subject, recency, grade, gradeYear) }
        } else {
            inForce.append((subject, recency, grade, gradeYear))
        }
    }

    /// The recency of a row: betygsdatum (YYYYMMDD) × 10⁹ + line, as `040_grades.sql` orders them.
    static func recency(date: CivilDate, line: Int) -> Int { date.compactInteger * 1_000_000_000 + line }

    mutating func removeAll() { inForce.removeAll(keepingCapacity: true) }

    /// The grade in force of each subject the pupil has.
    var gradesInForce: [(subject: String, grade: Grade)] { inForce.map { ($0.subject, $0.grade) } }

    /// The grades in force as one letter a subject, in `Subject.ordered`'s order, a space
    /// where the pupil has none: what results per subject are counted from.
    var subjectGrades: String {
        var letters = [Character](repeating: " ", count: Subject.ordered.count)
        for g in inForce {
            if let i = Subject.ordered.firstIndex(of: g.subject) { letters[i] = Character(g.grade.rawValue) }
        }
        return String(letters)
    }

    var summary: Summary {
        var s = Summary()
        var latest = Int.min
        var candidates: [Double] = []
        var swedish: Double?   // the higher of SV and SVA
        for g in inForce {
            let points = g.grade.points
            let passed = points > 0
            if g.recency > latest { latest = g.recency; s.gradeYear = g.gradeYear }
            s.grades += 1
            if passed { s.passed += 1 }
            switch g.subject {
            case "SV", "SVA":
                swedish = max(swedish ?? points, points)
                if passed { s.passedSwedish = true }
            case "M2":
                s.meritValue += points
                if passed { s.passedOthers += 1 }
            default:
                candidates.append(points)
                if g.subject == "EN" { if passed { s.passedEnglish = true } }
                else if g.subject == "MA" { if passed { s.passedMaths = true } }
                else if passed { s.passedOthers += 1 }
            }
        }
        if let swedish { candidates.append(swedish) }
        if candidates.count > 16 { candidates.sort(by: >) }
        s.meritValue += candidates.prefix(16).reduce(0, +)
        return s
    }

    /// What `pupil_grade_summaries` keeps per (file, term, school, identifier).
    struct Summary: Equatable {
        /// Of the latest row (betygsdatum, then line).
        var gradeYear = 0
        var grades = 0
        var passed = 0
        var meritValue = 0.0
        var passedSwedish = false
        var passedEnglish = false
        var passedMaths = false
        /// Passed subjects other than SV, SVA, EN and MA (M1, M2 and ML count).
        var passedOthers = 0
    }
}

extension Grade {
    /// Grade points: A 20, B 17.5, C 15, D 12.5, E 10, F 0, `-` 0. The one statement of
    /// them: the refresh writes them into `grade_points` for the SQL models.
    var points: Double {
        switch self {
        case .a: 20
        case .b: 17.5
        case .c: 15
        case .d: 12.5
        case .e: 10
        case .f, .noBasis: 0
        }
    }
}
