import LikvardSQL

/// The rules of the public tier that can be switched off one at a time — by tests only, to
/// show that each rule is what stops its attack. A publication always applies them all.
public struct PublicRules: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let remainder = PublicRules(rawValue: 1 << 1)       // rule 2
    public static let complement = PublicRules(rawValue: 1 << 2)      // rule 3
    public static let hiddenMeans = PublicRules(rawValue: 1 << 3)     // rule 4
    public static let allOrNone = PublicRules(rawValue: 1 << 4)       // rule 5
    public static let newcomerCells = PublicRules(rawValue: 1 << 5)   // rule 6
    public static let acrossSchools = PublicRules(rawValue: 1 << 6)   // rule 7
    public static let all: PublicRules = [.remainder, .complement, .hiddenMeans, .allOrNone, .newcomerCells, .acrossSchools]
}

extension Warehouse {
    /// The public tier's rows, in a private scratch database: results (school, city,
    /// newcomer cells) and survey follow-up (school, city) with differencing protection,
    /// then disparity, expected results, the warehouse's side of the official comparison,
    /// signals and the follow-up recomputed over the rows the tier shows — by the refresh's
    /// own models, which read the protected rows in place of the warehouse's (a table of the
    /// scratch database shadows the warehouse's of the same name).
    /// Returns the utility figures: the shares of excl_newcomers and all rows with at least
    /// `min_pupils` pupils whose mean the tier shows.
    func derivePublicTier(in path: String, rules: PublicRules) throws -> (exclNewcomers: Double?, all: Double?) {
        let scratch = try Database(path: path)
        try scratch.execute("pragma journal_mode = off; pragma synchronous = off")
        try scratch.run("attach database ? as w", Database.readOnlyURI(self.path))
        let settings = try db.rows("select min_pupils, min_respondents, public_keeps from settings").first
        let minPupils = settings?[0].int ?? PipelineConfig.minimumPupils
        let minRespondents = settings?[1].int ?? PipelineConfig.minimumRespondents
        let keeps = settings?[2].string ?? PipelineConfig.defaultPublicKeeps
        try scratch.execute("""
            create table results_school_term_facts as select * from w.results_school_term_facts;
            create table results_city_term_facts as select * from w.results_city_term_facts;
            create table newcomer_results_facts as select * from w.newcomer_results_facts;
            create table newcomer_results_margins_facts as select * from w.newcomer_results_margins_facts;
            create table focus_area_facts as select * from w.focus_area_facts;
            create table focus_area_city_facts as select * from w.focus_area_city_facts;
            create table self_assessment_facts as select * from w.self_assessment_facts;
            create table school_disparity_facts as select * from w.school_disparity_facts where 0;
            create table school_expected_results_facts as select * from w.school_expected_results_facts where 0;
            create table allocation_basis_facts as select * from w.allocation_basis_facts where 0;
            create table school_signal_facts (placeholder);
            create table intervention_effect_facts (placeholder);
            create table funding_and_results_facts (placeholder);
            create table target_followup_facts (placeholder);
            create table official_school_results_facts (placeholder);
            create table national_comparison_facts (placeholder);
            """)
        try protectResults(scratch, threshold: minPupils, keeps: keeps, rules: rules)
        try protectSurveys(scratch, threshold: minRespondents, rules: rules)
        // The tables computed from others, over the shown rows; the newcomer allocation's
        // counts are not in this tier, so funding_and_results shows no computed allocation.
        for model in ["000_scope", "080_school_disparity", "085_school_expected_results", "095_official_statistics",
                      "100_school_signals", "120_intervention_effects", "130_funding_and_results", "140_target_followup"] {
            if model == "080_school_disparity" {
                // every term, from the protected rows
                try scratch.execute("""
                    update refresh_mode set full = 1;
                    insert or ignore into scope_partitions select distinct school_unit_code, term from results_school_term_facts;
                    """)
            }
            try scratch.execute(Resources.text("schemas/derived/\(model).sql")!)
        }
        let utility = try scratch.rows("""
            select avg(p.mean_merit_value is not null) from w.results_school_term_facts r
            join results_school_term_facts p using (school_unit_code, term, grade_year, population, sex)
            where r.n_pupils >= ? and r.population = ? group by r.population
            """, minPupils, "excl_newcomers").first?[0].double
        let utilityAll = try scratch.rows("""
            select avg(p.mean_merit_value is not null) from w.results_school_term_facts r
            join results_school_term_facts p using (school_unit_code, term, grade_year, population, sex)
            where r.n_pupils >= ? and r.population = ? group by r.population
            """, minPupils, "all").first?[0].double
        try scratch.execute("detach database w")
        return (utility, utilityAll)
    }

