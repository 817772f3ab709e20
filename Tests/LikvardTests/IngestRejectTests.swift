import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// Every row-level reason code: one bad row among good ones, and its `etl_rejects` row.
@Suite struct IngestRejectTests {
    static let school = "12345678"
    static let pupils = (1...3).map { TestPupil.personnummer("2009-03-14", serial: $0) }

    /// A grade file: header, `bad` at line 2, then 51 good rows (3 pupils × 17 subjects).
    static func gradeFile(bad: String) -> String {
        var lines = [Feeds.gradeHeader, bad]
        for p in pupils { lines += Feeds.gradeRows(pupil: p, school: school, term: "VT2024") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func harness() -> Harness {
        let h = Harness()
        h.drop("skolenheter/register.csv", Feeds.register([(school, "Testskolan")]))
        return h
    }

    static let good = "\(pupils[0]);\(school);9;VT2024;MA;C;2024-06-10"

    @Test(arguments: [
        ("x;y", "malformed_row", nil as String?),
        (";\(school);9;VT2024;MA;C;2024-06-10", "missing_value", "personnummer"),
        ("20090314-1233;\(school);9;VT2024;MA;C;2024-06-10", "invalid_personnummer", "personnummer"),
        ("\(pupils[0]);1234567;9;VT2024;MA;C;2024-06-10", "invalid_school", "skolenhetskod"),
        ("\(pupils[0]);99999999;9;VT2024;MA;C;2024-06-10", "unknown_school", "skolenhetskod"),
        ("\(pupils[0]);\(school);5;VT2024;MA;C;2024-06-10", "invalid_grade_year", "arskurs"),
        ("\(pupils[0]);\(school);9;HT23;MA;C;2024-06-10", "invalid_term", "termin"),
        ("\(pupils[0]);\(school);9;VT2024;XX;C;2024-06-10", "invalid_subject", "amne"),
        ("\(pupils[0]);\(school);9;VT2024;MA;IG;2024-06-10", "invalid_grade", "betyg"),
        ("\(pupils[0]);\(school);9;VT2024;MA;C;2024-02-30", "invalid_date", "betygsdatum"),
        // first problem in header order wins
        ("\(pupils[0]);1234567;9;VT2024;MA;IG;2024-02-30", "invalid_school", "skolenhetskod"),
        ("\(pupils[0]);99999999;9;VT2024;MA;IG;2024-06-10", "unknown_school", "skolenhetskod"),
        ("\(pupils[0]);\(school);9;VT2024;MA;MVG;x", "invalid_grade", "betyg"),
        ("\"unclosed;\(school);9;VT2024;MA;C;2024-06-10", "malformed_row", nil),
    ])
    func gradeRowRejects(bad: String, reason: String, column: String?) throws {
        let h = Self.harness()
        h.drop("betyg/vt2024.csv", Self.gradeFile(bad: bad))
        let report = try h.run()
        #expect(report.exitCode == 0)
        let rejects = try h.rows("select r.line_number, r.reason_code, coalesce(r.column_name, 'NULL') from etl_rejects r join etl_files f using (file_id) where f.feed = 'betyg'")
        #expect(rejects == [["2", reason, column ?? "NULL"]])
        let file = try h.rows("select status, rows_read, rows_loaded, rows_rejected from etl_files where feed = 'betyg'")
        #expect(file == [["loaded", "52", "51", "1"]])
        #expect(try h.scalar("select count(*) from stored_grades").int == 51)
    }

    @Test func duplicateRowIsTheLaterCopy() throws {
        let h = Self.harness()
        var text = Self.gradeFile(bad: Self.good.replacingOccurrences(of: ";MA;", with: ";TN;"))
        text += Self.good.replacingOccurrences(of: ";MA;", with: ";TN;") + "\n"
        h.drop("betyg/vt2024.csv", text)
        try h.run()
        #expect(try h.rows("select line_number, reason_code, column_name from etl_rejects") == [["54", "duplicate_row", "NULL"]])
    }

    /// A gzip grade export longer than the detector holds in memory (196,608 records): a
    /// repeat before that point is rejected at once, repeats after it are found at the end
    /// of the file, taken out and rejected with their line, their text read again (the
    /// teacher's column blanked, the personnummer masked) — the same outcome either way.
    @Test func repeatsInALongExportAreFoundAtItsEnd() throws {
        let h = Self.harness()
        var lines = [Feeds.gradeHeader + ";larare"]
        for i in 0..<12_000 {
            let day = String(format: "2009-%02d-%02d", 1 + i / 900 / 28, 1 + i / 900 % 28)
            let pupil = TestPupil.personnummer(day, serial: i % 900 + 1)
            lines += Feeds.gradeRows(pupil: pupil, school: Self.school, term: "VT2024").map { $0 + ";Lärare \(i % 7)" }
        }
        // Line numbers: the header is line 1, lines[k] is line k + 1.
        lines.insert(lines[9], at: 100)           // line 101 repeats line 10: found at once
        lines.append(lines[3])                    // repeats line 4, past the limit
        lines.append(lines[150_000])              // repeats a line past the limit
        lines.insert(lines[199_999], at: 200_010) // repeats a later line past the limit, in between
        lines.append(lines[3])                    // line 4 a third time
        let lastLine = lines.count
        try IngestFileTests.gzip(lines.joined(separator: "\n") + "\n", in: h, as: "betyg/lang.csv.gz")
        try h.run()

        #expect(try h.rows("select line_number, reason_code, message from etl_rejects order by line_number") == [
            ["101", "duplicate_row", RowReject.repeatedRecord],
            ["200011", "duplicate_row", RowReject.repeatedRecord],
            ["\(lastLine - 2)", "duplicate_row", RowReject.repeatedRecord],
            ["\(lastLine - 1)", "duplicate_row", RowReject.repeatedRecord],
            ["\(lastLine)", "duplicate_row", RowReject.repeatedRecord],
        ])
        let raw = try h.scalar("select raw_line from etl_rejects where line_number = ?", lastLine).string
        #expect(raw == lines[3].replacingOccurrences(of: #"-\d{4};"#, with: "-****;", options: .regularExpression)
                               .replacingOccurrences(of: ";Lärare 0", with: ";"))
        let rows = lastLine - 1
        #expect(try h.rows("select status, rows_read, rows_loaded, rows_rejected from etl_files where feed = 'betyg'")
                == [["loaded", "\(rows)", "\(rows - 5)", "5"]])
        #expect(try h.scalar("select count(*) from stored_grades").int == rows - 5)
        #expect(try h.scalar("select count(*) from stored_grades where line_number in (101, 200011, ?, ?, ?)",
                             lastLine - 2, lastLine - 1, lastLine).int == 0)
        #expect(try h.scalar("select count(*) from stored_grades where line_number in (4, 10, 150001, 200000)").int == 4)
    }

    @Test func duplicateOfAnInvalidRowKeepsTheColumnReason() throws {
        let h = Self.harness()
        let bad = Self.good.replacingOccurrences(of: ";C;", with: ";IG;")
        h.drop("betyg/vt2024.csv", Self.gradeFile(bad: bad) + bad + "\n")
        try h.run()
        #expect(try h.rows("select line_number, reason_code from etl_rejects") == [["2", "invalid_grade"], ["54", "invalid_grade"]])
    }

    @Test func rejectMessagesAndRawLinesAreMasked() throws {
        let h = Self.harness()
        h.drop("betyg/vt2024.csv", Self.gradeFile(bad: "\(Self.pupils[1]);\(Self.school);9;VT2024;MA;IG;2024-06-10"))
        try h.run()
        let row = try h.rows("select message, raw_line from etl_rejects").first!
        #expect(row[1] == "20090314-****;12345678;9;VT2024;MA;IG;2024-06-10")
        #expect(!row.joined().contains(Self.pupils[1]))
    }

    @Test func newcomerRowsNeedOneIdentifier() throws {
        let h = Self.harness()
        var lines = ["registreringsdatum;skolenhetskod;personnummer;tillfalligt_id;skolstart_sverige;behovsgrupp"]
        lines.append("2024-09-01;\(Self.school);;;2024-08-20;1")                                  // both ids empty
        lines.append("2024-09-01;\(Self.school);;20120315-T042;2024-08-20;5")                     // need group 5
        lines.append("2024-09-01;\(Self.school);20120315-T042;;2024-08-20;1")                     // temp id in pnr column
        for i in 1...57 { lines.append("2024-09-01;\(Self.school);\(TestPupil.personnummer("2012-03-15", serial: i));;2024-08-20;2") }
        h.drop("nyanlanda/reg.csv", lines.joined(separator: "\n"))
        try h.run()
        #expect(try h.rows("select line_number, reason_code, column_name from etl_rejects order by line_number") == [
            ["2", "missing_value", "personnummer"],
            ["3", "invalid_value", "behovsgrupp"],
            ["4", "invalid_personnummer", "personnummer"],
        ])
        #expect(try h.rows("select status, rows_read, rows_loaded, rows_rejected from etl_files where feed = 'nyanlanda'") == [["loaded", "60", "57", "3"]])
    }

    @Test func anInvalidOptionalValueRejectsTheRow() throws {
        let h = Harness()
        var lines = ["skolenhetskod;skolnamn;huvudman;socioekonomiskt_index;giltig_from"]
        for i in 0..<20 { lines.append("1000\(String(format: "%04d", i));Skola \(i);kommunal;1,5;") }
        lines.append("20000000;Skola X;statlig;1,5;")
        h.drop("skolenheter/r.csv", lines.joined(separator: "\n"))
        h.config.defaultRejectThreshold = 0.10
        try h.run()
        #expect(try h.rows("select line_number, reason_code, column_name from etl_rejects") == [["22", "invalid_value", "huvudman"]])
    }
}

