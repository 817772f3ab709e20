import Foundation

/// The model's reading of the follow-up views (docs/views.md: `results_city_term`,
/// `allocation_basis`, `intervention_effects`, `funding_and_results`, `target_followup`;
/// docs/feeds.md: feeds `insatser`, `resurser`, `mal`), each rule written from the contract's
/// sentence above it, with no look at the warehouse's SQL.
extension ContractModel {
    // MARK: The administration's records as they stand

    /// "An activity's row replaces the earlier row with the same insats_id (files in the
    /// usual order)." Returns them in first-seen order.
    func currentActivities() -> [ModelInbox.ActivityRow] {
        latest(of: { if case .activities(let rows) = $0 { return rows }; return nil }, key: \.id)
    }

    /// "One row per (school, school year): a later row for the same pair replaces the earlier one."
    func currentResources() -> [ModelInbox.ResourceRow] {
        latest(of: { if case .resources(let rows) = $0 { return rows }; return nil }, key: { $0.school + "|" + $0.schoolYear })
    }

    /// "A row replaces the earlier row with the same mal_id."
    func currentTargets() -> [ModelInbox.TargetRow] {
        latest(of: { if case .targets(let rows) = $0 { return rows }; return nil }, key: \.id)
    }

    private func latest<Row>(of rows: (ModelInbox.Content) -> [Row]?, key: (Row) -> String) -> [Row] {
        var current: [String: Row] = [:]
        var order: [String] = []
        for file in inbox.processingOrder {
            for row in rows(file.content) ?? [] {
                if current[key(row)] == nil { order.append(key(row)) }
                current[key(row)] = row
            }
        }
        return order.map { current[$0]! }
    }

    // MARK: results_city_term

    /// "The city as a whole: the columns of results_school_term without school_unit_code,
    /// school_name, district, over every pupil_term_results row of the term and grade year
    /// (a pupil counted at two schools counts at both …). Suppression as there."
    public func cityResults(_ pupils: [PupilTerm]) -> [SchoolResult] {
        Dictionary(grouping: pupils, by: { "\($0.term)|\($0.gradeYear)" }).values.flatMap { group in
            rows(of: group, school: "", name: nil, district: nil)
        }
    }

    // MARK: subject_results

    public struct SubjectResult {
        public var school: String, term: Term, gradeYear: Int, subject: String
        public var counts: [String: Int], nGraded: Int
    }

    /// `subject_results`: "one row per (school, term, grade_year, subject) with a grade.
    /// Population all, sex all, the grades in force" — the pupil's grade year, that of their
    /// latest row, as in pupil_term_results.
    public func subjectResults() -> [SubjectResult] {
        var rows: [String: SubjectResult] = [:]
        for (partition, pupils) in gradesInForce() {
            for (_, entry) in pupils where !entry.grades.isEmpty {
                let gradeYear = entry.rows.max { ($0.date, $0.order) < ($1.date, $1.order) }!.gradeYear
                for (subject, grade) in entry.grades {
                    let key = "\(partition.school)|\(partition.term)|\(gradeYear)|\(subject)"
                    var row = rows[key] ?? SubjectResult(school: partition.school, term: partition.term, gradeYear: gradeYear,
                                                         subject: subject, counts: [:], nGraded: 0)
                    row.nGraded += 1
                    row.counts[grade.grade, default: 0] += 1
                    rows[key] = row
                }
            }
        }
        return Array(rows.values)
    }

    // MARK: allocation_basis

    public struct Allocation {
        public var school: String, name: String?, schoolYear: String, countDate: Day, needGroup: Int?
        public var n: Int, amount: Int?, computed: Int?
    }

    /// "The count date of a school year is … allocation_count_date (MM-DD, default 10-15) in
    /// its autumn. A pupil counts at the count date C when the newcomer rule holds with C as
    /// the reference date; at the school of their latest registration dated on or before C
    /// (ties: processed later; none: not counted), in the need group chosen as in docs/feeds.md
    /// with C as the reference date. One row per (school, school year, need group) with at
    /// least one newcomer, for every school year that has a term in terms or a resurser row."
    public func allocationBasis(_ pupils: [PupilTerm]) -> [Allocation] {
        let years = Set(terms(pupils).map(\.schoolYear) + currentResources().map(\.schoolYear))
        var registrationsByPupil: [ModelIdentifier: [(order: Int, registration: ModelInbox.Registration)]] = [:]
        for (order, r) in registrations.enumerated() {
            registrationsByPupil[pupil(of: r.personnummer ?? r.temporary!), default: []].append((order, r))
        }
        let versions = schoolVersions()
        var counts: [String: Allocation] = [:]
        for year in years {
            let first = Int(year.prefix(4))!
            let c = Day(first, settings.allocationCountDate.month, settings.allocationCountDate.day)
            for (who, regs) in registrationsByPupil {
                guard let start = Self.schoolStart(regs), Self.isNewcomer(birth: who.birth, schoolStart: start, on: c) else { continue }
                guard let placed = regs.filter({ $0.registration.registered <= c })
                    .max(by: { ($0.registration.registered, $0.order) < ($1.registration.registered, $1.order) }) else { continue }
                let group = Self.needGroup(regs, on: c)
                let key = "\(placed.registration.school)|\(year)|\(group.map(String.init) ?? "-")"
                var row = counts[key] ?? Allocation(
                    school: placed.registration.school,
                    name: versions[placed.registration.school].flatMap { Self.version($0, on: c) }?.name,
                    schoolYear: year, countDate: c, needGroup: group, n: 0,
                    amount: group.flatMap { settings.newcomerAmounts[$0] }, computed: nil)
                row.n += 1
                row.computed = row.amount.map { $0 * row.n }
                counts[key] = row
            }
        }
        return Array(counts.values)
    }

