/// Row-level reason codes: a rejected row gets exactly one, the first problem found in
/// the contract's order (malformed, then column by column in header order, then duplicate).
public enum RejectReason: String, Sendable, CaseIterable {
    case malformedRow = "malformed_row"
    case missingValue = "missing_value"
    case invalidPersonnummer = "invalid_personnummer"
    case invalidSchool = "invalid_school"
    case unknownSchool = "unknown_school"
    case invalidGradeYear = "invalid_grade_year"
    case invalidTerm = "invalid_term"
    case invalidSubject = "invalid_subject"
    case invalidGrade = "invalid_grade"
    case invalidDate = "invalid_date"
    case invalidValue = "invalid_value"
    case duplicateRow = "duplicate_row"
}

/// File-level reason codes: the file is quarantined whole.
public enum QuarantineReason: String, Sendable, CaseIterable {
    case corruptGzip = "corrupt_gzip"
    case missingColumn = "missing_column"
    case duplicateColumn = "duplicate_column"
    case tooManyRejects = "too_many_rejects"
    case emptyFile = "empty_file"
    case unreadableFile = "unreadable_file"
    case invalidDefinition = "invalid_definition"
    case unknownSurvey = "unknown_survey"
    case unknownQuestion = "unknown_question"
    /// A Skolverket file without its `Valt läsår: YYYY/YY` line.
    case unknownSchoolYear = "unknown_school_year"

    /// Structural problems: no row can be trusted, so `--accept-rejects` cannot apply.
    public var isStructural: Bool { self != .tooManyRejects }
}

/// One rejected row, before it is written to `etl_rejects`.
public struct RowReject: Error, Sendable {
    public let reason: RejectReason
    public let column: String?
    public let message: String

    public init(_ reason: RejectReason, column: String?, _ message: String) {
        self.reason = reason
        self.column = column
        self.message = message
    }

    /// The message of a `duplicate_row` whose text repeats an earlier record's.
    public static let repeatedRecord = "the same record as an earlier line of this file"
}

/// A whole file refused.
public struct FileQuarantine: Error, Sendable {
    public let reason: QuarantineReason
    public let message: String

    public init(_ reason: QuarantineReason, _ message: String) {
        self.reason = reason
        self.message = message
    }
}
