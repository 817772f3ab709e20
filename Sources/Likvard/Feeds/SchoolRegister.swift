/// Feed `skolenheter`: the school unit register. Rows are kept as delivered; versions are
/// derived at refresh (`schemas/derived/020_school_versions.sql`). Its codes are known to
/// the later files of a run once its rows are in the warehouse.
struct SchoolRegister: FeedParser {
    let feed = Feed.skolenheter
    private let c = SchemaColumns(.skolenheter)

    func record(_ v: [FieldValue], extras: [String], line: Int) -> FeedRecord {
        .school(SchoolRegisterRow(
            line: line, code: v[c["skolenhetskod"]].text!, name: v[c["skolnamn"]].text!,
            district: v[c["stadsdel"]].text, organiser: v[c["huvudman"]].text, gradeSpan: v[c["arskurser"]].text,
            socioeconomicIndex: v[c["socioekonomiskt_index"]].decimal, validFrom: v[c["giltig_from"]].date))
    }
}

/// One row of the school unit register.
struct SchoolRegisterRow: Sendable {
    let line: Int
    let code: String
    let name: String
    let district: String?
    let organiser: String?
    let gradeSpan: String?
    let socioeconomicIndex: Double?
    /// `giltig_from` as delivered (nil when empty: the refresh decides).
    let validFrom: CivilDate?
}
