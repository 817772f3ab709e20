import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// The administration's own feeds — activities (`insatser`), resources (`resurser`),
/// targets (`mal`) — validated like every feed: a bad row among 25 good ones is rejected with
/// its line, column and reason, the rest loads, nothing is lost.
@Suite struct FollowUpFeedTests {
    static let school = "12345678"

    static func harness() -> Harness {
        let h = Harness()
        h.drop("skolenheter/register.csv", Feeds.register([(school, "Testskolan"), ("23456789", "Andra skolan")]))
        return h
    }

    static let activityHeader = "insats_id;skolenhetskod;insats;fokusomrade;start_termin;slut_termin;kostnad_kr;beskrivning"
    static let resourceHeader = "skolenhetskod;lasar;antal_elever;socioekonomiskt_tillagg_kr;nyanlandpeng_kr"
    static let targetHeader = "mal_id;omfattning;skolenhetskod;matt;population;arskurs;survey;focus_area;utgangslage_termin;maltermin;malvarde"

    /// One of the three feeds: where its file goes, its header, its good rows and the table
    /// they load into.
    struct FollowUpFile: Sendable, CustomTestStringConvertible {
        let feed: String
        let header: String
        let good: @Sendable (Int) -> String
        let table: String
        var path: String { "\(feed)/\(feed).csv" }
        var testDescription: String { feed }

        /// `bad` at line 2, then 25 good rows.
        func text(bad: String) -> String {
            ([header, bad] + (1...25).map(good)).joined(separator: "\n") + "\n"
        }
    }

    static let activities = FollowUpFile(
        feed: "insatser", header: activityHeader,
        good: { "G\($0);\(school);Lärarcoach;maluppfyllelse;HT2023;VT2025;150000;" }, table: "activity_rows")
    static let resources = FollowUpFile(
        feed: "resurser", header: resourceHeader,
        good: { "\($0 % 2 == 0 ? school : "23456789");\(2000 + $0)/\(String(format: "%02d", ($0 + 1) % 100));350;1200000;90000" },
        table: "resource_rows")
    static let targets = FollowUpFile(
        feed: "mal", header: targetHeader,
        good: { "T\($0);stad;;mean_merit_value;all;9;;;VT2023;VT2026;230" }, table: "target_rows")

    /// A bad row at line 2 is rejected with that line, reason and column; the 25 good rows
    /// after it load.
    @Test(arguments: [
        (activities, "A1;99999999;lararcoach;maluppfyllelse;HT2023;;;", "unknown_school", "skolenhetskod"),
        (activities, "A1;\(school);lararcoach;maluppfyllelse;HT23;;;", "invalid_term", "start_termin"),
        (activities, "A1;\(school);lararcoach;maluppfyllelse;VT2024;HT2023;;", "invalid_value", "slut_termin"),
        (activities, "A1;\(school);lärar coach;maluppfyllelse;VT2024;;;", "invalid_value", "insats"),
        (activities, "A1;\(school);lararcoach;matte;VT2024;;;", "invalid_value", "fokusomrade"),
        (activities, "A1;\(school);lararcoach;maluppfyllelse;VT2024;;-5;", "invalid_value", "kostnad_kr"),
        (activities, String(repeating: "x", count: 41) + ";\(school);lararcoach;maluppfyllelse;VT2024;;;", "invalid_value", "insats_id"),
        (activities, ";\(school);lararcoach;maluppfyllelse;VT2024;;;", "missing_value", "insats_id"),
        (resources, "\(school);2023/24;0;100;0", "invalid_value", "antal_elever"),
        (resources, "\(school);2023/25;10;100;0", "invalid_value", "lasar"),
        (resources, "\(school);2023/24;10;-1;0", "invalid_value", "socioekonomiskt_tillagg_kr"),
        (resources, "\(school);2023/24;10;100;", "missing_value", "nyanlandpeng_kr"),
        (resources, "99999999;2023/24;10;100;0", "unknown_school", "skolenhetskod"),
        (targets, "M1;stad;;mean_merit_value;all;9;;;VT2023;HT2025;230", "invalid_value", "maltermin"),
        (targets, "M1;stad;;mean_merit_value;all;9;;;VT2025;VT2023;230", "invalid_value", "maltermin"),
        (targets, "M1;skola;;mean_merit_value;all;9;;;VT2023;VT2026;230", "missing_value", "skolenhetskod"),
        (targets, "M1;stad;\(school);mean_merit_value;all;9;;;VT2023;VT2026;230", "invalid_value", "skolenhetskod"),
        (targets, "M1;stad;;survey_mean_score;all;9;;elevhalsa;VT2023;VT2026;3,5", "missing_value", "survey"),
        (targets, "M1;stad;;medelvarde;all;9;;;VT2023;VT2026;230", "invalid_value", "matt"),
        (targets, "M1;stad;;mean_merit_value;all;9;;;VT2023;VT2026;hög", "invalid_value", "malvarde"),
        (targets, "M1;kommun;;mean_merit_value;all;9;;;VT2023;VT2026;230", "invalid_value", "omfattning"),
        (targets, "M1;skola;99999999;mean_merit_value;all;9;;;VT2023;VT2026;230", "unknown_school", "skolenhetskod"),
        (targets, "M1;stad;;mean_merit_value;all;5;;;VT2023;VT2026;230", "invalid_grade_year", "arskurs"),
    ] as [(FollowUpFile, String, String, String?)])
    func badRowIsRejected(file: FollowUpFile, bad: String, reason: String, column: String?) throws {
        let h = Self.harness()
        h.drop(file.path, file.text(bad: bad))
        let report = try h.run()
        #expect(report.exitCode == 0)
        let rejects = try h.rows("""
            select r.line_number, r.reason_code, coalesce(r.column_name, 'NULL') from etl_rejects r join etl_files f using (file_id)
            where f.feed = ?
            """, file.feed)
        #expect(rejects == [["2", reason, column ?? "NULL"]])
        let loaded = try h.rows("select status, rows_read, rows_loaded, rows_rejected from etl_files where feed = ?", file.feed)
        #expect(loaded == [["loaded", "26", "25", "1"]])
        #expect(try h.scalar("select count(*) from \(file.table)").int == 25)
    }

