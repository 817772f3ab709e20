import Foundation

/// The model's school-level rules: register versions, results per school, newcomers'
/// results, disparity between schools and the signal system (docs/views.md, "Views").
extension ContractModel {
    // MARK: Register versions

    public struct SchoolVersion {
        public var validFrom: Day
        public var name: String
        public var district: String?
        public var index: Double?
    }

    /// "A row whose attributes differ from the school's current version makes a new
    /// version, valid from its giltig_from (empty: from the beginning for a school's first
    /// version, from the run's date for a later one); an identical row changes nothing."
    func schoolVersions() -> [String: [SchoolVersion]] {
        struct Attributes: Equatable {
            var name: String, district: String?, organiser: String?, span: String?, index: Double?
        }
        var current: [String: Attributes] = [:]
        var versions: [String: [SchoolVersion]] = [:]
        for file in inbox.processingOrder {
            guard case .register(let rows) = file.content else { continue }
            for row in rows {
                let attributes = Attributes(name: row.name, district: row.district, organiser: row.organiser,
                                            span: row.gradeSpan, index: row.index)
                if current[row.code] == attributes { continue }
                let from = row.validFrom ?? (current[row.code] == nil ? Day(1, 1, 1) : inbox.runDate)
                current[row.code] = attributes
                // two versions from the same date: the later-processed one stands
                versions[row.code, default: []].removeAll { $0.validFrom == from }
                versions[row.code, default: []].append(SchoolVersion(validFrom: from, name: row.name, district: row.district,
                                                                      index: row.index))
            }
        }
        return versions
    }

    /// "The register version valid on the term's reference date (the latest giltig_from on
    /// or before it; else the earliest version)."
    static func version(_ versions: [SchoolVersion], on date: Day) -> SchoolVersion? {
        versions.filter { $0.validFrom <= date }.max { $0.validFrom < $1.validFrom }
            ?? versions.min { $0.validFrom < $1.validFrom }
    }

    // MARK: Results per school

    public struct SchoolResult {
        public var school: String
        public var name: String?
        public var district: String?
        public var term: Term
        public var gradeYear: Int
        public var population: String
        public var sex: String
        public var nPupils: Int
        public var nInMean: Int
        public var meanMerit: Double?
        public var shareVocational: Double?
        public var shareHigherEd: Double?
        public var shareAllPassed: Double?
        public var suppressed: Bool
        /// The pupils behind it, for the disparity's variance share.
        public var members: [PupilTerm]
    }

    /// "Populations: all; excl_newcomers = all except newly immigrated pupils and pupils
    /// of unknown background; newcomers = newcomers as defined above."
    static let populations: [(String, @Sendable (PupilTerm) -> Bool)] = [
        ("all", { _ in true }),
        ("excl_newcomers", { !$0.isNewlyImmigrated && !$0.unknownBackground }),
        ("newcomers", { $0.isNewcomer }),
    ]

    /// "Sex: pupils of unknown sex (temporary ids) count only in sex = 'all' rows."
    static let sexes: [(String, @Sendable (PupilTerm) -> Bool)] = [
        ("all", { _ in true }), ("female", { $0.sex == "female" }), ("male", { $0.sex == "male" }),
    ]

    /// Counts, mean and shares of a group with the suppression rule: "a row describing
    /// fewer than 10 counted pupils shows its counts but NULL in every mean and share …; a
    /// mean merit value with fewer than 10 pupils behind it is NULL too." "Mean merit value
    /// is over the counted pupils with at least one passed grade (A–E)."
    func summary(_ members: [PupilTerm]) -> (n: Int, inMean: Int, mean: Double?, voc: Double?, higher: Double?,
                                             allPassed: Double?, suppressed: Bool) {
        let n = members.count
        let inMean = members.filter { $0.nPassed > 0 }
        let shown = n >= settings.minPupils
        func share(_ p: (PupilTerm) -> Bool) -> Double? { shown ? Double(members.filter(p).count) / Double(n) : nil }
        return (n, inMean.count,
                shown && inMean.count >= settings.minPupils ? inMean.map(\.meritValue).reduce(0, +) / Double(inMean.count) : nil,
                share(\.eligibleVocational), share(\.eligibleHigherEd), share(\.allSubjectsPassed), !shown)
    }

    /// `results_school_term`: "A row exists for every combination that has at least one
    /// counted pupil."
    public func schoolResults(_ pupils: [PupilTerm]) -> [SchoolResult] {
        let versions = schoolVersions()
        var result: [SchoolResult] = []
        let groups = Dictionary(grouping: pupils) { "\($0.school)|\($0.term)|\($0.gradeYear)" }
        for (_, group) in groups {
            let first = group[0]
            let version = versions[first.school].flatMap { Self.version($0, on: first.term.referenceDate) }
            result += rows(of: group, school: first.school, name: version?.name, district: version?.district)
        }
        return result
    }

