import LikvardIO

/// What a feed makes of one valid row: a typed record, still carrying the clear-text
/// pupil identifier (the warehouse pseudonymises it as it stages the record) and the line
/// it came from.
enum FeedRecord: Sendable {
    case school(SchoolRegisterRow)
    case registration(NewcomerRegistration)
    case grade(GradeRecord)
    case surveyResponse(SurveyResponse)
    case officialResult(OfficialSchoolResult)
    case activity(Activity)
    case resource(AllocatedResource)
    case target(Target)

    var line: Int {
        switch self {
        case .school(let r): return r.line
        case .registration(let r): return r.line
        case .grade(let r): return r.line
        case .surveyResponse(let r): return r.line
        case .officialResult(let r): return r.line
        case .activity(let r): return r.line
        case .resource(let r): return r.line
        case .target(let r): return r.line
        }
    }
}

/// One feed's parsing of a CSV export: the schema's values of a valid row become its
/// typed record. A parser reads files only — the warehouse stores what it returns — so
/// records may be made on a helper thread while the warehouse inserts (`ValidationThread`).
protocol FeedParser: Sendable {
    var feed: Feed { get }
    /// A check of the feed's own beyond the schema (survey answers against the scale), in
    /// header order: (file field, folded column name, text) → a reject, or nil.
    var extraCheck: (@Sendable (Int, String, String) -> RowReject?)? { get }
    /// Whether `record` needs the texts of the header's extra columns (survey questions).
    var readsExtraColumns: Bool { get }
    /// The record of a row whose `values` (indexed like the schema's columns) passed
    /// validation; `extras` are the extra columns' texts when `readsExtraColumns`.
    func record(_ values: [FieldValue], extras: [String], line: Int) -> FeedRecord
    /// The key a valid row may have only once in a file (a second is `duplicate_row`), or nil.
    func uniqueKey(_ values: [FieldValue]) -> String?
    /// A rule across the columns of a row whose every column passed (an activity's end
    /// before its start), or nil. Checked after the columns, before `duplicate_row`.
    func rowCheck(_ values: [FieldValue]) -> RowReject?
}

extension FeedParser {
    var extraCheck: (@Sendable (Int, String, String) -> RowReject?)? { nil }
    var readsExtraColumns: Bool { false }
    func uniqueKey(_ values: [FieldValue]) -> String? { nil }
    func rowCheck(_ values: [FieldValue]) -> RowReject? { nil }
}

/// The index of each named column in a feed's schema, looked up once.
struct SchemaColumns: Sendable {
    let schema: SourceSchema
    init(_ feed: Feed) { schema = SourceSchema.named(feed) }
    subscript(_ name: String) -> Int {
        guard let index = schema.column(name) else { fatalError("schemas/sources has no column \(name): a build bug") }
        return index
    }
}
