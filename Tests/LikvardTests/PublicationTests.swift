import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// Publications (shared/contract/publish.md) of random inboxes, attacked: every
/// differencing identity the contract names is tried on the public tier, and none may
/// recover a suppressed value or a remainder under the threshold.
@Suite struct PublicationTests {
    static let key = "publication-key-0123456789-0123456789"

    /// A random city loaded and published in `tier`; returns the harness and the file.
    static func published(seed: UInt64, tier: PublicationTier) throws -> (Harness, String) {
        // a dense city: most cells over 10 pupils, so there is something to show and attack
        let inbox = RandomInbox.make(seed: seed, pupils: 1_500, schools: 6)
        let h = Harness(key: key)
        try inbox.write(night: 1, into: h.inbox)
        try h.run()
        let path = h.dir.path + "/\(tier.rawValue).sqlite"
        _ = try Warehouse(path: h.warehouse, forWriting: false).publish(tier, to: path)
        return (h, path)
    }

    /// Every way two rows of the public tier, or a margin, could give away a group under
    /// the threshold; each finding is one line.
    static func attack(_ path: String) throws -> [String] {
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
            group by t.school_unit_code, t.term, t.grade_year, t.population having sum(c.suppressed) = 1
            """)
        findings += sexMargins.map { "sex margin with one suppressed cell: \($0)" }
        let roleMargins = try db.rows("""
            select t.school_unit_code, t.survey, t.term, t.focus_area
            from focus_area_followup t join focus_area_followup c using (school_unit_code, survey, term, focus_area)
            where t.role = 'all' and c.role <> 'all' and t.suppressed = 0
            group by t.school_unit_code, t.survey, t.term, t.focus_area having sum(c.suppressed) = 1
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
        return findings
    }

    @Test(arguments: [201, 202, 203] as [UInt64])
    func theAttackerRecoversNothingFromThePublicTier(seed: UInt64) throws {
        let (h, path) = try Self.published(seed: seed, tier: .public)
        let findings = try Self.attack(path)
        #expect(findings.isEmpty, "seed \(seed): \(findings.prefix(10).joined(separator: "\n"))")
        let db = try Database(path: path, readOnly: true, create: false)
        #expect(try db.scalar("select count(*) from results_school_term where suppressed = 0").int! > 0)
        withExtendedLifetime(h) {}
    }

    @Test func primarySuppressionAloneIsAttackable() throws {
        let (h, path) = try Self.published(seed: 201, tier: .internal)
        #expect(!(try Self.attack(path)).isEmpty)
        withExtendedLifetime(h) {}
    }

    @Test(arguments: PublicationTier.allCases)
    func aPublicationHoldsTheTiersTablesOnly(tier: PublicationTier) throws {
        let (h, path) = try Self.published(seed: 204, tier: tier)
        let db = try Database(path: path, readOnly: true, create: false)
        var expected = ["terms", "results_school_term", "newcomer_results", "school_disparity", "focus_area_followup",
                        "school_signals", "warehouse_catalog", "publication"]
        if tier == .microdata { expected.append("pupil_term_results") }
        #expect(try db.rows("select name from sqlite_schema").map { $0[0].string! }.sorted() == expected.sorted())
        #expect(try db.scalar("select count(*) from sqlite_schema where type <> 'table'").int == 0)
        // Columns and types are the warehouse views'.
        let warehouse = try h.db()
        for table in expected where !["warehouse_catalog", "publication"].contains(table) {
            let ours = try db.rows("select name, upper(type) from pragma_table_info(?)", table).map { $0.values }
            let views = try warehouse.rows("select name, upper(type) from pragma_table_info(?)", table).map { $0.values }
            #expect(ours == views, "\(table)")
        }
        #expect(try db.rows("select tier, likvard_version from publication").map(\.values)
                == [[.text(tier.rawValue), .text(LikvardVersion.current)]])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! Int
        #expect(mode == [PublicationTier.internal: 0o640, .public: 0o644, .microdata: 0o600][tier])
        // No page of the file holds a pupil_id (but microdata), a file name or the key's fingerprint.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        func holds(_ text: String) -> Bool { bytes.range(of: Data(text.utf8)) != nil }
        let fingerprint = try warehouse.scalar("select value from warehouse_meta where key = 'key_fingerprint'").string!
        #expect(!holds(fingerprint))
        for name in try warehouse.rows("select file_name from etl_files").map({ $0[0].string! }) {
            #expect(!holds(name), "\(name)")
        }
        let ids = try warehouse.rows("select pupil_id from pupil_term_results limit 50").map { $0[0].string! }
        #expect(ids.contains(where: holds) == (tier == .microdata))
    }

    @Test func publishingTheSameStateTwiceGivesTheSameRows() throws {
        let (h, path) = try Self.published(seed: 205, tier: .public)
        let again = h.dir.path + "/again.sqlite"
        _ = try Warehouse(path: h.warehouse, forWriting: false).publish(.public, to: again)
        let a = try Database(path: path, readOnly: true, create: false), b = try Database(path: again, readOnly: true, create: false)
        for table in ["results_school_term", "focus_area_followup", "school_disparity", "school_signals", "newcomer_results"] {
            let sql = "select * from \(table) order by 1, 2, 3, 4"
            #expect(try a.rows(sql).map(\.values) == b.rows(sql).map(\.values), "\(table)")
        }
    }
}
