/// A grade on the current scale (A–F) or `-` (no basis for grading). The old scale
/// (IG G VG MVG) is not accepted. Points, passes and merit value: `PupilGrades` (summed at
/// load) and `schemas/derived/040_grades.sql` (what a summary cannot stand for).
public enum Grade: String, Sendable, CaseIterable {
    case a = "A", b = "B", c = "C", d = "D", e = "E", f = "F"
    case noBasis = "-"

    public init?(code: String) { self.init(rawValue: code.uppercased()) }
}

/// The subject codes of the grade export (case-insensitive).
public enum Subject {
    public static let codes: Set<String> = [
        "BL", "BI", "EN", "FY", "GE", "HKK", "HI", "IDH", "KE", "MA", "M1", "M2", "ML",
        "MU", "RE", "SH", "SL", "SV", "SVA", "TK", "TN",
    ]

    /// The codes in the contract's order: the positions of a pupil's grade string
    /// (`PupilGrades.subjectGrades`, `schemas/derived/045_subject_results.sql`).
    public static let ordered = ["BL", "BI", "EN", "FY", "GE", "HKK", "HI", "IDH", "KE", "MA", "M1", "M2", "ML",
                                 "MU", "RE", "SH", "SL", "SV", "SVA", "TK", "TN"]

    /// The canonical (upper-case) code, or nil when not a subject.
    public static func code(_ text: String) -> String? {
        let upper = text.uppercased()
        return codes.contains(upper) ? upper : nil
    }
}