    /// Results per school, for the city and the newcomer cells, as one problem: the rows
    /// nest (populations, sexes), make up margins (the sexes), and add up across tables (the
    /// schools to the city, the newcomer cells to the schools' newcomers).
    private func protectResults(_ scratch: Database, threshold: Int, keeps: String, rules: PublicRules) throws {
        var table = ProtectedRows(threshold: threshold, rules: rules)
        let shares = ["share_eligible_vocational", "share_eligible_higher_ed", "share_all_subjects_passed"]
        let schools = try table.read(scratch, "results_school_term_facts", keys: ["school_unit_code", "term", "grade_year", "population", "sex"],
                                     count: "n_pupils", hidden: ["mean_merit_value"] + shares, shares: shares)
        let city = try table.read(scratch, "results_city_term_facts", keys: ["term", "grade_year", "population", "sex"],
                                  count: "n_pupils", hidden: ["mean_merit_value"] + shares, shares: shares)
        let cells = try table.read(scratch, "newcomer_results_facts", keys: ["term", "grade_year", "need_group", "years_in_swedish_school"],
                                   count: "n_pupils", hidden: ["mean_merit_value", "share_eligible_vocational", "share_all_subjects_passed"],
                                   shares: ["share_eligible_vocational", "share_all_subjects_passed"])
        let margins = try table.read(scratch, "newcomer_results_margins_facts", keys: ["term", "grade_year", "dimension", "value"],
                                     count: "n_pupils", hidden: ["mean_merit_value", "share_eligible_vocational", "share_all_subjects_passed"],
                                     shares: ["share_eligible_vocational", "share_all_subjects_passed"])
        // Rule 4: a mean hidden under its own rule (fewer than t pupils behind it) counts as
        // suppressed, so rules 2 and 3 protect it too.
        if rules.contains(.hiddenMeans) {
            for part in [schools, city, cells, margins] { table.suppressHiddenMeans(part) }
        }
        // Rules 2 and 3 within the schools' rows and within the city's: (population all ⊃
        // excl_newcomers, newcomers) per sex, (sex all ⊃ female, male) per population, the
        // margin {female, male} under sex all. Which row of (all ⊃ excl_newcomers) gives way:
        // the population public_keeps names is kept — except in VT terms of grade year 9,
        // where Skolverket publishes every school's all-pupil figures, so all is kept.
        for part in [schools, city] {
            let prefix = part.keys.count - 4   // 1: the school; 0: the city
            for (i, key) in part.keyed {
                let head = Array(key[0..<(prefix + 2)]), population = key[prefix + 2], sex = key[prefix + 3]
                if population != "all", let outer = part.index[head + ["all", sex]] {
                    let term = key[prefix], finalGrades = term.hasPrefix("VT") && key[prefix + 1] == "9"
                    let outerGivesWay = population == "excl_newcomers" && keeps == "excl_newcomers" && !finalGrades
                    table.nest(i, in: outer, givesWay: outerGivesWay ? .outer : .inner)
                }
                if sex != "all", let outer = part.index[head + [population, "all"]] { table.nest(i, in: outer) }
                if sex == "all" {
                    let sexes = ["female", "male"].compactMap { part.index[head + [population, $0]] }
                    table.margin(total: i, parts: sexes)
                    table.partition(total: i, parts: sexes)
                }
            }
        }
        // Rule 7: a city row is the sum of its school rows.
        var schoolsUnder: [[String]: [Int]] = [:]
        for (i, key) in schools.keyed { schoolsUnder[Array(key.dropFirst()), default: []].append(i) }
        for (i, key) in city.keyed {
            table.acrossSchools(schoolsUnder[key] ?? [], under: i)
            table.partition(total: i, parts: schoolsUnder[key] ?? [])
        }
        // Rule 6: the newcomer cells of one (term, grade year) are the schools' newcomers.
        var cellsOf: [[String]: [Int]] = [:]
        for (i, key) in cells.keyed { cellsOf[Array(key[0..<2]), default: []].append(i) }
        for members in cellsOf.values { table.newcomerCells(members) }
        // The margins of one dimension are the same pupils again; a margin row is the sum of
        // its cells, and gives way itself while its hidden cells hold 1 to t − 1 pupils.
        var marginsOf: [[String]: [Int]] = [:]
        for (i, key) in margins.keyed {
            marginsOf[Array(key[0..<3]), default: []].append(i)
            let (term, grade, dimension, value) = (key[0], key[1], key[2], key[3])
            let under = cells.keyed.filter { $0.1[0] == term && $0.1[1] == grade && $0.1[dimension == "need_group" ? 2 : 3] == value }
            table.newcomerMargin(i, over: under.map(\.0))
        }
        for members in marginsOf.values { table.newcomerCells(members) }
        try table.apply(scratch)
    }

