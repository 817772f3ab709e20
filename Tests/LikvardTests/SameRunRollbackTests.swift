import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// A register file whose rows are rolled back must not leave its schools "known" to the
/// later files of the same run: a grade file for such a school is `unknown_school`, as it
/// would be if the two files came on different nights. One test per way a file's rows are
/// undone: a gzip stream corrupt after its last row, a file that changed while it was read,
/// a file over its reject threshold — and the re-read as Windows-1252, which must keep them.
@Suite struct SameRunRollbackTests {
    static let school = "87654321"
    static let pupil = TestPupil.personnummer("2009-03-14", serial: 1)

    /// A grade file for `school` only, in `betyg/` (processed after every register file).
    static func dropGrades(_ h: Harness) {
        h.drop("betyg/grades.csv", ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: pupil, school: school, term: "VT2024"))
            .joined(separator: "\n") + "\n")
    }

    /// The grade file's outcome and the reason of its first reject.
    static func gradeOutcome(_ h: Harness) throws -> (status: String, reject: String) {
        let status = try h.scalar("select status from etl_files where file_name = 'betyg/grades.csv'").string ?? ""
        let reject = try h.scalar("""
            select reason_code from etl_rejects where file_id =
              (select file_id from etl_files where file_name = 'betyg/grades.csv') order by line_number limit 1
            """).string ?? ""
        return (status, reject)
    }

    /// A register large enough that its rows are inserted before the end of the stream is
    /// read: the school under test comes first, thousands of others after it.
    static var bigRegister: String {
        var lines = ["skolenhetskod;skolnamn;stadsdel", "\(school);Rullas tillbaka;Norr"]
        for i in 0..<4000 { lines.append(String(format: "1%07d;Skola %d;Söder", i, i)) }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func aRegisterWhoseGzipIsCorruptAtTheEnd() throws {
        let h = Harness()
        let path = h.drop("skolenheter/register.csv", Self.bigRegister)
        try Built.shell("gzip -f '\(path)'")
        // Cut the 8-byte trailer (CRC-32 and size, RFC 1952 §2.2): every row inflates, then
        // the stream is found truncated.
        let gz = try Data(contentsOf: URL(fileURLWithPath: path + ".gz"))
        h.drop("skolenheter/register.csv.gz", bytes: Array(gz.prefix(gz.count - 4)))
        Self.dropGrades(h)
        try h.run()
        #expect(try h.scalar("select reason_code from etl_files where file_name = 'skolenheter/register.csv.gz'").string == "corrupt_gzip")
        #expect(try h.scalar("select count(*) from school_register_rows").int == 0)
        let grades = try Self.gradeOutcome(h)
        #expect(grades.reject == "unknown_school")
        #expect(grades.status == "quarantined")
    }

    @Test func aRegisterThatChangedWhileItWasRead() throws {
        let h = Harness()
        h.drop("skolenheter/register.csv", Self.bigRegister)
        Self.dropGrades(h)
        try h.run(appending: "23456789;Sent tillagd;Väster\n", to: "skolenheter/register.csv")
        #expect(try h.scalar("select reason_code from etl_files where file_name = 'skolenheter/register.csv'").string == "unreadable_file")
        #expect(try h.scalar("select count(*) from school_register_rows").int == 0)
        #expect(try Self.gradeOutcome(h).reject == "unknown_school")
    }

    @Test func aRegisterOverItsRejectThreshold() throws {
        let h = Harness()
        h.drop("skolenheter/register.csv", "skolenhetskod;skolnamn\n\(Self.school);Rullas tillbaka\n123;Fel kod\n")
        Self.dropGrades(h)
        try h.run()
        #expect(try h.scalar("select reason_code from etl_files where file_name = 'skolenheter/register.csv'").string == "too_many_rejects")
        #expect(try Self.gradeOutcome(h).reject == "unknown_school")
    }

    @Test func aRegisterReadAgainAsWindows1252KeepsItsSchools() throws {
        let h = Harness()
        // "Söder" in Windows-1252: ö is the single byte 0xF6, not valid UTF-8.
        var bytes = Array("skolenhetskod;skolnamn;stadsdel\n\(Self.school);Skolan;S".utf8)
        bytes += [0xF6] + Array("der\n".utf8)
        h.drop("skolenheter/register.csv", bytes: bytes)
        Self.dropGrades(h)
        try h.run()
        #expect(try h.scalar("select district from school_register_rows").string == "Söder")
        #expect(try h.scalar("select status from etl_files where file_name = 'betyg/grades.csv'").string == "loaded")
        #expect(try h.scalar("select count(*) from stored_grades").int == 17)
    }
}
