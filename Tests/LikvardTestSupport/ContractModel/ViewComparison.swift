import Foundation
import LikvardSQL

/// One cell of a view row, typed as the contract types it (docs/views.md, "Types").
public enum Cell: Hashable, Sendable, CustomStringConvertible {
    case null
    case int(Int)
    case real(Double)
    case text(String)

    public var description: String {
        switch self {
        case .null: return "NULL"
        case .int(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let v): return "'\(v)'"
        }
    }

    init(_ value: SQLValue) {
        switch value {
        case .null: self = .null
        case .integer(let v): self = .int(Int(v))
        case .real(let v): self = .real(v)
        case .text(let v): self = .text(v)
        case .blob(let v): self = .text("<blob \(v.count)>")
        }
    }

    static func of(_ v: String?) -> Cell { v.map(Cell.text) ?? .null }
    static func of(_ v: Int?) -> Cell { v.map(Cell.int) ?? .null }
    static func of(_ v: Double?) -> Cell { v.map(Cell.real) ?? .null }
    static func of(_ v: Bool) -> Cell { .int(v ? 1 : 0) }
    static func of(_ v: Bool?) -> Cell { v.map { .int($0 ? 1 : 0) } ?? .null }

    /// Equal, with reals compared to 1e-9 relative: sums taken in another order differ in
    /// the last bits. An INTEGER where the contract says REAL (or the reverse) differs.
    func matches(_ other: Cell) -> Bool {
        switch (self, other) {
        case let (.real(a), .real(b)): return a == b || abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
        default: return self == other
        }
    }
}

/// A view's expected rows, keyed by its grain.
public struct ViewTable: Sendable {
    public let name: String
    public let columns: [String]
    public let key: [String]
    public var rows: [[Cell]]
}

