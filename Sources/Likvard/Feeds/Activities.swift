/// Feed `insatser`: the administration's activities against the gaps (teacher coaches,
/// analysis support, …), one row per activity at one school. A later row with the same
/// `insats_id` replaces the earlier one at refresh; `beskrivning` is kept masked for the
/// steward and never reaches a view.
struct Activities: FeedParser {
    let feed = Feed.insatser
    private let c = SchemaColumns(.insatser)

    /// "slut_termin: a term not before the start."
    func rowCheck(_ v: [FieldValue]) -> RowReject? {
        guard let start = v[c["start_termin"]].term, let end = v[c["slut_termin"]].term, end < start else { return nil }
        return RowReject(.invalidValue, column: "slut_termin", "slut_termin '\(end)' is before start_termin '\(start)'")
    }

    func record(_ v: [FieldValue], extras: [String], line: Int) -> FeedRecord {
        .activity(Activity(
            line: line, activityID: v[c["insats_id"]].text!, school: v[c["skolenhetskod"]].text!, kind: v[c["insats"]].text!,
            focusArea: v[c["fokusomrade"]].text!, startTerm: v[c["start_termin"]].term!, endTerm: v[c["slut_termin"]].term,
            costKr: v[c["kostnad_kr"]].integer, description: v[c["beskrivning"]].text))
    }
}

/// One activity (*insats*) at one school.
struct Activity: Sendable {
    let line: Int
    let activityID: String
    let school: String
    /// The kind, folded: `lararcoach`, `analysstod`, …
    let kind: String
    let focusArea: String
    let startTerm: Term
    /// nil: ongoing.
    let endTerm: Term?
    let costKr: Int?
    /// Masked free text, for the steward only.
    let description: String?
}