    /// One row per population and sex of a group of pupil-term rows (one school's, or the
    /// city's), where the combination has a counted pupil.
    func rows(of group: [PupilTerm], school: String, name: String?, district: String?) -> [SchoolResult] {
        var result: [SchoolResult] = []
        for (population, inPopulation) in Self.populations {
            for (sex, ofSex) in Self.sexes {
                let members = group.filter { inPopulation($0) && ofSex($0) }
                guard !members.isEmpty else { continue }
                let s = summary(members)
                result.append(SchoolResult(
                    school: school, name: name, district: district, term: group[0].term, gradeYear: group[0].gradeYear,
                    population: population, sex: sex, nPupils: s.n, nInMean: s.inMean, meanMerit: s.mean,
                    shareVocational: s.voc, shareHigherEd: s.higher, shareAllPassed: s.allPassed,
                    suppressed: s.suppressed, members: members))
            }
        }
        return result
    }

    // MARK: Newcomers

    public struct NewcomerCell {
        public var term: Term
        public var gradeYear: Int
        public var needGroup: Int?
        public var years: Int
        public var nPupils: Int
        public var meanMerit: Double?
        public var shareVocational: Double?
        public var shareAllPassed: Double?
        public var suppressed: Bool
    }

    /// `newcomer_results`: "one row per (term, grade_year, need_group,
    /// years_in_swedish_school). All schools together; need_group NULL is its own group."
    public func newcomerResults(_ pupils: [PupilTerm]) -> [NewcomerCell] {
        let groups = Dictionary(grouping: pupils.filter(\.isNewcomer)) {
            "\($0.term)|\($0.gradeYear)|\($0.needGroup.map(String.init) ?? "-")|\($0.yearsInSwedishSchool!)"
        }
        return groups.values.map { group in
            let s = summary(group)
            return NewcomerCell(term: group[0].term, gradeYear: group[0].gradeYear, needGroup: group[0].needGroup,
                                years: group[0].yearsInSwedishSchool!, nPupils: s.n, meanMerit: s.mean,
                                shareVocational: s.voc, shareAllPassed: s.allPassed, suppressed: s.suppressed)
        }
    }

    /// `newcomer_results_margins`: "The cells of newcomer_results added up along one
    /// dimension … dimension is 'need_group' or 'years_in_swedish_school', value the group
    /// (NULL: no need group) … suppression as newcomer_results."
    public func newcomerMargins(_ pupils: [PupilTerm]) -> [(dimension: String, value: Int?, cell: NewcomerCell)] {
        var rows: [(String, Int?, NewcomerCell)] = []
        for dimension in ["need_group", "years_in_swedish_school"] {
            let groups = Dictionary(grouping: pupils.filter(\.isNewcomer)) { p -> String in
                let value = dimension == "need_group" ? p.needGroup : p.yearsInSwedishSchool
                return "\(p.term)|\(p.gradeYear)|\(value.map(String.init) ?? "-")"
            }
            for group in groups.values {
                let s = summary(group)
                let value = dimension == "need_group" ? group[0].needGroup : group[0].yearsInSwedishSchool
                rows.append((dimension, value, NewcomerCell(term: group[0].term, gradeYear: group[0].gradeYear, needGroup: nil, years: 0,
                                                            nPupils: s.n, meanMerit: s.mean, shareVocational: s.voc,
                                                            shareAllPassed: s.allPassed, suppressed: s.suppressed)))
            }
        }
        return rows
    }

    // MARK: Disparity

    public struct Disparity {
        public var term: Term
        public var gradeYear: Int
        public var population: String
        public var nSchools: Int
        public var nPupilsInMeans: Int
        public var meanOfMeans: Double
        public var min: Double, p10: Double, median: Double, p90: Double, max: Double
        public var gap: Double
        public var varianceShare: Double?
        public var gapChange: Double?
    }

    /// "Nearest-rank, p-th = the value at position ceil(p · n / 100) … of the ascending list."
    static func nearestRank(_ p: Int, _ sorted: [Double]) -> Double {
        let n = sorted.count
        let position = (p * n) / 100 + ((p * n) % 100 == 0 ? 0 : 1)   // ceil, in integers
        return sorted[position - 1]
    }

    /// "Qualifying schools: those whose results_school_term row (that population, sex =
    /// 'all') has n_pupils ≥ 10 and a mean merit value."
    func qualifying(_ results: [SchoolResult]) -> [String: [SchoolResult]] {
        Dictionary(grouping: results.filter { $0.sex == "all" && $0.nPupils >= settings.minPupils && $0.meanMerit != nil }) {
            "\($0.term)|\($0.gradeYear)|\($0.population)"
        }
    }

