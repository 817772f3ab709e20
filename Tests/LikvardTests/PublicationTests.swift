import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// Publications (docs/disclosure.md) of random inboxes, attacked: every
/// differencing identity the contract names is tried on the public tier, and none may
/// recover a suppressed value or a remainder under the threshold.
@Suite struct PublicationTests {
    static let key = "publication-key-0123456789-0123456789"

    /// A random city loaded and published in `tier`; returns the harness and the file.
    static func published(seed: UInt64, tier: PublicationTier) throws -> (Harness, String) {
        let (h, warehouse) = try loaded(seed: seed)
        let path = h.dir.path + "/\(tier.rawValue).sqlite"
        _ = try warehouse.publish(tier, to: path)
        return (h, path)
    }

    /// A dense random city loaded: most cells over 10 pupils, so there is something to show
    /// and attack.
    static func loaded(seed: UInt64) throws -> (Harness, Warehouse) {
        let inbox = RandomInbox.make(seed: seed, pupils: 850, schools: 6)
        let h = Harness(key: key)
        try inbox.write(night: 1, into: h.inbox)
        try h.run()
        return (h, try Warehouse(path: h.warehouse, forWriting: false))
    }

    @Test(arguments: [201, 202, 203] as [UInt64])
    func theAttackerRecoversNothingFromThePublicTier(seed: UInt64) throws {
        let (h, path) = try Self.published(seed: seed, tier: .public)
        let findings = try PublicationAttack.findings(path)
        #expect(findings.isEmpty, "seed \(seed): \(findings.prefix(10).joined(separator: "\n"))")
        // the utility it states is the share of large enough rows it really shows
        let db = try Database(path: path, readOnly: true, create: false)
        for (population, column) in [("all", "shown_share_all"), ("excl_newcomers", "shown_share_excl_newcomers")] {
            let stated = try db.scalar("select \(column) from publication").double
            let shown = try db.scalar("""
                select avg(mean_merit_value is not null) from results_school_term
                where population = ? and n_pupils >= 10
                """, population).double
            #expect(stated != nil && shown != nil && abs(stated! - shown!) < 1e-9, "seed \(seed) \(population): states \(stated ?? -1), shows \(shown ?? -1)")
            #expect((shown ?? 0) > 0.2, "seed \(seed): the public tier shows almost nothing of \(population)")
        }
        withExtendedLifetime(h) {}
    }

    @Test func primarySuppressionAloneIsAttackable() throws {
        let (h, path) = try Self.published(seed: 201, tier: .internal)
        #expect(!(try PublicationAttack.findings(path)).isEmpty)
        withExtendedLifetime(h) {}
    }