    /// The survey follow-up per school and for the city, and the self-assessment profile, as
    /// one problem: (role all ⊃ each role), the roles present as a margin under all — niva in
    /// place of role in the profile — and the schools adding up to the city.
    private func protectSurveys(_ scratch: Database, threshold: Int, rules: PublicRules) throws {
        var table = ProtectedRows(threshold: threshold, rules: rules)
        let schools = try table.read(scratch, "focus_area_facts", keys: ["school_unit_code", "survey", "term", "focus_area", "role"],
                                     count: "n_respondents", hidden: ["mean_score", "share_dont_know"], shares: ["share_dont_know"])
        let city = try table.read(scratch, "focus_area_city_facts", keys: ["survey", "term", "focus_area", "role"],
                                  count: "n_respondents", hidden: ["mean_score", "share_dont_know"], shares: ["share_dont_know"])
        let profile = try table.read(scratch, "self_assessment_facts", keys: ["school_unit_code", "survey", "term", "delomrade", "niva"],
                                     count: "n_respondents", hidden: ["mean_score", "share_dont_know"], shares: ["share_dont_know"])
        for part in [schools, city, profile] {
            let roles = Set(part.keyed.map { $0.1.last! }).subtracting(["all"]).sorted()
            for (i, key) in part.keyed {
                let head = Array(key.dropLast())
                if key.last == "all" {
                    table.margin(total: i, parts: roles.compactMap { part.index[head + [$0]] })
                } else if let outer = part.index[head + ["all"]] {
                    table.nest(i, in: outer)
                }
            }
        }
        var schoolsUnder: [[String]: [Int]] = [:]
        for (i, key) in schools.keyed { schoolsUnder[Array(key.dropFirst()), default: []].append(i) }
        for (i, key) in city.keyed { table.acrossSchools(schoolsUnder[key] ?? [], under: i) }
        try table.apply(scratch)
    }
}

/// The rows of one protection problem, read from the scratch database's tables, with the
/// relations between them; `apply` runs `DifferencingProtection` and writes the result back:
/// a suppressed row gets NULL in every hidden column, and (rule 5) a shown share of exactly
/// 0 or 1 whose row holds a suppressed group with pupils is NULL on its own.
struct ProtectedRows {
    struct Part {
        let table: String
        let keys: [String]
        let hidden: [String]
        let shares: [String]
        /// (row number in the problem, key as text)
        var keyed: [(Int, [String])] = []
        var index: [[String]: Int] = [:]
    }

    let threshold: Int
    let rules: PublicRules
    private var parts: [Part] = []
    private var counts: [(n: Int, suppressed: Bool)] = []
    /// Per row: its part, its key values, its shares' values.
    private var rows: [(part: Int, key: [SQLValue], shares: [Double?], meanHidden: Bool)] = []
    private var relations: [(inout DifferencingProtection) -> Void] = []
    /// Totals whose parts hold every pupil of theirs but those in no part (rule 5 over a group).
    private var partitions: [(total: Int, parts: [Int])] = []

    init(threshold: Int, rules: PublicRules) {
        self.threshold = threshold
        self.rules = rules
    }

    mutating func read(_ db: Database, _ table: String, keys: [String], count: String, hidden: [String], shares: [String]) throws -> Part {
        var part = Part(table: table, keys: keys, hidden: hidden, shares: shares)
        let mean = hidden.first.map { shares.contains($0) ? "0" : "\($0) is null" } ?? "0"
        let list = (keys + [count, "suppressed", mean] + shares).joined(separator: ", ")
        for row in try db.rows("select \(list) from \(table) order by \(keys.joined(separator: ", "))") {
            let i = counts.count
            let key = Array(row.values[0..<keys.count])
            let text = key.map(\.description)
            part.keyed.append((i, text))
            part.index[text] = i
            counts.append((row[keys.count].int ?? 0, row[keys.count + 1].int == 1))
            rows.append((parts.count, key, (0..<shares.count).map { row[keys.count + 3 + $0].double },
                         row[keys.count + 2].int == 1))
        }
        parts.append(part)
        return part
    }

    /// Rule 4: a shown row whose mean is NULL under its own rule counts as suppressed.
    mutating func suppressHiddenMeans(_ part: Part) {
        for (i, _) in part.keyed where rows[i].meanHidden { counts[i].suppressed = true }
    }

