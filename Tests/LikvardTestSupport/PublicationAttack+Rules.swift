import LikvardSQL

/// The attacks behind the public tier's rules 4–7 (docs/disclosure.md), and the integer
/// program's idea in intervals: each returns one line per thing it recovers.
extension PublicationAttack {
    /// Rule 4's attack: a mean hidden because fewer than 10 pupils stand behind it, in a row
    /// not marked suppressed — the sex-margin rule never protects it, and means being
    /// multiples of 2.5, the number behind a shown mean can be worked out.
    static func hiddenMeans(_ db: Database) throws -> [String] {
        try db.rows("""
            select school_unit_code, term, grade_year, population, sex from results_school_term
            where suppressed = 0 and mean_merit_value is null
            """).map { "a hidden mean in a row not suppressed: \($0)" }
    }

    /// Rule 5's attack: a shown share of exactly 0 or 1 gives that share to every group
    /// inside the row, a suppressed one too.
    static func allOrNone(_ db: Database) throws -> [String] {
        var found: [String] = []
        for share in ["share_eligible_vocational", "share_eligible_higher_ed", "share_all_subjects_passed"] {
            found += try db.rows("""
                select a.school_unit_code, a.term, a.grade_year, a.population, a.sex, b.population, b.sex, a.\(share)
                from results_school_term a join results_school_term b
                  on b.school_unit_code = a.school_unit_code and b.term = a.term and b.grade_year = a.grade_year
                 and ((a.population = 'all' and b.population <> 'all' and b.sex = a.sex)
                   or (a.sex = 'all' and b.sex <> 'all' and b.population = a.population))
                where a.suppressed = 0 and b.suppressed = 1 and b.n_pupils > 0 and a.\(share) in (0, 1)
                """).map { "\(share) of 0 or 1 over a hidden group: \($0)" }
            found += try db.rows("""
                select c.term, c.grade_year, c.population, c.sex, c.\(share) from results_city_term c
                where c.suppressed = 0 and c.\(share) in (0, 1) and exists (
                  select 1 from results_school_term s where s.term = c.term and s.grade_year = c.grade_year
                    and s.population = c.population and s.sex = c.sex and s.suppressed = 1 and s.n_pupils > 0)
                """).map { "city \(share) of 0 or 1 over a hidden school: \($0)" }
        }
        found += try db.rows("""
            select a.school_unit_code, a.survey, a.term, a.focus_area, b.role from focus_area_followup a
            join focus_area_followup b using (school_unit_code, survey, term, focus_area)
            where a.role = 'all' and b.role <> 'all' and a.suppressed = 0 and b.suppressed = 1 and b.n_respondents > 0
              and a.share_dont_know in (0, 1)
            """).map { "share_dont_know of 0 or 1 over a hidden role: \($0)" }
        return found
    }

    /// Rule 6's attack: the newcomer cells of a term and grade year are the schools'
    /// newcomers; their total, less the shown cells, is the hidden cells' — under 10 pupils
    /// it discloses them (with their mean, where every school's newcomer row shows one).
    /// Where no cell is shown there is nothing to subtract: the total is every cell.
    static func newcomerCells(_ db: Database) throws -> [String] {
        try db.rows("""
            with schools as (
              select term, grade_year, sum(n_pupils) as n from results_school_term
              where population = 'newcomers' and sex = 'all' group by term, grade_year
            ),
            cells as (
              select term, grade_year, sum(case when suppressed = 0 then n_pupils else 0 end) as shown from newcomer_results
              group by term, grade_year
            )
            select s.term, s.grade_year, s.n - c.shown from schools s join cells c using (term, grade_year)
            where s.n - c.shown between 1 and 9 and c.shown > 0
            """).map { "newcomer cells hiding 1-9 pupils: \($0)" }
        + db.rows("""
            select m.term, m.grade_year, m.dimension, m.value, sum(case when c.suppressed = 1 then c.n_pupils else 0 end) as hidden
            from newcomer_results_margins m join newcomer_results c on c.term = m.term and c.grade_year = m.grade_year
             and ((m.dimension = 'need_group' and c.need_group is m.value)
               or (m.dimension = 'years_in_swedish_school' and c.years_in_swedish_school = m.value))
            where m.suppressed = 0
            group by m.term, m.grade_year, m.dimension, m.value
            having hidden between 1 and 9
            """).map { "newcomer margin over 1-9 hidden pupils: \($0)" }
    }