    /// A reject names its file, line and column in its message and in `likvard rejects`.
    @Test func rejectMessageNamesTheColumnAndValue() throws {
        let h = Self.harness()
        h.drop(Self.activities.path, Self.activities.text(bad: "A1;\(Self.school);lararcoach;maluppfyllelse;VT2024;HT2023;;"))
        try h.run()
        let message = try h.scalar("select message from etl_rejects").string ?? ""
        #expect(message.contains("slut_termin") && message.contains("HT2023") && message.contains("VT2024"), "\(message)")
    }

    /// The last row of an activity, resource or target wins; a kind is folded as a person
    /// may write it; free text is kept masked and in no view.
    @Test func laterRowsReplaceAndFreeTextStaysWithTheSteward() throws {
        let h = Self.harness()
        let pnr = TestPupil.personnummer("2009-03-14", serial: 123)
        h.drop("insatser/a.csv", Self.activityHeader + "\nA1;\(Self.school);Lärarcoach;maluppfyllelse;HT2023;;100;Coach för \(pnr)\n")
        h.drop("insatser/b.csv", Self.activityHeader + "\nA1;23456789;LÄRARCOACH;maluppfyllelse;VT2024;;200;\n")
        h.drop("resurser/a.csv", Self.resourceHeader + "\n\(Self.school);2023/24;300;600000;0\n\(Self.school);2023/24;400;800000;0\n")
        h.drop("mal/a.csv", Self.targetHeader + "\nM1;stad;;mean_merit_value;all;9;;;VT2023;VT2026;230\nM1;stad;;gap_p90_p10;all;9;;;VT2023;VT2026;80\n")
        try h.run()
        #expect(try h.rows("select activity_id, school_unit_code, kind, start_term, cost_kr from current_activities")
                == [["A1", "23456789", "lararcoach", "VT2024", "200"]])
        #expect(try h.rows("select n_pupils_allocated, supplement_per_pupil_kr from funding_and_results") == [["400", "2000.0"]])
        #expect(try h.rows("select mal_id, matt, target_value from target_followup") == [["M1", "gap_p90_p10", "80.0"]])
        let stored = try h.scalar("select description from activity_rows where description is not null").string ?? ""
        #expect(stored.hasPrefix("Coach för 20090314") && !stored.contains(String(pnr.suffix(4))), "\(stored)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: h.warehouse))
        #expect(bytes.range(of: Data(pnr.utf8)) == nil)
        #expect(bytes.range(of: Data(pnr.replacingOccurrences(of: "-", with: "").utf8)) == nil)
    }
}
