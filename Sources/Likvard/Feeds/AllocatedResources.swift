/// Feed `resurser`: what the administration allocated to each school for a school year —
/// the pupils it counted, the socio-economic supplement and the newcomer allocation. A
/// later row for the same (school, school year) replaces the earlier one at refresh.
struct AllocatedResources: FeedParser {
    let feed = Feed.resurser
    private let c = SchemaColumns(.resurser)

    func record(_ v: [FieldValue], extras: [String], line: Int) -> FeedRecord {
        .resource(AllocatedResource(
            line: line, school: v[c["skolenhetskod"]].text!, schoolYear: v[c["lasar"]].text!,
            pupils: v[c["antal_elever"]].integer!, socioeconomicSupplementKr: v[c["socioekonomiskt_tillagg_kr"]].integer!,
            newcomerAllocationKr: v[c["nyanlandpeng_kr"]].integer!))
    }
}

/// One school's allocation for one school year.
struct AllocatedResource: Sendable {
    let line: Int
    let school: String
    /// `2023/24`.
    let schoolYear: String
    let pupils: Int
    let socioeconomicSupplementKr: Int
    let newcomerAllocationKr: Int
}