    // MARK: intervention_effects

    public struct InterventionEffect {
        public var kind: String, gradeYear: Int, population: String, yearsAfter: Int
        public var nSchools: Int, nComparison: Int, meanChangeTreated: Double, meanChangeComparison: Double
        public var effect: Double, se: Double?, ciLow: Double?, ciHigh: Double?, nActivities: Int, totalCost: Int?
    }

    /// `intervention_effects`, read sentence by sentence: "Outcome m_s(T): the
    /// results_school_term mean merit value of school s, VT term T, the row's grade year and
    /// population, sex all (NULL when absent or suppressed). A school's start for a kind:
    /// its earliest start_termin among its activities of that kind. Its baseline B_s: the
    /// latest VT term that ends before the start term begins. … Comparison schools for s and
    /// k: every other school whose start for that kind, if any, is after term B_s + k (for
    /// k = −1: after B_s), with both values of its own Δ_c(k) over the same two terms.
    /// effect_s(k) = Δ_s(k) − mean_c Δ_c(k) (unweighted mean; no comparison school: no
    /// effect for s)."
    public func interventionEffects(_ results: [SchoolResult]) -> [InterventionEffect] {
        var outcome: [String: Double] = [:]   // school|VT year|grade year|population → mean
        var schoolsOf: [String: Set<String>] = [:]   // grade year|population → schools with a value
        for r in results where r.term.season == "VT" && r.sex == "all" && ["all", "excl_newcomers"].contains(r.population) {
            guard !r.suppressed, let m = r.meanMerit else { continue }
            outcome["\(r.school)|\(r.term.year)|\(r.gradeYear)|\(r.population)"] = m
            schoolsOf["\(r.gradeYear)|\(r.population)", default: []].insert(r.school)
        }
        let activities = currentActivities()
        var start: [String: [String: Term]] = [:]   // kind → school → start term
        for a in activities {
            let t = Term(a.start)
            if let s = start[a.kind]?[a.school], s <= t { continue }
            start[a.kind, default: [:]][a.school] = t
        }
        /// "The latest VT term that ends before the start term begins."
        func baseline(_ t: Term) -> Int { t.season == "HT" ? t.year : t.year - 1 }

        var rows: [InterventionEffect] = []
        for (kind, starts) in start {
            let ofKind = activities.filter { $0.kind == kind }
            let costs = ofKind.compactMap(\.cost)
            for (cell, schools) in schoolsOf {
                let parts = cell.split(separator: "|"), gradeYear = Int(parts[0])!, population = String(parts[1])
                func m(_ s: String, _ year: Int) -> Double? { outcome["\(s)|\(year)|\(gradeYear)|\(population)"] }
                for k in [-1, 1, 2, 3] {
                    var effects: [(change: Double, comparison: Double)] = []
                    var used = Set<String>()
                    for (school, startTerm) in starts {
                        let b = baseline(startTerm)
                        let (from, to) = k == -1 ? (b - 1, b) : (b, b + k)
                        guard let a = m(school, from), let z = m(school, to) else { continue }
                        // "after term B_s + k (for k = −1: after B_s)": the VT term of year `to`
                        let cutoff = Term(season: "VT", year: to)
                        let comparison = schools.filter { c in
                            c != school && (starts[c].map { $0 > cutoff } ?? true) && m(c, from) != nil && m(c, to) != nil
                        }
                        guard !comparison.isEmpty else { continue }
                        let changes = comparison.map { m($0, to)! - m($0, from)! }
                        effects.append((z - a, changes.reduce(0, +) / Double(changes.count)))
                        used.formUnion(comparison)
                    }
                    guard !effects.isEmpty else { continue }
                    let n = Double(effects.count)
                    let each = effects.map { $0.change - $0.comparison }
                    let mean = each.reduce(0, +) / n
                    // "sample standard deviation of effect_s / √n_schools; NULL when n_schools < 2"
                    let se: Double? = effects.count < 2 ? nil
                        : (each.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot() / n.squareRoot()
                    rows.append(InterventionEffect(
                        kind: kind, gradeYear: gradeYear, population: population, yearsAfter: k, nSchools: effects.count,
                        nComparison: used.count, meanChangeTreated: effects.map(\.change).reduce(0, +) / n,
                        meanChangeComparison: effects.map(\.comparison).reduce(0, +) / n, effect: mean, se: se,
                        ciLow: se.map { mean - 1.96 * $0 }, ciHigh: se.map { mean + 1.96 * $0 },
                        nActivities: ofKind.count, totalCost: costs.isEmpty ? nil : costs.reduce(0, +)))
                }
            }
        }
        return rows
    }

    // MARK: funding_and_results

    public struct Funding {
        public var school: String, name: String?, schoolYear: String, pupils: Int, supplement: Int, perPupil: Double
        public var newcomerAllocation: Int, computed: Int?, index: Double?, mean: Double?, expected: Double?
        public var residual: Double?, residualChange: Double?
    }

    /// `funding_and_results`: "one row per resurser row … computed_nyanlandpeng_kr (sum of
    /// allocation_basis.computed_kr for the school and year; NULL when none or any NULL),
    /// socioeconomic_index (the school version of that year's VT term), mean_merit_value,
    /// expected_merit_value, residual (from school_expected_results, VT of that school year,
    /// grade year 9, population all; NULL when absent), residual_change_vs_prev_year."
    public func funding(_ allocations: [Allocation], _ expected: [ExpectedResult]) -> [Funding] {
        let versions = schoolVersions()
        func fit(_ school: String, _ vtYear: Int) -> ExpectedResult? {
            expected.first { $0.school == school && $0.term == Term(season: "VT", year: vtYear) && $0.gradeYear == 9 && $0.population == "all" }
        }
        return currentResources().map { r in
            let vtYear = Int(r.schoolYear.prefix(4))! + 1
            let version = versions[r.school].flatMap { Self.version($0, on: Term(season: "VT", year: vtYear).referenceDate) }
            let mine = allocations.filter { $0.school == r.school && $0.schoolYear == r.schoolYear }
            let computed: Int? = mine.isEmpty || mine.contains { $0.computed == nil } ? nil : mine.map { $0.computed! }.reduce(0, +)
            let now = fit(r.school, vtYear), before = fit(r.school, vtYear - 1)
            return Funding(school: r.school, name: version?.name, schoolYear: r.schoolYear, pupils: r.pupils,
                           supplement: r.supplement, perPupil: Double(r.supplement) / Double(r.pupils),
                           newcomerAllocation: r.newcomerAllocation, computed: computed, index: version?.index,
                           mean: now?.mean, expected: now?.expected, residual: now?.residual,
                           residualChange: now.flatMap { n in before.map { n.residual - $0.residual } })
        }
    }

    // MARK: target_followup

    public struct TargetFollowUp {
        public var row: ModelInbox.TargetRow
        public var baselineValue: Double?, currentTerm: Term?, currentValue: Double?
        public var progress: Double?, elapsed: Double?, onTrack = false, achieved = false
    }

    /// `target_followup`, with docs/feeds.md's table of where each measure is read.
    public func targetFollowUp(_ results: [SchoolResult], _ city: [SchoolResult], _ disparity: [Disparity],
                               _ focus: [FocusAreaRow], _ focusCity: [FocusAreaRow]) -> [TargetFollowUp] {
        currentTargets().map { t in
            func value(at term: Term) -> Double? {
                switch t.measure {
                case "gap_p90_p10":
                    guard t.scope == "stad" else { return nil }
                    return disparity.first { $0.term == term && $0.gradeYear == t.gradeYear && $0.population == t.population }?.gap
                case "survey_mean_score":
                    let rows = t.scope == "stad" ? focusCity : focus.filter { $0.school == t.school }
                    return rows.first { $0.survey == t.survey && $0.term == term && $0.focusArea == t.surveyFocusArea && $0.role == "all" }?
                        .meanScore
                default:
                    let rows = t.scope == "stad" ? city : results.filter { $0.school == t.school }
                    guard let r = rows.first(where: { $0.term == term && $0.gradeYear == t.gradeYear && $0.population == t.population && $0.sex == "all" })
                    else { return nil }
                    return t.measure == "mean_merit_value" ? r.meanMerit
                        : t.measure == "share_eligible_vocational" ? r.shareVocational : r.shareAllPassed
                }
            }
            let baseline = Term(t.baseline), target = Term(t.target)
            let baselineValue = value(at: baseline)
            // "the latest term of the baseline's season, after the baseline and not after the
            // target term, that has a value"
            let current = stride(from: target.year, to: baseline.year, by: -1)
                .map { Term(season: baseline.season, year: $0) }.first { value(at: $0) != nil }
            let currentValue = current.flatMap(value(at:))
            var f = TargetFollowUp(row: t, baselineValue: baselineValue, currentTerm: current, currentValue: currentValue)
            if let b = baselineValue, let c = currentValue, t.value != b { f.progress = (c - b) / (t.value - b) }
            if let current { f.elapsed = Double(current.year - baseline.year) / Double(target.year - baseline.year) }
            // "on_track = 1 when progress ≥ elapsed_share; achieved = 1 when the current value
            // has reached the target": flags, 0 otherwise (an unknown side included)
            if let p = f.progress, let e = f.elapsed { f.onTrack = p >= e }
            if let c = currentValue { f.achieved = t.measure == "gap_p90_p10" ? c <= t.value : c >= t.value }
            return f
        }
    }
}
