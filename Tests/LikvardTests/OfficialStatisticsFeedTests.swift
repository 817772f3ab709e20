import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// Feed `skolverket` (docs/feeds.md): Skolverket's SIRIS export as published — the real
/// 2024/25 file, and small files for every rule.
@Suite struct OfficialStatisticsFeedTests {
    static let realFile = Built.packageRoot + "/fixtures/demo/inbox/skolverket/slutbetyg-ak9-2024-25-skolenhet.csv"
    static let header = "Skola;Skol-enhetskod;Skolkommun;Kommun-kod;Typ av huvudman;Huvudman;Huvudman orgnr;Antal elever;"
        + "Andel (%) elever som uppfyllt betygskriterierna i alla ämnen;Andel (%) elever behöriga till yrkesprog.;"
        + "Genomsnittligt meritvärde (17 ämnen)"

    /// A SIRIS-shaped file: the preamble (with `Valt läsår` unless `year` is nil), the
    /// header, `rows`, then an empty row and a note.
    static func siris(year: String? = "2024/25", _ rows: [String]) -> String {
        (["Statistik från Skolverket, https://www.skolverket.se;;;;;;;;;;", ";;;;;;;;;;",
          "Grundskola - Slutbetyg årskurs 9, samtliga elever;;;;;;;;;;"]
         + (year.map { ["Valt läsår: \($0);;;;;;;;;;"] } ?? []) + [";;;;;;;;;;", header] + rows
         + [";;;;;;;;;;", "Rapportbeskrivning och definitioner etc.  ;;;;;;;;;;", "Två prickar (..) betyder färre än 10;;x;;;;;;;;"])
            .joined(separator: "\n") + "\n"
    }

    static func row(_ code: String, name: String = "Skolan", municipality: String = "0180", organiser: String = "Kommunal",
                    pupils: String = "50", passed: String = "80,0", vocational: String = "90,5", merit: String = "230,4") -> String {
        "\(name);\(code);Stockholm;\(municipality);\(organiser);Stockholms kommun;2120000142;\(pupils);\(passed);\(vocational);\(merit)"
    }

    static func fileRow(_ h: Harness, _ name: String) throws -> [String] {
        try h.rows("select status, coalesce(reason_code, ''), rows_read, rows_loaded, rows_rejected from etl_files where file_name = ?", name).first ?? []
    }

