import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// Merit value at the 16-candidate boundary, each case one pupil at a school of its own,
/// loaded through the real pipeline. The rule (docs/views.md): the 16 highest grade points
/// over every grade but M2, SV and SVA counting once (the higher), plus M2's points.
/// Points: A 20, B 17.5, C 15, D 12.5, E 10, F 0, - 0.
///
/// "Others" below are subjects other than SV, SVA and M2, taken in this order:
/// BL BI EN FY GE HKK HI IDH KE MA M1 ML MU RE SH SL TK TN (18 in all).
@Suite struct MeritValueBoundaryTests {
    static let others = ["BL", "BI", "EN", "FY", "GE", "HKK", "HI", "IDH", "KE", "MA", "M1", "ML", "MU", "RE", "SH", "SL", "TK", "TN"]

    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let grades: [(String, String)]
        let expected: Double
        var description: String { name }
    }

    /// The first `n` others, each with the grade `grades[i]` (the last grade repeats).
    static func others(_ grades: [String], count n: Int) -> [(String, String)] {
        (0..<n).map { (others[$0], grades[min($0, grades.count - 1)]) }
    }

    static let cases: [Case] = [
        // 15 others C + SV A: 16 candidates, all count: 15·15 + 20 = 245
        Case(name: "16 candidates, SV only", grades: others(["C"], count: 15) + [("SV", "A")], expected: 245),
        // 16 others (one E first, then C) + SV B: 17 candidates, the E drops:
        // 17.5 + 15·15 = 242.5 (the defect dropped SV instead: 10 + 15·15 = 235)
        Case(name: "17 candidates, SV only", grades: others(["E", "C"], count: 16) + [("SV", "B")], expected: 242.5),
        Case(name: "17 candidates, SVA only", grades: others(["E", "C"], count: 16) + [("SVA", "B")], expected: 242.5),
        // 16 others C + SV A + M2 E: 17 candidates plus M2: 20 + 15·15 + 10 = 255
        Case(name: "17 candidates, SV only, with M2", grades: others(["C"], count: 16) + [("SV", "A"), ("M2", "E")], expected: 255),
        // 17 others (10 B, then 7 D) + SV A + SVA E: 18 candidates (SVA does not count):
        // 20 + 10·17.5 + 5·12.5 = 257.5
        Case(name: "18 candidates, SV higher",
             grades: others(["B", "B", "B", "B", "B", "B", "B", "B", "B", "B", "D"], count: 17) + [("SV", "A"), ("SVA", "E")],
             expected: 257.5),
        Case(name: "18 candidates, SVA higher",
             grades: others(["B", "B", "B", "B", "B", "B", "B", "B", "B", "B", "D"], count: 17) + [("SV", "E"), ("SVA", "A")],
             expected: 257.5),
        // 17 others E + SV C + SVA C: 18 candidates, one Swedish grade counts: 15 + 15·10 = 165
        Case(name: "18 candidates, SV and SVA equal", grades: others(["E"], count: 17) + [("SV", "C"), ("SVA", "C")], expected: 165),
        // 18 others: BL F, BI -, then 14 D, M1 A and ML A (positions 10, 11); SV C, SVA B, M2 B:
        // 20 grades but M2 = 19 candidates; best 16 = 20 + 20 + 17.5 (SVA) + 13·12.5 = 220;
        // plus M2 17.5 = 237.5
        Case(name: "20 grades, ML and M1 among the best, F and - among the rest",
             grades: [("BL", "F"), ("BI", "-")] + others.dropFirst(2).map { ($0, ["M1", "ML"].contains($0) ? "A" : "D") }
                + [("SV", "C"), ("SVA", "B"), ("M2", "B")],
             expected: 237.5),
        // 10 others A, then 6 others -, SV F: 17 candidates; the best 16 are the ten A and six
        // zeros: 200
        Case(name: "17 candidates, - and F among the best 16",
             grades: others(["A", "A", "A", "A", "A", "A", "A", "A", "A", "A", "-"], count: 16) + [("SV", "F")],
             expected: 200),
        // 14 others C + SV A + SVA B: 15 candidates (SVA does not count): 14·15 + 20 = 230
        Case(name: "15 candidates, both Swedish", grades: others(["C"], count: 14) + [("SV", "A"), ("SVA", "B")], expected: 230),
        // 15 others C + SV C + M2 A: 16·15 + 20 = 260
        Case(name: "16 candidates with M2", grades: others(["C"], count: 15) + [("SV", "C"), ("M2", "A")], expected: 260),
    ]

    /// One run for every case: case i is the only pupil of school 1000000i.
    static let loaded: Harness = {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register(cases.indices.map { (school($0), "Skola \($0)") }))
        var rows = [Feeds.gradeHeader]
        for (i, c) in cases.enumerated() {
            let pupil = TestPupil.personnummer("2009-03-14", serial: i + 1)
            rows += c.grades.map { "\(pupil);\(school(i));9;VT2024;\($0.0);\($0.1);2024-06-10" }
        }
        h.drop("betyg/g.csv", rows.joined(separator: "\n") + "\n")
        _ = try! h.run()
        return h
    }()

    static func school(_ i: Int) -> String { String(10_000_000 + i) }

    @Test(arguments: cases.indices)
    func meritValue(_ i: Int) throws {
        let c = Self.cases[i]
        let merit = try Self.loaded.scalar("select merit_value from pupil_term_results where school_unit_code = ?", Self.school(i))
        #expect(merit.double == c.expected, "\(c.name)")
    }
}