extension ContractModel {
    /// Every analyst view, as the contract says it should read.
    public func views() -> [ViewTable] {
        let pupils = pupilTerms()
        let results = schoolResults(pupils)
        let disparity = self.disparity(results)
        let focus = focusAreas()
        let focusCity = focusAreaCity()
        let city = cityResults(pupils)
        let expected = expectedResults(results)
        let allocations = allocationBasis(pupils)
        let official = officialResults(results)
        return [
            ViewTable(name: "terms", columns: ["term", "school_year", "season", "term_start", "reference_date"], key: ["term"],
                      rows: terms(pupils).map { t in
                          [.text("\(t)"), .text(t.schoolYear), .text(t.season), .text(t.termStart.description),
                           .text(t.referenceDate.description)] }),
            ViewTable(name: "pupil_term_results",
                      columns: ["pupil_id", "school_unit_code", "term", "school_year", "grade_year", "sex", "n_grades", "n_passed",
                                "merit_value", "all_subjects_passed", "eligible_vocational", "eligible_higher_ed", "is_newcomer",
                                "is_newly_immigrated", "unknown_background", "need_group", "years_in_swedish_school"],
                      key: ["pupil_id", "school_unit_code", "term"],
                      rows: pupils.map { p in
                          [.text(pupilID(p.pupil)), .text(p.school), .text("\(p.term)"), .text(p.term.schoolYear), .int(p.gradeYear),
                           .of(p.sex), .int(p.nGrades), .int(p.nPassed), .real(p.meritValue), .of(p.allSubjectsPassed),
                           .of(p.eligibleVocational), .of(p.eligibleHigherEd), .of(p.isNewcomer), .of(p.isNewlyImmigrated),
                           .of(p.unknownBackground), .of(p.needGroup), .of(p.yearsInSwedishSchool)] }),
            ViewTable(name: "results_school_term",
                      columns: ["school_unit_code", "school_name", "district", "term", "grade_year", "population", "sex", "n_pupils",
                                "mean_merit_value", "share_eligible_vocational", "share_eligible_higher_ed",
                                "share_all_subjects_passed", "suppressed"],
                      key: ["school_unit_code", "term", "grade_year", "population", "sex"],
                      rows: results.map { r in
                          [.text(r.school), .of(r.name), .of(r.district), .text("\(r.term)"), .int(r.gradeYear), .text(r.population),
                           .text(r.sex), .int(r.nPupils), .of(r.meanMerit), .of(r.shareVocational), .of(r.shareHigherEd),
                           .of(r.shareAllPassed), .of(r.suppressed)] }),
            ViewTable(name: "newcomer_results",
                      columns: ["term", "grade_year", "need_group", "years_in_swedish_school", "n_pupils", "mean_merit_value",
                                "share_eligible_vocational", "share_all_subjects_passed", "suppressed"],
                      key: ["term", "grade_year", "need_group", "years_in_swedish_school"],
                      rows: newcomerResults(pupils).map { c in
                          [.text("\(c.term)"), .int(c.gradeYear), .of(c.needGroup), .int(c.years), .int(c.nPupils), .of(c.meanMerit),
                           .of(c.shareVocational), .of(c.shareAllPassed), .of(c.suppressed)] }),
            ViewTable(name: "school_disparity",
                      columns: ["term", "grade_year", "population", "n_schools", "n_pupils_in_means", "mean_of_school_means",
                                "min_school_mean", "p10_school_mean", "median_school_mean", "p90_school_mean", "max_school_mean",
                                "gap_p90_p10", "between_school_variance_share", "gap_change_vs_prev_year"],
                      key: ["term", "grade_year", "population"],
                      rows: disparity.map { d in
                          [.text("\(d.term)"), .int(d.gradeYear), .text(d.population), .int(d.nSchools), .int(d.nPupilsInMeans),
                           .real(d.meanOfMeans), .real(d.min), .real(d.p10), .real(d.median), .real(d.p90), .real(d.max),
                           .real(d.gap), .of(d.varianceShare), .of(d.gapChange)] }),
            ViewTable(name: "focus_area_followup",
                      columns: ["school_unit_code", "survey", "term", "focus_area", "role", "n_respondents", "mean_score",
                                "share_dont_know", "suppressed"],
                      key: ["school_unit_code", "survey", "term", "focus_area", "role"],
                      rows: focus.map { f in
                          [.text(f.school), .text(f.survey), .text("\(f.term)"), .text(f.focusArea), .text(f.role),
                           .int(f.nRespondents), .of(f.meanScore), .of(f.shareDontKnow), .of(f.suppressed)] }),
            ViewTable(name: "school_signals",
                      columns: ["school_unit_code", "school_name", "term", "grade_year", "low_merit", "low_eligibility", "declining",
                                "mapping_overdue", "low_survey", "signal_count"],
                      key: ["school_unit_code", "term", "grade_year"],
                      rows: signals(results, disparity, focus).map { s in
                          [.text(s.school), .of(s.name), .text("\(s.term)"), .int(s.gradeYear), .of(s.lowMerit), .of(s.lowEligibility),
                           .of(s.declining), .of(s.mappingOverdue), .of(s.lowSurvey), .int(s.count)] }),
            ViewTable(name: "school_expected_results",
                      columns: ["school_unit_code", "school_name", "term", "grade_year", "population", "n_pupils_in_mean",
                                "mean_merit_value", "socioeconomic_index", "share_newcomers", "share_boys", "expected_merit_value",
                                "residual", "residual_sd", "standardized_residual", "below_expected", "n_schools_in_model",
                                "r_squared"],
                      key: ["school_unit_code", "term", "grade_year", "population"],
                      rows: expected.map { e in
                          [.text(e.school), .of(e.name), .text("\(e.term)"), .int(e.gradeYear), .text(e.population), .int(e.n),
                           .real(e.mean), .real(e.index), .real(e.shareNewcomers), .real(e.shareBoys), .real(e.expected),
                           .real(e.residual), .real(e.residualSD), .of(e.standardized), .of(e.below), .int(e.nSchools),
                           .of(e.rSquared)] }),
            ViewTable(name: "results_city_term",
                      columns: ["term", "grade_year", "population", "sex", "n_pupils", "mean_merit_value",
                                "share_eligible_vocational", "share_eligible_higher_ed", "share_all_subjects_passed", "suppressed"],
                      key: ["term", "grade_year", "population", "sex"],
                      rows: city.map { r in
                          [.text("\(r.term)"), .int(r.gradeYear), .text(r.population), .text(r.sex), .int(r.nPupils), .of(r.meanMerit),
                           .of(r.shareVocational), .of(r.shareHigherEd), .of(r.shareAllPassed), .of(r.suppressed)] }),
            ViewTable(name: "focus_area_city",
                      columns: ["survey", "term", "focus_area", "role", "n_respondents", "mean_score", "share_dont_know", "suppressed"],
                      key: ["survey", "term", "focus_area", "role"],
                      rows: focusCity.map { f in
                          [.text(f.survey), .text("\(f.term)"), .text(f.focusArea), .text(f.role), .int(f.nRespondents),
                           .of(f.meanScore), .of(f.shareDontKnow), .of(f.suppressed)] }),
            ViewTable(name: "newcomer_results_margins",
                      columns: ["term", "grade_year", "dimension", "value", "n_pupils", "mean_merit_value",
                                "share_eligible_vocational", "share_all_subjects_passed", "suppressed"],
                      key: ["term", "grade_year", "dimension", "value"],
                      rows: newcomerMargins(pupils).map { m in
                          [.text("\(m.cell.term)"), .int(m.cell.gradeYear), .text(m.dimension), .of(m.value), .int(m.cell.nPupils),
                           .of(m.cell.meanMerit), .of(m.cell.shareVocational), .of(m.cell.shareAllPassed), .of(m.cell.suppressed)] }),
            ViewTable(name: "subject_results",
                      columns: ["school_unit_code", "term", "grade_year", "subject", "n_graded", "n_a", "n_b", "n_c", "n_d", "n_e",
                                "n_f", "n_dash", "share_passed", "mean_points", "suppressed"],
                      key: ["school_unit_code", "term", "grade_year", "subject"],
                      rows: subjectResults().map { r in
                          // "fewer than 10 graded: the distribution, share and mean are NULL, suppressed = 1"
                          let shown = r.nGraded >= settings.minPupils
                          func n(_ g: String) -> Cell { shown ? .int(r.counts[g] ?? 0) : .null }
                          let passed = ["A", "B", "C", "D", "E"].map { r.counts[$0] ?? 0 }.reduce(0, +)
                          let marked = r.nGraded - (r.counts["-"] ?? 0)   // "mean_points over A–F, NULL when none"
                          let points = ["A": 20.0, "B": 17.5, "C": 15.0, "D": 12.5, "E": 10.0].map { Double(r.counts[$0.key] ?? 0) * $0.value }
                              .reduce(0, +)
                          return [.text(r.school), .text("\(r.term)"), .int(r.gradeYear), .text(r.subject), .int(r.nGraded),
                                  n("A"), n("B"), n("C"), n("D"), n("E"), n("F"), n("-"),
                                  shown ? .real(Double(passed) / Double(r.nGraded)) : .null,
                                  shown && marked > 0 ? .real(points / Double(marked)) : .null, .of(!shown)] }),
            ViewTable(name: "self_assessment_profile",
                      columns: ["school_unit_code", "survey", "term", "delomrade", "niva", "n_respondents", "mean_score",
                                "share_dont_know", "suppressed"],
                      key: ["school_unit_code", "survey", "term", "delomrade", "niva"],
                      rows: selfAssessmentProfile().map { f in
                          [.text(f.school), .text(f.survey), .text("\(f.term)"), .text(f.focusArea), .text(f.role),
                           .int(f.nRespondents), .of(f.meanScore), .of(f.shareDontKnow), .of(f.suppressed)] }),
            ViewTable(name: "allocation_basis",
                      columns: ["school_unit_code", "school_name", "school_year", "count_date", "need_group", "n_newcomers",
                                "amount_per_pupil_kr", "computed_kr"],
                      key: ["school_unit_code", "school_year", "need_group"],
                      rows: allocations.map { a in
                          [.text(a.school), .of(a.name), .text(a.schoolYear), .text(a.countDate.description), .of(a.needGroup),
                           .int(a.n), .of(a.amount), .of(a.computed)] }),
            ViewTable(name: "intervention_effects",
                      columns: ["insats", "grade_year", "population", "years_after", "n_schools", "n_comparison_schools",
                                "mean_change_treated", "mean_change_comparison", "effect", "effect_se", "ci_low", "ci_high",
                                "n_activities", "total_cost_kr"],
                      key: ["insats", "grade_year", "population", "years_after"],
                      rows: interventionEffects(results).map { e in
                          [.text(e.kind), .int(e.gradeYear), .text(e.population), .int(e.yearsAfter), .int(e.nSchools),
                           .int(e.nComparison), .real(e.meanChangeTreated), .real(e.meanChangeComparison), .real(e.effect),
                           .of(e.se), .of(e.ciLow), .of(e.ciHigh), .int(e.nActivities), .of(e.totalCost)] }),
            ViewTable(name: "funding_and_results",
                      columns: ["school_unit_code", "school_name", "school_year", "n_pupils_allocated", "socioeconomic_supplement_kr",
                                "supplement_per_pupil_kr", "nyanlandpeng_kr", "computed_nyanlandpeng_kr", "socioeconomic_index",
                                "mean_merit_value", "expected_merit_value", "residual", "residual_change_vs_prev_year"],
                      key: ["school_unit_code", "school_year"],
                      rows: funding(allocations, expected).map { f in
                          [.text(f.school), .of(f.name), .text(f.schoolYear), .int(f.pupils), .int(f.supplement), .real(f.perPupil),
                           .int(f.newcomerAllocation), .of(f.computed), .of(f.index), .of(f.mean), .of(f.expected), .of(f.residual),
                           .of(f.residualChange)] }),
            ViewTable(name: "official_school_results",
                      columns: ["school_year", "school_unit_code", "school_name", "municipality_code", "organiser", "n_pupils",
                                "share_all_subjects_passed", "share_eligible_vocational", "eligible_vocational_nearly_all",
                                "mean_merit_value", "suppressed", "warehouse_mean_merit_value", "difference"],
                      key: ["school_year", "school_unit_code"],
                      rows: official.map { o in
                          [.text(o.schoolYear), .text(o.code), .text(o.name), .text(o.municipality), .text(o.organiser), .of(o.pupils),
                           .of(o.allPassed), .of(o.vocational), .of(o.vocationalNearlyAll), .of(o.merit), .of(o.suppressed),
                           .of(o.warehouseMerit), .of(o.difference)] }),
            ViewTable(name: "national_comparison",
                      columns: ["school_year", "scope", "n_schools", "n_pupils", "p10_school_mean", "median_school_mean",
                                "p90_school_mean", "gap_p90_p10"],
                      key: ["school_year", "scope"],
                      rows: nationalComparison(official, disparity).map { n in
                          [.text(n.schoolYear), .text(n.scope), .int(n.nSchools), .int(n.nPupils), .of(n.p10), .of(n.median),
                           .of(n.p90), .of(n.gap)] }),
            ViewTable(name: "target_followup",
                      columns: ["mal_id", "omfattning", "school_unit_code", "fokusomrade", "matt", "population", "grade_year", "survey",
                                "focus_area", "baseline_term", "baseline_value", "target_term", "target_value", "current_term",
                                "current_value", "progress", "elapsed_share", "on_track", "achieved"],
                      key: ["mal_id"],
                      rows: targetFollowUp(results, city, disparity, focus, focusCity).map { f in
                          [.text(f.row.id), .text(f.row.scope), .of(f.row.school), .of(f.row.focusArea), .text(f.row.measure),
                           .text(f.row.population), .int(f.row.gradeYear), .of(f.row.survey), .of(f.row.surveyFocusArea),
                           .text(f.row.baseline), .of(f.baselineValue), .text(f.row.target), .real(f.row.value),
                           .of(f.currentTerm.map { "\($0)" }), .of(f.currentValue), .of(f.progress), .of(f.elapsed),
                           .of(f.onTrack), .of(f.achieved)] }),
        ]
    }
}