    /// `school_disparity`.
    public func disparity(_ results: [SchoolResult]) -> [Disparity] {
        var rows: [String: Disparity] = [:]
        for (key, schools) in qualifying(results) {
            let means = schools.map { $0.meanMerit! }.sorted()
            // the pupils behind the school means
            let pupils = schools.flatMap { s in s.members.filter { $0.nPassed > 0 }.map { (s.meanMerit!, $0.meritValue) } }
            let m = pupils.map(\.1).reduce(0, +) / Double(pupils.count)
            let between = pupils.map { ($0.0 - m) * ($0.0 - m) }.reduce(0, +)   // Σ nₛ(mₛ − m)²
            let total = pupils.map { ($0.1 - m) * ($0.1 - m) }.reduce(0, +)
            let p10 = Self.nearestRank(10, means), p90 = Self.nearestRank(90, means)
            rows[key] = Disparity(
                term: schools[0].term, gradeYear: schools[0].gradeYear, population: schools[0].population,
                nSchools: schools.count, nPupilsInMeans: schools.map(\.nInMean).reduce(0, +),
                meanOfMeans: means.reduce(0, +) / Double(means.count),
                min: means.first!, p10: p10, median: Self.nearestRank(50, means), p90: p90, max: means.last!,
                gap: p90 - p10, varianceShare: total == 0 ? nil : between / total, gapChange: nil)
        }
        // "gap_change_vs_prev_year = this gap minus the gap of the same season one year
        // earlier …, same grade year and population; NULL when that row is missing."
        for (key, row) in rows {
            let previous = rows["\(row.term.previousYear)|\(row.gradeYear)|\(row.population)"]
            rows[key]!.gapChange = previous.map { row.gap - $0.gap }
        }
        return Array(rows.values)
    }

    // MARK: Signals

    public struct Signal {
        public var school: String
        public var name: String?
        public var term: Term
        public var gradeYear: Int
        public var lowMerit: Bool, lowEligibility: Bool, declining: Bool, mappingOverdue: Bool, lowSurvey: Bool
        public var count: Int { [lowMerit, lowEligibility, declining, mappingOverdue, lowSurvey].filter { $0 }.count }
    }

    /// "mapping_overdue: … kartlaggning_klar later than two calendar months after
    /// skolstart_sverige (the same day-of-month two months on, clamped to the month's last
    /// day), or missing while that deadline is before the term's reference date."
    func mappingOverdue(school: String, term: Term) -> Bool {
        registrations.contains { r in
            guard r.school == school, term.schoolYearSpan.contains(r.schoolStart) else { return false }
            let deadline = r.schoolStart.adding(months: settings.mappingDeadlineMonths)
            if let done = r.mappingDone { return done > deadline }
            return deadline < term.referenceDate
        }
    }

    /// `school_signals`: "one row per (school, term, grade_year) with results, grade years 6
    /// and 9." "Suppressed results, and results whose mean merit value is NULL, raise no
    /// result-based signal."
    public func signals(_ results: [SchoolResult], _ disparity: [Disparity], _ focus: [FocusAreaRow]) -> [Signal] {
        let overall = results.filter { $0.population == "all" && $0.sex == "all" }
        let byKey = Dictionary(uniqueKeysWithValues: overall.map { ("\($0.school)|\($0.term)|\($0.gradeYear)", $0) })
        let p10 = Dictionary(uniqueKeysWithValues: disparity.filter { $0.population == "all" }
            .map { ("\($0.term)|\($0.gradeYear)", $0.p10) })
        return overall.filter { [6, 9].contains($0.gradeYear) }.map { r in
            let shown = !r.suppressed && r.meanMerit != nil
            let previous = byKey["\(r.school)|\(r.term.previousYear)|\(r.gradeYear)"]
            let lowMerit = shown && p10["\(r.term)|\(r.gradeYear)"].map { r.meanMerit! <= $0 } == true
            let lowEligibility = shown && r.gradeYear == 9 && r.shareVocational! < settings.lowEligibilityShare
            var declining = false
            if shown, let previous, !previous.suppressed, let before = previous.meanMerit {
                declining = r.meanMerit! <= before - settings.decliningPoints
            }
            // "any of the four focus areas — ovrigt does not count"
            let lowSurvey = focus.contains { f in
                f.school == r.school && f.term == r.term && f.role == "all" && f.focusArea != "ovrigt" && f.meanScore != nil
                    && (f.meanScore! - Double(f.scaleMin)) / Double(f.scaleMax - f.scaleMin) < settings.lowSurveyFraction
            }
            return Signal(school: r.school, name: r.name, term: r.term, gradeYear: r.gradeYear, lowMerit: lowMerit,
                          lowEligibility: lowEligibility, declining: declining,
                          mappingOverdue: mappingOverdue(school: r.school, term: r.term), lowSurvey: lowSurvey)
        }
    }
}