    @Test func theReal2024FileGivesSwedensAndStockholmsDistribution() throws {
        let h = Harness()
        try Built.shell("mkdir -p '\(h.inbox)/skolverket' && cp '\(Self.realFile)' '\(h.inbox)/skolverket/'")
        try h.run()
        #expect(try Self.fileRow(h, "skolverket/slutbetyg-ak9-2024-25-skolenhet.csv") == ["loaded", "", "1714", "1714", "0"])
        // The figures Skolverket's own README for this export gives, computed independently of Likvärd.
        #expect(try h.rows("select * from national_comparison order by scope") == [
            ["2024/25", "municipality", "138", "11000", "192.2", "252.4", "286.4", "94.2"],
            ["2024/25", "sweden", "1582", "123118", "196.6", "226.1", "264.4", "67.8"],
        ].map { $0.map { $0 == "94.2" ? String(286.4 - 192.2) : $0 == "67.8" ? String(264.4 - 196.6) : $0 } })
        #expect(try h.rows("""
            select count(*), sum(organiser = 'kommunal'), sum(municipality_code = '0180'), sum(n_pupils is null),
                   sum(mean_merit_value is null), sum(eligible_vocational_nearly_all), sum(share_eligible_vocational is null),
                   count(distinct municipality_code)
            from official_school_results
            """) == [["1714", "1178", "149", "113", "132", "354", "517", "290"]])
        // Percentages become fractions; markers NULL; `..` anywhere → suppressed.
        #expect(try h.rows("""
            select school_name, n_pupils, share_all_subjects_passed, share_eligible_vocational, mean_merit_value, suppressed
            from official_school_results where school_unit_code in ('48000763', '39922552') order by 1
            """) == [["Magelungens Grundskola Uppsala", "16", "NULL", "NULL", "96.3", "1"],
                     ["Oasens skola", "NULL", "NULL", "NULL", "NULL", "1"]])
        #expect(try h.scalar("select max(mean_merit_value) from official_school_results").double == 311.2)
        // Without grades, nothing of the warehouse's own to compare.
        #expect(try h.scalar("select count(*) from official_school_results where warehouse_mean_merit_value is not null").int == 0)
    }

    @Test func theMunicipalityIsASetting() throws {
        let h = Harness()
        try Built.shell("mkdir -p '\(h.inbox)/skolverket' && cp '\(Self.realFile)' '\(h.inbox)/skolverket/'")
        h.config.municipalityCode = "1480"   // Göteborg
        try h.run()
        let n = try h.scalar("select n_schools from national_comparison where scope = 'municipality'").int ?? 0
        let numeric = try h.scalar("""
            select count(*) from official_school_results
            where municipality_code = '1480' and n_pupils is not null and mean_merit_value is not null
            """).int
        #expect(n > 0 && n == numeric)
    }

    @Test func theSameFileAsWindows1252AndGzipLoadsTheSame() throws {
        let h = Harness()
        let text = try String(contentsOfFile: Self.realFile, encoding: .utf8)
        h.drop("skolverket/cp1252.csv", bytes: Array(text.replacingOccurrences(of: "\u{FEFF}", with: "").data(using: .windowsCP1252)!))
        try Built.shell("mkdir -p '\(h.inbox)/skolverket/gz' && gzip -c '\(Self.realFile)' > '\(h.inbox)/skolverket/gz/siris.csv.gz'")
        try h.run()
        #expect(try Self.fileRow(h, "skolverket/cp1252.csv") == ["loaded", "", "1714", "1714", "0"])
        #expect(try h.rows("select status, rows_loaded from etl_files where file_name like '%siris.csv.gz'") == [["loaded", "1714"]])
        #expect(try h.scalar("select count(*) from official_school_results where school_name = 'Fredrikshovs slotts skola'").int == 1)
    }

    @Test func everyValueRuleRejectsItsRow() throws {
        let h = Harness()
        let rows = [
            Self.row("11111111"),                                  // 7: fine
            Self.row("22222222", merit: "340,1"),                  // 8: merit over 340
            Self.row("33333333", merit: "~100"),                   // 9: ~100 only for vocational
            Self.row("44444444", pupils: "12,5"),                  // 10: a count is whole
            Self.row("55555555", passed: "101"),                   // 11: a percent over 100
            Self.row("66666666", municipality: "180"),             // 12: 4 digits
            Self.row("77777777", organiser: "Statlig"),            // 13
            Self.row("1234567"),                                   // 14: 7 digits
            Self.row("11111111", name: "Samma kod"),               // 15: a second row of a unit
            Self.row("88888888", pupils: "..", vocational: "~100", merit: "."),   // 16: fine, markers
        ] + (0..<40).map { Self.row(String(90_000_000 + $0)) }
        h.drop("skolverket/regler.csv", Self.siris(rows))
        h.config.rejectThreshold["skolverket"] = 0.5
        try h.run()
        #expect(try Self.fileRow(h, "skolverket/regler.csv") == ["loaded", "", "50", "42", "8"])
        #expect(try h.rows("select line_number, reason_code, coalesce(column_name, '') from etl_rejects order by line_number") == [
            ["8", "invalid_value", "genomsnittligt meritvarde (17 amnen)"],
            ["9", "invalid_value", "genomsnittligt meritvarde (17 amnen)"],
            ["10", "invalid_value", "antal elever"],
            ["11", "invalid_value", "andel (%) elever som uppfyllt betygskriterierna i alla amnen"],
            ["12", "invalid_value", "kommun-kod"],
            ["13", "invalid_value", "typ av huvudman"],
            ["14", "invalid_school", "skol-enhetskod"],
            ["15", "duplicate_row", ""],
        ])
        #expect(try h.rows("select n_pupils, share_eligible_vocational, eligible_vocational_nearly_all, mean_merit_value, suppressed from official_school_results where school_unit_code = '88888888'")
                == [["NULL", "NULL", "1", "NULL", "1"]])
    }

    @Test func aFileWithoutItsSchoolYearIsQuarantined() throws {
        let h = Harness()
        h.drop("skolverket/utan-lasar.csv", Self.siris(year: nil, [Self.row("11111111")]))
        h.drop("skolverket/utan-rubrik.csv", "Statistik från Skolverket;;;\nValt läsår: 2024/25;;;\nnågot annat;;;\n")
        try h.run()
        #expect(try Self.fileRow(h, "skolverket/utan-lasar.csv") == ["quarantined", "unknown_school_year", "1", "0", "1"])
        #expect(try Self.fileRow(h, "skolverket/utan-rubrik.csv") == ["quarantined", "missing_column", "0", "0", "0"])
    }

    @Test func aLaterFileForTheSameSchoolYearReplacesTheEarlierWhole() throws {
        let h = Harness()
        h.drop("skolverket/a-2024-25.csv", Self.siris([Self.row("11111111"), Self.row("22222222"), Self.row("33333333")]))
        h.drop("skolverket/b-2023-24.csv", Self.siris(year: "2023/24", [Self.row("11111111", merit: "200,0")]))
        try h.run()
        h.drop("skolverket/c-2024-25-rattad.csv", Self.siris([Self.row("11111111", merit: "231,0"), Self.row("44444444")]))
        try h.run()
        #expect(try h.rows("select school_year, school_unit_code, mean_merit_value from official_school_results order by 1, 2") == [
            ["2023/24", "11111111", "200.0"], ["2024/25", "11111111", "231.0"], ["2024/25", "44444444", "230.4"],
        ])
    }
}
