import Foundation
import LikvardSQL

/// An attacker of a publication (docs/disclosure.md): every differencing identity
/// the contract names — nested pairs, margins, the percentiles, minima and maxima of the
/// disparity rows, signals of hidden results — tried on the file; each finding is one line.
public enum PublicationAttack {
    /// Every way two rows of the public tier, or a margin, could give away a group under
    /// the threshold; each finding is one line.
    public static func findings(_ path: String) throws -> [String] {
        let db = try Database(path: path, readOnly: true, create: false)
        var findings: [String] = []
        // Remainder: a shown row A and a shown row B inside it, 0 < n(A) − n(B) < 10.
        let nested = try db.rows("""
            select a.school_unit_code, a.term, a.grade_year, a.population, a.sex, b.population, b.sex, a.n_pupils - b.n_pupils
            from results_school_term a join results_school_term b
              on b.school_unit_code = a.school_unit_code and b.term = a.term and b.grade_year = a.grade_year
             and ((a.population = 'all' and b.population <> 'all' and b.sex = a.sex)
               or (a.sex = 'all' and b.sex <> 'all' and b.population = a.population))
            where a.suppressed = 0 and b.suppressed = 0 and a.n_pupils - b.n_pupils between 1 and 9
            """)
        findings += nested.map { "results remainder: \($0)" }
        let roles = try db.rows("""
            select a.school_unit_code, a.survey, a.term, a.focus_area, b.role, a.n_respondents - b.n_respondents
            from focus_area_followup a join focus_area_followup b
              using (school_unit_code, survey, term, focus_area)
            where a.role = 'all' and b.role <> 'all' and a.suppressed = 0 and b.suppressed = 0
              and a.n_respondents - b.n_respondents between 1 and 4
            """)
        findings += roles.map { "survey remainder: \($0)" }
        // Complement: a shown total whose margin has exactly one suppressed cell.
        let sexMargins = try db.rows("""
            select t.school_unit_code, t.term, t.grade_year, t.population
            from results_school_term t join results_school_term c
              on c.school_unit_code = t.school_unit_code and c.term = t.term and c.grade_year = t.grade_year
             and c.population = t.population and c.sex in ('female', 'male')
            where t.sex = 'all' and t.suppressed = 0
            group by t.school_unit_code, t.term, t.grade_year, t.population
            -- one hidden cell, and another the rule could hide, or parts that add up to the
            -- total (then the total minus the shown parts is the hidden one)
            having sum(c.suppressed) = 1 and (count(*) >= 2 or sum(c.n_pupils) = max(t.n_pupils))
            """)
        findings += sexMargins.map { "sex margin with one suppressed cell: \($0)" }
        let roleMargins = try db.rows("""
            select t.school_unit_code, t.survey, t.term, t.focus_area
            from focus_area_followup t join focus_area_followup c using (school_unit_code, survey, term, focus_area)
            where t.role = 'all' and c.role <> 'all' and t.suppressed = 0
            group by t.school_unit_code, t.survey, t.term, t.focus_area
            having sum(c.suppressed) = 1 and (count(*) >= 2 or sum(c.n_respondents) = max(t.n_respondents))
            """)
        findings += roleMargins.map { "role margin with one suppressed cell: \($0)" }
        // Disparity: every percentile, minimum and maximum is a mean the tier shows.
        for column in ["min_school_mean", "p10_school_mean", "median_school_mean", "p90_school_mean", "max_school_mean"] {
            let unshown = try db.rows("""
                select d.term, d.grade_year, d.population, d.\(column) from school_disparity d
                where not exists (select 1 from results_school_term r
                                  where r.term = d.term and r.grade_year = d.grade_year and r.population = d.population
                                    and r.sex = 'all' and r.suppressed = 0 and r.mean_merit_value = d.\(column))
                """)
            findings += unshown.map { "\(column) is no shown school's mean: \($0)" }
        }
        // Signals: a suppressed result raises no result-based signal.
        let signals = try db.rows("""
            select s.school_unit_code, s.term, s.grade_year from school_signals s
            join results_school_term r on r.school_unit_code = s.school_unit_code and r.term = s.term
             and r.grade_year = s.grade_year and r.population = 'all' and r.sex = 'all'
            where r.suppressed = 1 and (s.low_merit or s.low_eligibility or s.declining)
            """)
        findings += signals.map { "signal from a suppressed result: \($0)" }
        findings += try hiddenMeans(db) + allOrNone(db) + newcomerCells(db) + acrossSchools(db) + boundedShares(db)
        return findings
    }
}
