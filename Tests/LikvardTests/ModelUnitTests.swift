import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// One refresh model at a time, like dbt unit tests: given input rows in the tables the
/// model reads, the rows it writes. No CSV file and no load: the SQL of schemas/derived/
/// on hand-written rows, each expectation derived in a comment.
@Suite struct ModelUnitTests {
    /// 040_grades: a grade file replaces a (school, term) partition of files first seen
    /// before it; within the partition the later betygsdatum wins, then the later line.
    @Test func gradesInForce() throws {
        let m = try ModelHarness()
        try m.db.execute("""
            insert into pupil_identities (identity_key, identity_id, kind, birth_year, sex)
            values (1, 'p1', 'personnummer', 2009, 'male');
            """)
        try m.gradeFile(1)
        try m.gradeFile(2)
        try m.db.execute("insert into grade_file_partitions values (1, '11111111', 'VT2024'), (1, '11111111', 'HT2023'), (2, '11111111', 'VT2024')")
        func row(_ file: Int, _ line: Int, _ term: String, _ year: Int, _ subject: String, _ grade: String, _ date: Int) -> ModelHarness.GradeRow {
            .init(file: file, line: line, identity: 1, school: "11111111", term: term, gradeYear: year, subject: subject, grade: grade, date: date)
        }
        try m.storeGrades([
            row(1, 2, "HT2023", 9, "MA", "D", 20231215), row(1, 3, "VT2024", 9, "MA", "C", 20240601),
            row(1, 4, "VT2024", 9, "EN", "B", 20240601), row(2, 2, "VT2024", 9, "MA", "A", 20240605),
            row(2, 3, "VT2024", 9, "MA", "B", 20240603), row(2, 4, "VT2024", 8, "SV", "E", 20240605),
            row(2, 5, "VT2024", 9, "SV", "F", 20240605),
        ])
        try m.run("010_settings", "030_pupils", "040_grades")
        // HT2023: file 1 alone. VT2024: file 2 replaces file 1 (EN is gone); MA: A of the
        // 5th beats B of the 3rd (later date, though an earlier line); SV: same date, the
        // later line (F, grade year 9) wins.
        // cells modulo 8 are grade codes: 1 A … 6 F, 7 -, 0 none
        #expect(try m.rows("select term, ma % 8, sv % 8, en % 8, latest % 10 from pupil_grades_in_force order by term")
                == [["HT2023", "4", "0", "0", "9"], ["VT2024", "1", "6", "0", "9"]])
        #expect(try m.rows("select school_unit_code, term, file_id from grade_partition_owners order by term")
                == [["11111111", "HT2023", "1"], ["11111111", "VT2024", "2"]])
        // Per pupil: VT2024's latest row is SV's (line 5, year 9); MA passed, SV not.
        #expect(try m.rows("""
            select term, pupil_key, grade_year, n_grades, n_passed, merit_value, passed_swedish, passed_english, passed_maths,
                   passed_others from pupil_grade_facts order by term
            """) == [
            ["HT2023", "1", "9", "1", "1", "12.5", "0", "0", "1", "0"],
            ["VT2024", "1", "9", "2", "1", "20.0", "0", "0", "1", "0"],
        ])
    }

    /// 040_grades: a linked temporary id's grades merge with its personnummer's, subject by
    /// subject by the later grade; SV and SVA count once; more than 16 candidates keep the
    /// 16 highest (here the lowest dropped are a - and two E's).
    @Test func linkedIdentitiesAndTheSixteenHighest() throws {
        let m = try ModelHarness()
        try m.gradeFile(1)
        try m.db.execute("""
            insert into pupil_identities (identity_key, identity_id, kind, birth_year) values
              (1, 'p1', 'personnummer', 2009), (2, 'p2', 'personnummer', 2009), (3, 't3', 'temporary', 2009),
              (4, 'p4', 'personnummer', 2009);
            insert into newcomer_registrations (file_id, line_number, registration_date, school_unit_code, pnr_identity,
              temp_identity, school_start_sweden)
            values (1, 2, '2023-09-01', '11111111', 2, 3, '2023-08-20');
            insert into grade_file_partitions values (1, '11111111', 'VT2024');
            """)
        func row(_ line: Int, _ identity: Int, _ year: Int, _ subject: String, _ grade: String, _ date: Int) -> ModelHarness.GradeRow {
            .init(file: 1, line: line, identity: identity, school: "11111111", term: "VT2024", gradeYear: year,
                  subject: subject, grade: grade, date: date)
        }
        // Pupil 1: all 21 subjects.
        let all = zip(Subject.ordered, ["A", "A", "B", "C", "C", "D", "E", "E", "E", "B", "-", "C", "E", "A", "D", "C", "B", "C", "A", "E", "E"])
        try m.storeGrades(all.enumerated().map { row(100 + $0.offset, 1, 9, $0.element.0, $0.element.1, 20240605) } + [
            row(2, 2, 9, "MA", "C", 20240601), row(3, 3, 9, "MA", "A", 20240605), row(4, 3, 8, "EN", "B", 20240604),
            row(5, 4, 9, "SV", "B", 20240605), row(7, 4, 9, "SVA", "C", 20240605),
        ])
        try m.run("010_settings", "030_pupils", "040_grades")
        // Pupil 1: 19 candidates (M2 aside, SV C and SVA A as one A). The 16 highest: four
        // A (80), three B (52.5), three C (45), two D (25), four of the six E (40) = 242.5,
        // plus M2's C (15): 257.5. Passed: all but M1's -. Pupil 2 (identities 2 and 3):
        // MA A (the later date, from the temporary id) and EN B: 37.5, latest row MA's
        // (year 9). Pupil 4: SV B and SVA C count once, the higher: 17.5.
        #expect(try m.rows("""
            select pupil_key, grade_year, n_grades, n_passed, merit_value, passed_swedish, passed_english, passed_maths,
                   passed_others from pupil_grade_facts order by pupil_key
            """) == [
            ["1", "9", "21", "20", "257.5", "1", "1", "1", "16"],
            ["2", "9", "2", "2", "37.5", "0", "1", "1", "0"],
            ["4", "9", "2", "2", "17.5", "1", "0", "0", "0"],
        ])
        // each subject's grade code (1 A … 6 F, 7 -), in the codes' order
        #expect(try m.rows("""
            select bl, bi, en, fy, ge, hkk, hi, idh, ke, ma, m1, m2, ml, mu, re, sh, sl, sv, sva, tk, tn
            from pupil_grade_facts where pupil_key = 1
            """) == [["1", "1", "2", "3", "3", "4", "5", "5", "5", "2", "7", "3", "5", "1", "4", "3", "2", "3", "1", "5", "5"]])
    }

    /// 080_school_disparity: nearest-rank percentiles over the qualifying schools, the gap
    /// and its change since the same season a year earlier, the variance share.
    @Test func schoolDisparity() throws {
        let m = try ModelHarness()
        try m.gradeFile(1)
        // Three schools in VT2023 and VT2024, and a fourth in VT2024 with 9 pupils (not
        // qualifying). Every pupil of a school has the school's mean, so all the variance
        // is between schools: share 1.0.
        let schools: [(String, String, Int, Double)] = [
            ("11111111", "VT2023", 10, 210), ("22222222", "VT2023", 10, 215), ("33333333", "VT2023", 10, 230),
            ("11111111", "VT2024", 10, 200), ("22222222", "VT2024", 12, 220), ("33333333", "VT2024", 10, 250),
            ("44444444", "VT2024", 9, 100),
        ]
        for (school, term, n, mean) in schools {
            try m.db.run("insert into grade_file_partitions values (1, ?, ?)", school, term)
            try m.db.run("""
                insert into results_school_term_facts (school_unit_code, term, grade_year, population, sex, n_pupils,
                  n_pupils_in_mean, sum_merit_in_mean, mean_merit_value, suppressed)
                values (?, ?, 9, 'all', 'all', ?, ?, ?, ?, ?)
                """, school, term, n, n, mean * Double(n), n >= 10 ? mean : nil, n < 10)
            for i in 0..<n {
                try m.db.run("""
                    insert into pupil_term_facts (pupil_id, pupil_key, school_unit_code, term, school_year, grade_year, n_grades,
                      n_passed, merit_value, all_subjects_passed, eligible_vocational, eligible_higher_ed, is_newcomer,
                      is_newly_immigrated, unknown_background)
                    values (?, ?, ?, ?, '', 9, 17, 17, ?, 1, 1, 1, 0, 0, 0)
                    """, "\(school)-\(term)-\(i)", i, school, term, mean)
            }
        }
        try m.run("010_settings")
        try m.db.execute("insert or ignore into scope_partitions select distinct school_unit_code, term from results_school_term_facts")
        try m.runWithoutScope("080_school_disparity")
        // VT2024: means 200, 220, 250 (n = 3): p10 at ceil(0.3) = 1 → 200, median at
        // ceil(1.5) = 2 → 220, p90 at ceil(2.7) = 3 → 250; gap 50; mean of means 670/3;
        // pupils 32. VT2023: 210, 215, 230: gap 20, so the change is 50 − 20 = 30.
        let rows = try m.rows("""
            select term, n_schools, n_pupils_in_means, round(mean_of_school_means, 6), min_school_mean, p10_school_mean,
                   median_school_mean, p90_school_mean, max_school_mean, gap_p90_p10, between_school_variance_share,
                   gap_change_vs_prev_year
            from school_disparity_facts order by term
            """)
        #expect(rows == [
            ["VT2023", "3", "30", "218.333333", "210.0", "210.0", "215.0", "230.0", "230.0", "20.0", "1.0", "NULL"],
            ["VT2024", "3", "32", "223.333333", "200.0", "200.0", "220.0", "250.0", "250.0", "50.0", "1.0", "30.0"],
        ])
    }

    /// 100_school_signals, mapping_overdue: the deadline is two calendar months after the
    /// school start, clamped to the month's last day (31 Dec 2023 → 29 Feb 2024).
    @Test(arguments: [("2024-02-29", 0), ("2024-03-01", 1), (nil, 1)] as [(String?, Int)])
    func mappingDeadlineIsClampedToTheMonthsLastDay(mapping: String?, overdue: Int) throws {
        let m = try ModelHarness()
        try m.gradeFile(1)
        try m.db.execute("""
            insert into grade_file_partitions values (1, '11111111', 'VT2024');
            insert into pupil_identities (identity_key, identity_id, kind, birth_year) values (1, 't1', 'temporary', 2010);
            insert into results_school_term_facts (school_unit_code, term, grade_year, population, sex, n_pupils,
              n_pupils_in_mean, suppressed)
            values ('11111111', 'VT2024', 9, 'all', 'all', 3, 3, 1);
            """)
        try m.db.run("""
            insert into newcomer_registrations (file_id, line_number, registration_date, school_unit_code, temp_identity,
              school_start_sweden, mapping_completed)
            values (1, 2, '2023-12-31', '11111111', 1, '2023-12-31', ?)
            """, mapping)
        try m.run("010_settings", "090_focus_area_followup", "100_school_signals")
        // Missing and the deadline (29 Feb) before the reference date (30 June): overdue.
        #expect(try m.rows("select mapping_overdue, signal_count from school_signal_facts") == [["\(overdue)", "\(overdue)"]])
    }

    /// 100_school_signals, low_eligibility: a share strictly below 0.80 (8 of 10 is not).
    @Test(arguments: [(8, 0), (7, 1)])
    func lowEligibilityIsStrictlyBelowTheShare(eligible: Int, signal: Int) throws {
        let m = try ModelHarness()
        try m.gradeFile(1)
        try m.db.run("""
            insert into results_school_term_facts (school_unit_code, term, grade_year, population, sex, n_pupils,
              n_pupils_in_mean, sum_merit_in_mean, mean_merit_value, share_eligible_vocational, suppressed)
            values ('11111111', 'VT2024', 9, 'all', 'all', 10, 10, 2200, 220, ? * 1.0 / 10, 0)
            """, eligible)
        try m.db.execute("insert into grade_file_partitions values (1, '11111111', 'VT2024')")
        try m.run("010_settings", "090_focus_area_followup", "100_school_signals")
        #expect(try m.rows("select low_eligibility from school_signal_facts") == [["\(signal)"]])
    }

    /// 100_school_signals, declining: the mean at least 10 points below the same school's
    /// and grade year's a year earlier (same season); 7.5 below is not.
    @Test(arguments: [(210.0, 1), (212.5, 0), (230.0, 0)])
    func decliningIsTenPointsOrMoreBelowLastYear(mean: Double, signal: Int) throws {
        let m = try ModelHarness()
        try m.gradeFile(1)
        for (term, value) in [("VT2023", 220.0), ("VT2024", mean)] {
            try m.db.run("""
                insert into results_school_term_facts (school_unit_code, term, grade_year, population, sex, n_pupils,
                  n_pupils_in_mean, sum_merit_in_mean, mean_merit_value, share_eligible_vocational, suppressed)
                values ('11111111', ?, 9, 'all', 'all', 10, 10, ? * 10, ?, 1.0, 0)
                """, term, value, value)
            try m.db.run("insert into grade_file_partitions values (1, '11111111', ?)", term)
        }
        try m.run("010_settings", "090_focus_area_followup", "100_school_signals")
        #expect(try m.rows("select term, declining from school_signal_facts order by term") == [["VT2023", "0"], ["VT2024", "\(signal)"]])
    }
}