    mutating func nest(_ inner: Int, in outer: Int, givesWay: DifferencingProtection.GivesWay = .inner) {
        let on = rules.contains(.remainder)
        relations.append { p in on ? p.nest(inner, in: outer, givesWay: givesWay) : p.contain(inner, in: outer) }
    }

    mutating func margin(total: Int, parts: [Int]) {
        guard rules.contains(.complement), !parts.isEmpty else { return }
        relations.append { $0.margin(total: total, parts: parts) }
    }

    /// The school rows under a shown city row add up to it: their hidden rows must hold 0 or
    /// at least t pupils together (rule 7), and never one alone (rule 3 over the schools: the
    /// city less the shown schools would give that school's counts exactly).
    mutating func acrossSchools(_ schools: [Int], under city: Int) {
        let on = rules.contains(.acrossSchools)
        relations.append { p in
            if on {
                p.hiddenSum(of: schools, anchor: city)
                p.margin(total: city, parts: schools)
            } else {
                for s in schools { p.contain(s, in: city) }
            }
        }
    }

    /// `parts` hold every pupil of `total` but those in none of them (pupils of unknown sex).
    mutating func partition(total: Int, parts: [Int]) {
        if !parts.isEmpty { partitions.append((total, parts)) }
    }

    mutating func newcomerCells(_ cells: [Int]) {
        guard rules.contains(.newcomerCells) else { return }
        relations.append { $0.hiddenSum(of: cells) }
    }

    /// A newcomer margin row over its cells: shown only while its hidden cells hold 0 or at
    /// least t pupils; a share of 0 or 1 of it gives every cell's.
    mutating func newcomerMargin(_ margin: Int, over cells: [Int]) {
        let on = rules.contains(.newcomerCells)
        relations.append { p in
            if on { p.hiddenSum(of: cells, anchor: margin, anchorGivesWay: true) } else { for c in cells { p.contain(c, in: margin) } }
        }
        partition(total: margin, parts: cells)
    }

    func apply(_ db: Database) throws {
        var protection = DifferencingProtection(counts: counts, threshold: threshold)
        for relate in relations { relate(&protection) }
        let suppressed = protection.apply()
        // The shares as published: none of a suppressed row; rule 5 then hides more.
        var shares = rows.indices.map { i in suppressed[i] ? rows[i].shares.map { _ in nil as Double? } : rows[i].shares }
        if rules.contains(.allOrNone) {
            // A shown share of 0 or 1 gives that share to every group inside the row; where
            // one of them is suppressed and has pupils, it is NULL.
            for i in rows.indices where !suppressed[i]
                && protection.insidesOf(i).contains(where: { suppressed[$0] && counts[$0].n > 0 }) {
                for s in shares[i].indices where shares[i][s] == 0 || shares[i][s] == 1 { shares[i][s] = nil }
            }
            // The same over a group: where the parts of a total leave their hidden members
            // none or all of the total's pupils of a share, the total's share is NULL (else
            // each hidden member's share would be known: 0, or 1).
            var changed = true
            while changed {
                changed = false
                for (total, parts) in partitions where !suppressed[total] {
                    let slack = max(0, counts[total].n - parts.map { counts[$0].n }.reduce(0, +))
                    for s in shares[total].indices {
                        guard let value = shares[total][s] else { continue }
                        let hidden = parts.filter { shares[$0][s] == nil && counts[$0].n > 0 }
                        guard !hidden.isEmpty else { continue }
                        let shown = parts.compactMap { p in shares[p][s].map { ($0 * Double(counts[p].n)).rounded() } }.reduce(0, +)
                        let high = (value * Double(counts[total].n)).rounded() - shown, low = max(0, high - Double(slack))
                        if high <= 0 || low >= Double(hidden.map { counts[$0].n }.reduce(0, +)) {
                            shares[total][s] = nil
                            changed = true
                        }
                    }
                }
            }
        }
        for (p, part) in parts.enumerated() {
            let match = part.keys.enumerated().map { "\($0.element) is ?\($0.offset + 1)" }.joined(separator: " and ")
            let hide = try db.statement("""
                update \(part.table) set suppressed = 1, \(part.hidden.map { "\($0) = null" }.joined(separator: ", ")) where \(match)
                """)
            let shareUpdates = try part.shares.map { share in try db.statement("update \(part.table) set \(share) = null where \(match)") }
            for (i, _) in part.keyed where rows[i].part == p {
                if suppressed[i] {
                    try hide.bind(rows[i].key).run()
                    continue
                }
                for s in shares[i].indices where shares[i][s] == nil && rows[i].shares[s] != nil {
                    try shareUpdates[s].bind(rows[i].key).run()
                }
            }
        }
    }
}