public enum ViewComparison {
    /// Every difference between the model's rows and the warehouse's views, one line each
    /// (at most `limit` per view): rows missing, rows extra, cells that differ.
    public static func differences(_ expected: [ViewTable], in db: Database, limit: Int = 8) throws -> [String] {
        var found: [String] = []
        for view in expected {
            let actual = try db.statement("select \(view.columns.joined(separator: ", ")) from \(view.name)").rows([])
                .map { row in row.values.map(Cell.init) }
            let keyIndexes = view.key.map { view.columns.firstIndex(of: $0)! }
            func key(_ row: [Cell]) -> String { keyIndexes.map { row[$0].description }.joined(separator: ", ") }
            let wanted = Dictionary(view.rows.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
            var got: [String: [Cell]] = [:]
            var lines: [String] = []
            for row in actual {
                if got.updateValue(row, forKey: key(row)) != nil { lines.append("\(view.name): key (\(key(row))) occurs twice") }
            }
            if wanted.count != view.rows.count { lines.append("\(view.name): the model has duplicate keys (a bug in the model)") }
            for (k, row) in wanted.sorted(by: { $0.key < $1.key }) {
                guard let other = got[k] else { lines.append("\(view.name): missing row (\(k)): \(row)"); continue }
                let cells = view.columns.indices.filter { !row[$0].matches(other[$0]) }
                if !cells.isEmpty {
                    lines.append("\(view.name) (\(k)): " + cells.map { "\(view.columns[$0]) expected \(row[$0]), got \(other[$0])" }
                        .joined(separator: "; "))
                }
            }
            for k in got.keys.sorted() where wanted[k] == nil { lines.append("\(view.name): extra row (\(k)): \(got[k]!)") }
            found += lines.prefix(limit)
            if lines.count > limit { found.append("\(view.name): … and \(lines.count - limit) more") }
        }
        return found
    }
}
