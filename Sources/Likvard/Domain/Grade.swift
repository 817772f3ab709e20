/// A grade on the current scale (A–F) or `-` (no basis for grading). The old scale
/// (IG G VG MVG) is not accepted. Points, passes and merit value are derived once, in
/// `schemas/derived/040_grades.sql`, from the grade store (`PupilTermGrades`).
public enum Grade: String, Sendable, CaseIterable {
    case a = "A", b = "B", c = "C", d = "D", e = "E", f = "F"
    case noBasis = "-"

    public init?(code: String) { self.init(rawValue: code.uppercased()) }

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

    /// 1 A … 6 F, 7 `-`: the grade's part of a `GradeCell` (`instr('ABCDEF-', grade)` in SQL).
    var code: Int {
        switch self {
        case .a: 1
        case .b: 2
        case .c: 3
        case .d: 4
        case .e: 5
        case .f: 6
        case .noBasis: 7
        }
    }
}

/// The subject codes of the grade export (case-insensitive).
public enum Subject {
    public static let codes: Set<String> = Set(ordered)

    /// The codes in the contract's order: the grade store's columns
    /// (`017_pupil_term_grades.sql`) and the positions of a pupil's grade string
    /// (`040_grades.sql`, `045_subject_results.sql`).
    public static let ordered = ["BL", "BI", "EN", "FY", "GE", "HKK", "HI", "IDH", "KE", "MA", "M1", "M2", "ML",
                                 "MU", "RE", "SH", "SL", "SV", "SVA", "TK", "TN"]

    static let position = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1, $0) })

    /// The canonical (upper-case) code, or nil when not a subject.
    public static func code(_ text: String) -> String? {
        let upper = text.uppercased()
        return codes.contains(upper) ? upper : nil
    }
}
