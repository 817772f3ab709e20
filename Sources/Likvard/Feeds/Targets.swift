/// Feed `mal`: the three-year targets (*målbilder*) of the focus areas' plans, for the city
/// or one school. A later row with the same `mal_id` replaces the earlier one at refresh.
/// Beyond each column's own form, a row must hang together: a school for a school's target
/// and none for the city's, a target term after the baseline and of its season, a survey and
/// focus area for the survey measure.
struct Targets: FeedParser {
    let feed = Feed.mal
    private let c = SchemaColumns(.mal)

    func rowCheck(_ v: [FieldValue]) -> RowReject? {
        let scope = v[c["omfattning"]].text!
        if scope == "skola" && v[c["skolenhetskod"]].text == nil {
            return RowReject(.missingValue, column: "skolenhetskod", "skolenhetskod is empty; a target of omfattning skola names its school")
        }
        if scope == "stad", let code = v[c["skolenhetskod"]].text {
            return RowReject(.invalidValue, column: "skolenhetskod", "skolenhetskod '\(code)' is given for a target of omfattning stad; leave it empty")
        }
        if v[c["matt"]].text == "survey_mean_score" {
            for column in ["survey", "focus_area"] where v[c[column]].text == nil {
                return RowReject(.missingValue, column: column, "\(column) is empty; the measure survey_mean_score needs it")
            }
        }
        let baseline = v[c["utgangslage_termin"]].term!, target = v[c["maltermin"]].term!
        if target.season != baseline.season {
            return RowReject(.invalidValue, column: "maltermin",
                             "maltermin '\(target)' is of another season than utgangslage_termin '\(baseline)'; progress compares like terms")
        }
        if target <= baseline {
            return RowReject(.invalidValue, column: "maltermin", "maltermin '\(target)' is not after utgangslage_termin '\(baseline)'")
        }
        return nil
    }

    func record(_ v: [FieldValue], extras: [String], line: Int) -> FeedRecord {
        .target(Target(
            line: line, targetID: v[c["mal_id"]].text!, scope: v[c["omfattning"]].text!, school: v[c["skolenhetskod"]].text,
            focusArea: v[c["fokusomrade"]].text, measure: v[c["matt"]].text!, population: v[c["population"]].text ?? "all",
            gradeYear: v[c["arskurs"]].integer ?? 9, survey: v[c["survey"]].text, surveyFocusArea: v[c["focus_area"]].text,
            baselineTerm: v[c["utgangslage_termin"]].term!, targetTerm: v[c["maltermin"]].term!,
            targetValue: v[c["malvarde"]].decimal!, description: v[c["beskrivning"]].text))
    }
}

/// One target (*mål*).
struct Target: Sendable {
    let line: Int
    let targetID: String
    /// `stad` or `skola`.
    let scope: String
    let school: String?
    let focusArea: String?
    /// `mean_merit_value`, `share_eligible_vocational`, `share_all_subjects_passed`,
    /// `gap_p90_p10` or `survey_mean_score`.
    let measure: String
    let population: String
    let gradeYear: Int
    let survey: String?
    let surveyFocusArea: String?
    let baselineTerm: Term
    let targetTerm: Term
    let targetValue: Double
    /// Masked free text, for the steward only.
    let description: String?
}