/// The reject threshold: exactly 5 % loads, more quarantines the whole file.
@Suite struct RejectThresholdTests {
    static func file(good: Int, bad: Int) -> String {
        var lines = [Feeds.gradeHeader]
        for i in 0..<good {
            lines.append("\(TestPupil.personnummer("2009-03-14", serial: i / 17 + 1));12345678;9;VT2024;\(Feeds.subjects[i % 17]);C;2024-06-10")
        }
        for _ in 0..<bad { lines.append("x") }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func exactlyFivePercentStillLoads() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        h.drop("betyg/a.csv", Self.file(good: 95, bad: 5))
        let report = try h.run()
        #expect(report.exitCode == 0)
        #expect(try h.rows("select status, rows_read, rows_loaded, rows_rejected from etl_files where feed = 'betyg'") == [["loaded", "100", "95", "5"]])
    }

    @Test func overFivePercentQuarantinesTheWholeFileButKeepsItsRejects() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        h.drop("betyg/a.csv", Self.file(good: 94, bad: 6))
        let report = try h.run()
        #expect(report.exitCode == 3)
        #expect(try h.rows("select status, reason_code, rows_read, rows_loaded, rows_rejected from etl_files where feed = 'betyg'")
                == [["quarantined", "too_many_rejects", "100", "0", "100"]])
        #expect(try h.scalar("select count(*) from stored_grades").int == 0)
        #expect(try h.scalar("select count(*) from etl_rejects").int == 6)
        #expect(try h.rows("select status from etl_runs") == [["partial"]])
    }

    @Test func thresholdIsPerFeedInThePipeline() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        h.drop("betyg/a.csv", Self.file(good: 90, bad: 10))
        h.config.rejectThreshold["betyg"] = 0.10
        #expect(try h.run().exitCode == 0)
    }
}

