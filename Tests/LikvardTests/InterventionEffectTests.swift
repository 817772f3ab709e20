import Foundation
import LikvardSQL
import LikvardTestSupport
import Testing

/// A known effect, planted: in a city of 40 schools, 20 get a teacher coach — 10 starting
/// HT2022, 10 starting HT2023 — and from the VT term a year after their baseline their
/// pupils' merit values rise by exactly 8 points on average (each pupil's grades raised by
/// three steps of 2.5, every fifth pupil's by four: (4 · 7.5 + 10) / 5 = 8). Every school
/// also has its own level and every year a shock common to all, which a difference in
/// differences removes. `intervention_effects` must find 8 inside its interval for each year
/// after, and the placebo year must stay near 0.
@Suite struct InterventionEffectTests {
    static let years = 2021...2025
    static let pupilsPerSchool = 25
    /// The 17 subjects of a merit value: with no more, every raised grade counts in full.
    static let subjects = ["BL", "BI", "EN", "FY", "GE", "HKK", "HI", "IDH", "KE", "MA", "M2", "MU", "RE", "SH", "SL", "SV", "TK"]
    static let steps = ["E", "D", "C", "B", "A"]

    struct City {
        var register = "skolenhetskod;skolnamn\n"
        var grades: [Int: String] = [:]   // year → file
        var activities = "insats_id;skolenhetskod;insats;fokusomrade;start_termin;kostnad_kr\n"
    }

    static func city(seed: UInt64, effect: Bool) -> City {
        var random = SeededRandom(seed: seed)
        var city = City()
        let shocks = Dictionary(uniqueKeysWithValues: years.map { ($0, random.int(0...1)) })
        for s in 0..<40 {
            let code = String(format: "1%07d", s)
            city.register += "\(code);Skola \(s)\n"
            let level = random.int(0...1)   // the school's own level, in grade steps
            // schools 0–9 start HT2022 (baseline VT2022), 10–19 HT2023 (VT2023), the rest never
            let baseline: Int? = s < 10 ? 2022 : s < 20 ? 2023 : nil
            if let baseline {
                city.activities += "C\(s);\(code);lararcoach;maluppfyllelse;HT\(baseline);250000\n"
            }
            for year in years {
                var rows = city.grades[year] ?? Feeds.gradeHeader + "\n"
                for p in 0..<pupilsPerSchool {
                    let pupil = TestPupil.personnummer(String(format: "%04d-%02d-%02d", year - 16, s % 12 + 1, p + 1), serial: s * 7 % 1000)
                    // E…B, never cut at an end: level, shock and noise add up exactly
                    var grades = subjects.map { _ in level + shocks[year]! + random.int(0...1) }
                    if effect, let baseline, year > baseline {
                        // three steps, four for every fifth pupil, each on another subject
                        for i in subjects.indices.shuffled(using: &random).prefix(p % 5 == 0 ? 4 : 3) { grades[i] += 1 }
                    }
                    for (subject, step) in zip(subjects, grades) {
                        rows += "\(pupil);\(code);9;VT\(year);\(subject);\(steps[step]);\(year)-06-10\n"
                    }
                }
                city.grades[year] = rows
            }
        }
        return city
    }

    static func effects(_ city: City) throws -> [Int: (effect: Double, low: Double, high: Double, n: Int)] {
        let h = Harness()
        h.drop("skolenheter/register.csv", city.register)
        for (year, text) in city.grades { h.drop("betyg/vt\(year).csv", text) }
        h.drop("insatser/insatser.csv", city.activities)
        try h.run()
        var out: [Int: (Double, Double, Double, Int)] = [:]
        for row in try h.db().rows("""
            select years_after, effect, ci_low, ci_high, n_schools from intervention_effects
            where insats = 'lararcoach' and grade_year = 9 and population = 'all'
            """) {
            out[row[0].int!] = (row[1].double!, row[2].double!, row[3].double!, row[4].int!)
        }
        return out
    }

    @Test func aPlantedEffectOfEightPointsIsFoundInsideItsInterval() throws {
        let found = try Self.effects(Self.city(seed: 7, effect: true))
        #expect(Set(found.keys) == [-1, 1, 2, 3])
        for k in [1, 2, 3] {
            let e = try #require(found[k])
            #expect(e.low <= 8 && 8 <= e.high, "years_after \(k): \(e)")
            #expect(abs(e.effect - 8) < 2, "years_after \(k): \(e)")
        }
        // treated from HT2022 and HT2023 have a year after; only HT2022's have a third
        #expect(found[1]?.n == 20 && found[3]?.n == 10)
        let placebo = try #require(found[-1])
        #expect(placebo.low <= 0 && 0 <= placebo.high && abs(placebo.effect) < 2, "placebo: \(placebo)")
    }

    /// The same city without the effect: every estimate near 0, no interval reaching 8. (A
    /// 95 % interval may miss 0 now and then: that is what 95 % means.)
    @Test func withoutTheEffectNothingIsFound() throws {
        let found = try Self.effects(Self.city(seed: 7, effect: false))
        #expect(found.count == 4)
        for (k, e) in found {
            #expect(abs(e.effect) < 1.5, "years_after \(k): \(e)")
            #expect(e.high < 8, "years_after \(k): \(e)")
        }
    }
}