    /// Rule 7's attack: a shown city row is the sum of its school rows; the suppressed school
    /// rows under it hold the city less the shown schools — under the threshold, disclosed.
    static func acrossSchools(_ db: Database) throws -> [String] {
        var found = try db.rows("""
            select c.term, c.grade_year, c.population, c.sex, sum(case when s.suppressed = 1 then s.n_pupils else 0 end) as hidden
            from results_city_term c join results_school_term s using (term, grade_year, population, sex)
            where c.suppressed = 0
            group by c.term, c.grade_year, c.population, c.sex
            having hidden between 1 and 9
            """).map { "city results over 1-9 hidden pupils: \($0)" }
        found += try db.rows("""
            select c.survey, c.term, c.focus_area, c.role, sum(case when s.suppressed = 1 then s.n_respondents else 0 end) as hidden
            from focus_area_city c join focus_area_followup s using (survey, term, focus_area, role)
            where c.suppressed = 0
            group by c.survey, c.term, c.focus_area, c.role
            having hidden between 1 and 4
            """).map { "city survey over 1-4 hidden respondents: \($0)" }
        return found
    }

    /// The integer program's idea, in intervals: where shown rows add up to a shown total
    /// (the sexes under sex all, the schools under the city), each share times its count is
    /// a whole number of pupils, so every hidden cell's number of eligible (or all-passed)
    /// pupils lies between bounds the shown figures set. A hidden cell with pupils whose
    /// bounds meet has been recovered.
    static func boundedShares(_ db: Database) throws -> [String] {
        struct Group { var key: String, n: Int, share: Double, parts: [(label: String, n: Int, share: Double?)], slack: Int }
        var found: [String] = []
        for share in ["share_eligible_vocational", "share_eligible_higher_ed", "share_all_subjects_passed"] {
            let sexes = try db.rows("""
                select t.school_unit_code || ' ' || t.term || ' ' || t.grade_year || ' ' || t.population, t.n_pupils, t.\(share),
                       p.sex, p.n_pupils, p.\(share)
                from results_school_term t join results_school_term p
                  on p.school_unit_code = t.school_unit_code and p.term = t.term and p.grade_year = t.grade_year
                 and p.population = t.population and p.sex <> 'all'
                where t.sex = 'all' and t.\(share) is not null
                order by 1, 4
                """)
            let cities = try db.rows("""
                select c.term || ' ' || c.grade_year || ' ' || c.population || ' ' || c.sex, c.n_pupils, c.\(share),
                       s.school_unit_code, s.n_pupils, s.\(share)
                from results_city_term c join results_school_term s using (term, grade_year, population, sex)
                where c.\(share) is not null
                order by 1, 4
                """)
            var groups: [Group] = []
            // Pupils of unknown sex are in the total and in no sex: slack. The schools
            // partition the city exactly.
            for (rows, partition) in [(sexes, false), (cities, true)] {
                var current: Group?
                func close() {
                    guard var g = current else { return }
                    g.slack = partition ? 0 : max(0, g.n - g.parts.map(\.n).reduce(0, +))
                    groups.append(g)
                }
                for r in rows {
                    let key = r[0].string ?? ""
                    if current?.key != key {
                        close()
                        current = Group(key: key, n: r[1].int ?? 0, share: r[2].double ?? 0, parts: [], slack: 0)
                    }
                    current!.parts.append((r[3].string ?? "", r[4].int ?? 0, r[5].double))
                }
                close()
            }
            for g in groups {
                let total = Int((g.share * Double(g.n)).rounded())
                let shown = g.parts.compactMap { p in p.share.map { Int(($0 * Double(p.n)).rounded()) } }.reduce(0, +)
                let hidden = g.parts.filter { $0.share == nil && $0.n > 0 }
                guard !hidden.isEmpty else { continue }
                // the hidden cells together: the total less the shown, less up to the slack
                let (sumLow, sumHigh) = (max(0, total - shown - g.slack), total - shown)
                let hiddenN = hidden.map(\.n).reduce(0, +)
                for h in hidden {
                    let low = max(0, sumLow - (hiddenN - h.n)), high = min(h.n, sumHigh)
                    if low == high { found.append("\(share) of a hidden cell bounded to one value (\(low) of \(h.n)): \(g.key) \(h.label)") }
                }
            }
        }
        return found
    }
}