/// issue #15: an over-long line is masked before it is cut, so an identifier the cut
/// would split does not escape the mask.
@Suite struct MaskBeforeCutTests {
    @Test(arguments: [4085, 4086, 4087])   // the old cut at 4,096 bytes kept 11, 10, 9 of its 12 digits
    func anIdentifierAcrossTheCutIsMasked(offset: Int) throws {
        let h = Harness.withSchool("12345678")
        // an unclosed quote makes the record malformed: its first line is kept as raw_line
        let line = "\"" + String(repeating: "x", count: offset - 1) + "200903141232;" + String(repeating: "y", count: 200)
        let good = Feeds.gradeRows(pupil: TestPupil.personnummer("2010-01-01", serial: 7), school: "12345678", term: "VT2024")
        h.drop("betyg/long.csv", ([Feeds.gradeHeader, line] + good).joined(separator: "\n") + "\n")
        h.config.rejectThreshold["betyg"] = 0.10
        try h.run()
        let raw = try h.scalar("select raw_line from etl_rejects").string ?? ""
        #expect(raw.utf8.count <= 4096)
        #expect(!raw.contains("200903141") || raw.contains("20090314****"), "offset \(offset): …\(raw.suffix(20))")
        #expect(!raw.contains("1232") && !raw.contains("123;"))
    }
}

/// issue #15: a rejected row's raw line leaves out the teacher's signature and columns the
/// feed does not know; the rest of the row stays for the steward.
@Suite struct PrivateColumnsInRejectsTests {
    @Test func larareAndUnknownColumnsAreBlankedInRawLine() throws {
        let h = Harness.withSchool("12345678")
        let pupils = (1...2).map { TestPupil.personnummer("2009-03-14", serial: $0) }
        var rows = ["personnummer;skolenhetskod;arskurs;termin;amne;betyg;betygsdatum;larare;anteckning"]
        for p in pupils { rows += Feeds.gradeRows(pupil: p, school: "12345678", term: "VT2024").map { $0 + ";Anna Lärare;ok" } }
        rows.append("\(pupils[0]);12345678;9;VT2024;MA;G;2024-06-10;Anna Lärare;\"ring mamma; 070-123\"")
        h.drop("betyg/g.csv", rows.joined(separator: "\n") + "\n")
        try h.run()
        let raw = try h.scalar("select raw_line from etl_rejects").string ?? ""
        #expect(raw.hasPrefix("20090314-****;12345678;9;VT2024;MA;G;2024-06-10;"), "\(raw)")
        #expect(!raw.contains("Anna") && !raw.contains("mamma") && !raw.contains("070"), "\(raw)")
        #expect(try h.scalar("select count(*) from stored_grades").int == 34)
    }
}
