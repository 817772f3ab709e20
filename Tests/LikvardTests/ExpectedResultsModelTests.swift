import Foundation
import LikvardSQL
import LikvardTestSupport
import Testing

/// 085_school_expected_results on hand rows with hand-solved fits: the weighted least
/// squares, a covariate without variance left out, three covariates, fewer than 20 schools.
@Suite struct ExpectedResultsModelTests {
    struct School {
        var n: Int, mean: Double, index: Double, newcomers: Int, boys: Int
    }

    /// Schools in VT2025, grade 9, population all: `n` counted pupils (all behind the mean),
    /// `newcomers` of them newcomers, `boys` of them boys and the rest girls.
    static func fit(_ schools: [School]) throws -> [[String]] {
        let m = try ModelHarness()
        try m.gradeFile(1)
        for (i, s) in schools.enumerated() {
            let code = String(format: "%08d", 10_000_000 + i)
            try m.db.run("insert into grade_file_partitions values (1, ?, 'VT2025')", code)
            try m.db.run("""
                insert into results_school_term_facts (school_unit_code, school_name, term, grade_year, population, sex, n_pupils,
                  n_pupils_in_mean, sum_merit_in_mean, mean_merit_value, suppressed)
                values (?1, 'Skola ' || ?1, 'VT2025', 9, 'all', 'all', ?2, ?2, ?3 * ?2, ?3, 0)
                """, code, s.n, s.mean)
            try m.db.run("""
                insert into school_register_rows (file_id, line_number, school_unit_code, school_name, socioeconomic_index, run_date)
                values (1, ?, ?, 'Skola ' || ?2, ?, '2025-01-01')
                """, i + 1, code, s.index)
            for p in 0..<s.n {
                try m.db.run("""
                    insert into pupil_term_facts (pupil_id, pupil_key, school_unit_code, term, school_year, grade_year, sex, n_grades,
                      n_passed, merit_value, all_subjects_passed, eligible_vocational, eligible_higher_ed, is_newcomer,
                      is_newly_immigrated, unknown_background)
                    values (?, ?, ?, 'VT2025', '2024/25', 9, ?, 17, 17, ?, 1, 1, 1, ?, 0, 0)
                    """, "\(code)-\(p)", i * 1000 + p, code, p < s.boys ? "male" : "female", s.mean, p < s.newcomers ? 1 : 0)
            }
        }
        try m.run("010_settings", "020_school_versions")
        try m.db.execute("insert or ignore into scope_partitions select distinct school_unit_code, term from results_school_term_facts")
        try m.runWithoutScope("080_school_disparity", "085_school_expected_results")
        return try m.rows("""
            select mean_merit_value, round(expected_merit_value, 6), round(residual, 6), round(residual_sd, 6),
                   round(standardized_residual, 6), below_expected, n_schools_in_model, round(r_squared, 6),
                   share_newcomers, share_boys
            from school_expected_results_facts order by school_unit_code
            """)
    }

    /// One covariate that varies (the index, 0 or 1); no newcomers anywhere and half boys
    /// everywhere, so those two are left out. With a 0/1 covariate the weighted fit goes
    /// through each group's weighted mean: index 0 → (200·10 + 210·10)/20 = 205 for every
    /// school; index 1 → (240·30 + 260·10)/40 = 245.
    @Test func oneVaryingCovariateIsTheWeightedGroupMean() throws {
        let low = (0..<10).map { School(n: 10, mean: $0 % 2 == 0 ? 200 : 210, index: 0, newcomers: 0, boys: 5) }
        let high = (0..<10).map { School(n: $0 % 2 == 0 ? 30 : 10, mean: $0 % 2 == 0 ? 240 : 260, index: 1, newcomers: 0, boys: $0 % 2 == 0 ? 15 : 5) }
        let rows = try Self.fit(low + high)
        #expect(rows.count == 20)
        // Residuals: ±5 at index 0 (weights 10), −5 (weight 30) and +15 (weight 10) at 1.
        // Σw·r² = 10·10·25 + 5·30·25 + 5·10·225 = 2500 + 3750 + 11250 = 17500; Σw = 300;
        // sd = √(17500/300) = 7.637626. z(−5) = −0.654654; z(+15) = 1.963961.
        // Weighted mean ȳ = (20500 + 49000)/300 = 695/3; Σw(y − ȳ)² = 50·(95/3)² + 50·(65/3)² +
        // 150·(25/3)² + 50·(85/3)² = 50·(9025 + 4225 + 3·625 + 7225)/9 = 1117500/9 → r² =
        // 1 − 17500·9/1117500 = 1 − 0.140940 = 0.859060.
        #expect(rows[0] == ["200.0", "205.0", "-5.0", "7.637626", "-0.654654", "0", "20", "0.85906", "0.0", "0.5"])
        #expect(rows[1] == ["210.0", "205.0", "5.0", "7.637626", "0.654654", "0", "20", "0.85906", "0.0", "0.5"])
        #expect(rows[10] == ["240.0", "245.0", "-5.0", "7.637626", "-0.654654", "0", "20", "0.85906", "0.0", "0.5"])
        #expect(rows[11] == ["260.0", "245.0", "15.0", "7.637626", "1.963961", "0", "20", "0.85906", "0.0", "0.5"])
    }

    /// A school 1.2 residual standard deviations under its expectation is below expected.
    @Test func belowExpectedIsMinusOneStandardDeviation() throws {
        // 19 schools exactly on y = 200 + 50·index, one 30 points under: the fit moves a
        // little towards it; only that school is ≤ −1 sd.
        var schools = (0..<19).map { School(n: 10, mean: 200 + 50 * Double($0 % 5) / 4, index: Double($0 % 5) / 4, newcomers: $0 % 3, boys: 5 + $0 % 2) }
        schools.append(School(n: 10, mean: 195, index: 0.5, newcomers: 1, boys: 5))
        let rows = try Self.fit(schools)
        #expect(rows.map { $0[5] } == Array(repeating: "0", count: 19) + ["1"])
    }

    /// Three covariates, y exactly 120 + 40·index + 80·share_newcomers − 30·share_boys: the
    /// fit reproduces every mean (residual 0, sd 0, no standardized residual, r² 1).
    @Test func threeCovariatesFitAnExactPlaneExactly() throws {
        let schools = (0..<22).map { i -> School in
            let index = Double(i % 7) / 6, newcomers = i % 4, boys = 5 + (i * 3) % 11
            return School(n: 20, mean: 120 + 40 * index + 80 * Double(newcomers) / 20 - 30 * Double(boys) / 20,
                          index: index, newcomers: newcomers, boys: boys)
        }
        let rows = try Self.fit(schools)
        #expect(rows.count == 22)
        for row in rows {
            #expect(abs(Double(row[1])! - Double(row[0])!) < 1e-6)   // expected = mean
            #expect(abs(Double(row[2])!) < 1e-6)
            #expect(row[5] == "0" && row[6] == "22")
            #expect(row[7] == "1.0")
        }
    }

    @Test func nineteenSchoolsAreNoModel() throws {
        let schools = (0..<19).map { School(n: 12, mean: 200 + Double($0), index: Double($0) / 19, newcomers: $0 % 3, boys: 6) }
        #expect(try Self.fit(schools).isEmpty)
        #expect(try Self.fit(schools + [School(n: 12, mean: 230, index: 0.3, newcomers: 1, boys: 6)]).count == 20)
    }
}
