/// Feed `nyanlanda`: newcomer registrations. A row with both a temporary id and a
/// personnummer links the two; the link is resolved at refresh, so it applies to grades
/// filed under the temporary id whether they arrived before or after it.
struct NewcomerRegistrations: FeedParser {
    let feed = Feed.nyanlanda
    private let c = SchemaColumns(.nyanlanda)

    func record(_ v: [FieldValue], extras: [String], line: Int) -> FeedRecord {
        .registration(NewcomerRegistration(
            line: line, registered: v[c["registreringsdatum"]].date!, school: v[c["skolenhetskod"]].text!,
            personnummer: v[c["personnummer"]].pupil, temporaryID: v[c["tillfalligt_id"]].pupil,
            schoolStart: v[c["skolstart_sverige"]].date!, arrival: v[c["ankomstdatum"]].date,
            needGroup: v[c["behovsgrupp"]].integer, mappingCompleted: v[c["kartlaggning_klar"]].date))
    }
}

/// One registration at the reception unit (at least one of the two identifiers).
struct NewcomerRegistration: Sendable {
    let line: Int
    let registered: CivilDate
    let school: String
    let personnummer: PupilIdentifier?
    let temporaryID: PupilIdentifier?
    let schoolStart: CivilDate
    let arrival: CivilDate?
    let needGroup: Int?
    let mappingCompleted: CivilDate?
    // modersmal is validated as text but not kept: no rule uses it (data minimisation).
}
