import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// A small inbox whose every view row is computed by hand (see each expectation).
///
/// VT2023 and VT2024, grade 9. School 11111111: 10 pupils with C in all 17 subjects
/// (merit 16·15 + 15 = 255) both years. School 22222222: 10 pupils, D in VT2023 (212.5),
/// E in VT2024 (170). School 33333333: 9 pupils with A (340) in VT2024: suppressed.
/// Pupils alternate female/male. A survey in spring 2024 at 11111111.
@Suite struct ViewScenarioTests {
    static let h: Harness = {
        let h = Harness()
        h.drop("skolenheter/r.csv", "skolenhetskod;skolnamn;stadsdel;giltig_from\n11111111;Ettans skola;Norr;\n22222222;Tvåans skola;Söder;\n33333333;Treans skola;Väster;\n22222222;Tvåans skola (ny);Söder;2024-01-01\n")
        var rows = [Feeds.gradeHeader]
        func cohort(_ school: String, _ n: Int, _ term: String, _ grade: String, _ base: Int) {
            for i in 0..<n {
                // serial digit 3 (second to last): even = female, odd = male
                let pupil = TestPupil.personnummer(term == "VT2023" ? "2007-02-01" : "2008-02-01", serial: base + i * 10 + (i % 2))
                rows += Feeds.gradeRows(pupil: pupil, school: school, term: term, grade: grade,
                                        date: term == "VT2023" ? "2023-06-09" : "2024-06-10")
            }
        }
        cohort("11111111", 10, "VT2023", "C", 100)
        cohort("22222222", 10, "VT2023", "D", 300)
        cohort("11111111", 10, "VT2024", "C", 500)
        cohort("22222222", 10, "VT2024", "E", 700)
        cohort("33333333", 9, "VT2024", "A", 900)
        h.drop("betyg/grades.csv", rows.joined(separator: "\n") + "\n")
        // a registration at 11111111 in school year 2023/24 whose mapping never came
        h.drop("nyanlanda/n.csv", "registreringsdatum;skolenhetskod;tillfalligt_id;skolstart_sverige\n2023-09-08;11111111;20090101-T001;2023-09-10\n")
        h.drop("enkater/s.json", #"{"survey":"s","scale":{"min":1,"max":5,"dont_know":["Vet ej"]},"questions":[{"id":"q1","focus_area":"digitalisering"},{"id":"q2","focus_area":"elevhalsa","reversed":true}]}"#)
        h.drop("enkater/s.csv", """
            svar_id;survey;skolenhetskod;inskickad;roll;q1;q2
            1;s;11111111;2024-03-01;larare;1;5
            2;s;11111111;2024-03-01;larare;2;5
            3;s;11111111;2024-03-01;larare;3;5
            4;s;11111111;2024-03-01;larare;4;5
            5;s;11111111;2024-03-01;;5;Vet ej

            """)
        _ = try! h.run()
        return h
    }()

    @Test func terms() throws {
        #expect(try Self.h.rows("select * from terms order by sort_key") == [
            ["VT2023", "2022/23", "VT", "2023-01-01", "2023-06-30", "4046"],
            ["VT2024", "2023/24", "VT", "2024-01-01", "2024-06-30", "4048"],
        ])
    }

    @Test func resultsSchoolTerm() throws {
        let rows = try Self.h.rows("""
            select school_unit_code, school_name, district, term, grade_year, sex, n_pupils, mean_merit_value,
                   share_eligible_vocational, share_eligible_higher_ed, share_all_subjects_passed, suppressed
            from results_school_term where population = 'all' order by term, school_unit_code, sex
            """)
        #expect(rows == [
            ["11111111", "Ettans skola", "Norr", "VT2023", "9", "all", "10", "255.0", "1.0", "1.0", "1.0", "0"],
            ["11111111", "Ettans skola", "Norr", "VT2023", "9", "female", "5", "NULL", "NULL", "NULL", "NULL", "1"],
            ["11111111", "Ettans skola", "Norr", "VT2023", "9", "male", "5", "NULL", "NULL", "NULL", "NULL", "1"],
            ["22222222", "Tvåans skola", "Söder", "VT2023", "9", "all", "10", "212.5", "1.0", "1.0", "1.0", "0"],
            ["22222222", "Tvåans skola", "Söder", "VT2023", "9", "female", "5", "NULL", "NULL", "NULL", "NULL", "1"],
            ["22222222", "Tvåans skola", "Söder", "VT2023", "9", "male", "5", "NULL", "NULL", "NULL", "NULL", "1"],
            ["11111111", "Ettans skola", "Norr", "VT2024", "9", "all", "10", "255.0", "1.0", "1.0", "1.0", "0"],
            ["11111111", "Ettans skola", "Norr", "VT2024", "9", "female", "5", "NULL", "NULL", "NULL", "NULL", "1"],
            ["11111111", "Ettans skola", "Norr", "VT2024", "9", "male", "5", "NULL", "NULL", "NULL", "NULL", "1"],
            // the register version valid on 2024-06-30 names it "(ny)"
            ["22222222", "Tvåans skola (ny)", "Söder", "VT2024", "9", "all", "10", "170.0", "1.0", "1.0", "1.0", "0"],
            ["22222222", "Tvåans skola (ny)", "Söder", "VT2024", "9", "female", "5", "NULL", "NULL", "NULL", "NULL", "1"],
            ["22222222", "Tvåans skola (ny)", "Söder", "VT2024", "9", "male", "5", "NULL", "NULL", "NULL", "NULL", "1"],
            ["33333333", "Treans skola", "Väster", "VT2024", "9", "all", "9", "NULL", "NULL", "NULL", "NULL", "1"],
            ["33333333", "Treans skola", "Väster", "VT2024", "9", "female", "5", "NULL", "NULL", "NULL", "NULL", "1"],
            ["33333333", "Treans skola", "Väster", "VT2024", "9", "male", "4", "NULL", "NULL", "NULL", "NULL", "1"],
        ])
        // nobody is newly immigrated or of unknown background: excl_newcomers equals all
        #expect(try Self.h.scalar("select count(*) from results_school_term where population = 'excl_newcomers'").int == 15)
        #expect(try Self.h.scalar("select count(*) from results_school_term where population = 'newcomers'").int == 0)
    }

    @Test func schoolDisparity() throws {
        // VT2024: qualifying 22222222 (170) and 11111111 (255); 33333333 is suppressed.
        // n = 2: p10 at position (10·2+99)/100 = 1, median at 1, p90 at 2. Every pupil
        // equals the school mean, so all variance is between schools: share 1.0.
        // VT2023 gap = 255 − 212.5 = 42.5; VT2024 gap 85: change +42.5.
        #expect(try Self.h.rows("select * from school_disparity where population = 'all' order by term") == [
            ["VT2023", "9", "all", "2", "20", "233.75", "212.5", "212.5", "212.5", "255.0", "255.0", "42.5", "1.0", "NULL"],
            ["VT2024", "9", "all", "2", "20", "212.5", "170.0", "170.0", "170.0", "255.0", "255.0", "85.0", "1.0", "42.5"],
        ])
    }

    @Test func focusAreaFollowup() throws {
        // q1 (digitalisering) 1..5 → mean 3.0; q2 (elevhalsa, reversed) 5,5,5,5 → 1,1,1,1
        // and one don't-know: mean 1.0, share 1/5. The role-less response counts only in all.
        #expect(try Self.h.rows("select * from focus_area_followup order by focus_area, role") == [
            ["11111111", "s", "VT2024", "digitalisering", "all", "5", "3.0", "0.0", "0"],
            ["11111111", "s", "VT2024", "digitalisering", "larare", "4", "NULL", "NULL", "1"],
            ["11111111", "s", "VT2024", "elevhalsa", "all", "5", "1.0", "0.2", "0"],
            ["11111111", "s", "VT2024", "elevhalsa", "larare", "4", "NULL", "NULL", "1"],
        ])
    }

    @Test func schoolSignals() throws {
        // 11111111 VT2024: elevhalsa 1.0 on 1–5 is below 37.5 % (low_survey); the mapping
        // due 2023-11-10 never came (mapping_overdue). 22222222 VT2024: 170 ≤ p10 170
        // (low_merit) and 42.5 points below VT2023 (declining). 33333333: suppressed.
        #expect(try Self.h.rows("select * from school_signals order by term, school_unit_code") == [
            ["11111111", "Ettans skola", "VT2023", "9", "0", "0", "0", "0", "0", "0"],
            ["22222222", "Tvåans skola", "VT2023", "9", "1", "0", "0", "0", "0", "1"],
            ["11111111", "Ettans skola", "VT2024", "9", "0", "0", "0", "1", "1", "2"],
            ["22222222", "Tvåans skola (ny)", "VT2024", "9", "1", "0", "1", "0", "0", "2"],
            ["33333333", "Treans skola", "VT2024", "9", "0", "0", "0", "0", "0", "0"],
        ])
    }

    @Test func pupilTermResults() throws {
        #expect(try Self.h.rows("""
            select school_unit_code, term, school_year, grade_year, count(*), min(n_grades), max(n_passed), min(merit_value),
                   sum(all_subjects_passed), sum(eligible_vocational), sum(is_newcomer), sum(unknown_background)
            from pupil_term_results group by 1, 2 order by 2, 1
            """) == [
            ["11111111", "VT2023", "2022/23", "9", "10", "17", "17", "255.0", "10", "10", "0", "0"],
            ["22222222", "VT2023", "2022/23", "9", "10", "17", "17", "212.5", "10", "10", "0", "0"],
            ["11111111", "VT2024", "2023/24", "9", "10", "17", "17", "255.0", "10", "10", "0", "0"],
            ["22222222", "VT2024", "2023/24", "9", "10", "17", "17", "170.0", "10", "10", "0", "0"],
            ["33333333", "VT2024", "2023/24", "9", "9", "17", "17", "340.0", "9", "9", "0", "0"],
        ])
        #expect(try Self.h.scalar("select count(*) from pupil_term_results where length(pupil_id) = 32 and pupil_id not glob '*[^0-9a-f]*'").int == 49)
    }

    @Test func newcomerResultsIsEmptyWithoutNewcomers() throws {
        #expect(try Self.h.scalar("select count(*) from newcomer_results").int == 0)
    }

    @Test func everyViewAndColumnIsInTheCatalog() throws {
        let db = try Self.h.db()
        let views = ["terms", "pupil_term_results", "results_school_term", "newcomer_results", "school_disparity",
                     "focus_area_followup", "school_signals"]
        for view in views {
            #expect(try db.scalar("select count(*) from warehouse_catalog where object_name = ? and column_name is null and object_kind = 'view'", view).int == 1)
            for column in try db.rows("select name from pragma_table_info(?)", view).compactMap({ $0[0].string }) {
                #expect(try db.scalar("select count(*) from warehouse_catalog where object_name = ? and column_name = ?", view, column).int == 1,
                        "\(view).\(column) is not documented")
            }
        }
    }

    /// The stock shell (no function of ours registered) reads every view row for row as the
    /// library does, and the scenario fills each of them (but newcomers': it has none).
    @Test func viewsWorkInTheStockSQLiteShell() throws {
        let db = try Database(path: Self.h.warehouse, readOnly: true, create: false)
        for view in ["terms", "pupil_term_results", "results_school_term", "newcomer_results", "school_disparity", "focus_area_followup", "school_signals"] {
            let columns = try db.scalar("select count(*) from pragma_table_info(?)", view).int!
            let sql = "select * from \(view) order by \((1...columns).map(String.init).joined(separator: ", "))"
            let shell = try Built.shell("sqlite3 -readonly -separator '|' -nullvalue NULL '\(Self.h.warehouse)' '\(sql)'")
                .split(separator: "\n").map(String.init)
            let library = try db.rows(sql).map { row in
                row.values.map { value -> String in
                    switch value {
                    case .null: return "NULL"
                    case .real(let v): return v == v.rounded() && abs(v) < 1e15 ? String(format: "%.1f", v) : "\(v)"
                    default: return value.description
                    }
                }.joined(separator: "|")
            }
            #expect(!library.isEmpty || view == "newcomer_results", "\(view) is empty in the scenario (it has no newcomers)")
            #expect(shell.count == library.count, "\(view): \(shell.count) rows in the shell, \(library.count) through the library")
            let differing = zip(shell, library).first { a, b in a != b && !Self.sameNumbers(a, b) }
            #expect(differing == nil, "\(view): shell and library differ: \(differing.map { "\($0)" } ?? "")")
        }
    }

    /// The shell prints reals with up to 15 significant digits, Swift with 17: equal when
    /// every field is equal or both are numbers within 1e-9.
    static func sameNumbers(_ a: String, _ b: String) -> Bool {
        let x = a.split(separator: "|", omittingEmptySubsequences: false), y = b.split(separator: "|", omittingEmptySubsequences: false)
        return x.count == y.count && zip(x, y).allSatisfy { p, q in
            p == q || (Double(p).flatMap { u in Double(q).map { abs(u - $0) <= 1e-9 * max(1, abs(u)) } } ?? false)
        }
    }
}

/// newcomer_results and the populations, by hand: at school 44444444 in VT2024, year 9,
/// ten pupils who started school in Sweden 2022-08-22 (1 whole year at 2024-06-30, need
/// group 2, all C: merit 255), three who started 2021-08-23 (2 years, no need group), and
/// ten pupils with no registration (all D: 212.5).
@Suite struct NewcomerScenarioTests {
    static let h: Harness = {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("44444444", "Fyrans skola")]))
        var grades = [Feeds.gradeHeader]
        var registrations = ["registreringsdatum;skolenhetskod;personnummer;skolstart_sverige;behovsgrupp"]
        for i in 0..<10 {
            let p = TestPupil.personnummer("2009-05-05", serial: 100 + i * 10)
            grades += Feeds.gradeRows(pupil: p, school: "44444444", term: "VT2024", grade: "C")
            registrations.append("2022-08-20;44444444;\(p);2022-08-22;2")
        }
        for i in 0..<3 {
            let p = TestPupil.personnummer("2009-05-05", serial: 300 + i * 10)
            grades += Feeds.gradeRows(pupil: p, school: "44444444", term: "VT2024", grade: "C")
            registrations.append("2021-08-20;44444444;\(p);2021-08-23;")
        }
        for i in 0..<10 {
            grades += Feeds.gradeRows(pupil: TestPupil.personnummer("2009-06-06", serial: 500 + i * 10), school: "44444444", term: "VT2024", grade: "D")
        }
        h.drop("betyg/g.csv", grades.joined(separator: "\n"))
        h.drop("nyanlanda/n.csv", registrations.joined(separator: "\n"))
        _ = try! h.run()
        return h
    }()

    @Test func newcomerResults() throws {
        #expect(try Self.h.rows("select * from newcomer_results order by years_in_swedish_school") == [
            ["VT2024", "9", "2", "1", "10", "255.0", "1.0", "1.0", "0"],
            ["VT2024", "9", "NULL", "2", "3", "NULL", "NULL", "NULL", "1"],
        ])
    }

    @Test func populations() throws {
        // all 23; excl_newcomers: the 13 arrived within 4 years (no ankomstdatum: school
        // start counts) are newly immigrated, so 10 remain; newcomers: the 13.
        let allMean: Double = (13 * 255.0 + 10 * 212.5) / 23
        #expect(try Self.h.rows("""
            select population, n_pupils, mean_merit_value, suppressed from results_school_term
            where sex = 'all' order by population
            """) == [
            ["all", "23", String(allMean), "0"],
            ["excl_newcomers", "10", "212.5", "0"],
            ["newcomers", "13", "255.0", "0"],
        ])
    }
}