    @Test(arguments: PublicationTier.allCases)
    func aPublicationHoldsTheTiersTablesOnly(tier: PublicationTier) throws {
        let (h, path) = try Self.published(seed: 204, tier: tier)
        let db = try Database(path: path, readOnly: true, create: false)
        var expected = ["terms", "results_school_term", "newcomer_results", "school_disparity", "focus_area_followup",
                        "school_signals", "school_expected_results", "official_school_results", "national_comparison",
                        "results_city_term", "focus_area_city", "intervention_effects", "funding_and_results", "target_followup",
                        "self_assessment_profile", "newcomer_results_margins", "subject_results", "rules",
                        "warehouse_catalog", "publication"]
        // docs/disclosure.md: allocation_basis in internal and microdata; pupil rows in microdata only
        if tier != .public { expected.append("allocation_basis") }
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

/// Each published table declares its tiers, grain and public treatment once, in the header
/// of its view file; the publication's lists are read from there.
@Suite struct PublishedTableDeclarationTests {
    /// Every view of schemas/views declares its publication; none is left to a default.
    @Test func everyViewDeclaresItsPublication() throws {
        #expect(PublishedTable.undeclared.isEmpty, "\(PublishedTable.undeclared)")
        let files = try FileManager.default.contentsOfDirectory(atPath: Built.packageRoot + "/schemas/views").filter { $0.hasSuffix(".sql") }
        #expect(Set(PublishedTable.all.map(\.name)) == Set(files.map { String($0.dropLast(4)) }))
        #expect(PublishedTable.named("allocation_basis")?.tiers == [.internal, .microdata])
        #expect(PublishedTable.named("pupil_term_results")?.tiers == [.microdata])
        #expect(PublishedTable.named("newcomer_results")?.grain.nullable == true)
    }

    /// A public table that does not say where its protected rows come from is no declaration.
    @Test func aPublicTableWithoutItsTreatmentIsUndeclared() {
        #expect(PublishedTable.parse(name: "x", sql: "-- publish: internal public\n-- grain: a b\ncreate view x as select 1") == nil)
        #expect(PublishedTable.parse(name: "x", sql: "-- publish: internal\n-- grain: a b\ncreate view x as select 1") != nil)
        #expect(PublishedTable.parse(name: "x", sql: "-- publish: internal pubic\n-- grain: a\n-- public: warehouse\n") == nil)
        #expect(PublishedTable.parse(name: "x", sql: "create view x as select 1") == nil)
    }

    /// The public tier's follow-up is computed over what it shows, and holds no newcomer
    /// allocation counts.
    @Test func thePublicFollowUpHoldsNoAllocationCounts() throws {
        let (h, path) = try PublicationTests.published(seed: 204, tier: .public)
        let db = try Database(path: path, readOnly: true, create: false)
        #expect(try db.scalar("select count(*) from funding_and_results").int! > 0)
        #expect(try db.scalar("select count(*) from funding_and_results where computed_nyanlandpeng_kr is not null").int == 0)
        withExtendedLifetime(h) {}
    }
}

/// Each rule of the public tier stops an attack the others do not: with the rule switched
/// off, the attacker of `PublicationAttack` recovers something; with every rule on, nothing.
@Suite struct PublicRuleTests {
    static let cities: [UInt64] = [201, 202, 203]

    @Test(arguments: [
        ("remainder", PublicRules.remainder, "remainder"),
        ("complement", PublicRules.complement, "margin with one suppressed cell"),
        ("hidden means", PublicRules.hiddenMeans, "a hidden mean in a row not suppressed"),
        ("all or none", PublicRules.allOrNone, "of 0 or 1 over a hidden"),
        ("newcomer cells", PublicRules.newcomerCells, "newcomer cells hiding"),
        ("across schools", PublicRules.acrossSchools, "over 1-9 hidden pupils"),
    ])
    func eachRuleStopsItsAttack(name: String, rule: PublicRules, finding: String) throws {
        var seen: [String] = []
        let cities = try Self.cities.map { try PublicationTests.loaded(seed: $0) } + [try Self.newcomerCity()]
        for (h, warehouse) in cities {
            let path = h.dir.path + "/public-without-\(rule.rawValue).sqlite"
            _ = try warehouse.publish(.public, to: path, rules: PublicRules.all.subtracting(rule))
            seen += try PublicationAttack.findings(path)
            let all = h.dir.path + "/public.sqlite"
            _ = try warehouse.publish(.public, to: all)
            #expect(try PublicationAttack.findings(all).isEmpty)
            withExtendedLifetime(h) {}
        }
        #expect(seen.contains { $0.contains(finding) }, "\(name) off: the attacker found only \(seen.prefix(5))")
    }

    /// Rule 6's city, built as the issue saw it: 30 newcomers in year 9 at two schools, 26 of
    /// need group 1 and 4 of need group 2 — a cell of 4 pupils that the schools' newcomer rows
    /// (15 each, shown) and the cell of 26 would give away.
    static func newcomerCity() throws -> (Harness, Warehouse) {
        let h = Harness(key: PublicationTests.key)
        let schools = ["12345678", "23456789"]
        h.drop("skolenheter/register.csv", Feeds.register([(schools[0], "Norra skolan"), (schools[1], "Södra skolan")]))
        var registrations = ["registreringsdatum;skolenhetskod;personnummer;skolstart_sverige;behovsgrupp"]
        var grades = [Feeds.gradeHeader]
        for p in 0..<30 {
            let pupil = TestPupil.personnummer(String(format: "2009-%02d-%02d", p % 12 + 1, p % 28 + 1), serial: 100 + p)
            let school = schools[p % 2]
            registrations.append("2023-08-15;\(school);\(pupil);2023-08-20;\(p < 26 ? 1 : 2)")
            grades += Feeds.gradeRows(pupil: pupil, school: school, term: "VT2025", grade: ["B", "C", "D", "E"][p % 4],
                                      date: "2025-06-10")
        }
        h.drop("nyanlanda/mottagning.csv", registrations.joined(separator: "\n") + "\n")
        h.drop("betyg/vt2025.csv", grades.joined(separator: "\n") + "\n")
        try h.run()
        return (h, try Warehouse(path: h.warehouse, forWriting: false))
    }
}
