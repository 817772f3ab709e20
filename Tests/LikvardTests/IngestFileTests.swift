import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// File-level outcomes, idempotency, encodings and the inbox's rules.
@Suite struct IngestFileTests {
    static let school = "12345678"
    static let pupil = TestPupil.personnummer("2009-03-14", serial: 1)

    static func harness() -> Harness { Harness.withSchool(school) }

    static var grades: String {
        ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: pupil, school: school, term: "VT2024")).joined(separator: "\n") + "\n"
    }

    static func gzip(_ text: String, in h: Harness, as name: String) throws {
        let path = h.drop(name.replacingOccurrences(of: ".gz", with: ""), text)
        try Built.shell("gzip -f '\(path)'")
    }

    func status(_ h: Harness, _ name: String) throws -> [String] {
        try h.rows("select status, coalesce(reason_code, ''), rows_read, rows_loaded, rows_rejected from etl_files where file_name = ?", name).first ?? []
    }

    @Test func fileLevelCodes() throws {
        let h = Self.harness()
        try Self.gzip(Self.grades, in: h, as: "betyg/ok.csv.gz")
        let ok = try Data(contentsOf: URL(fileURLWithPath: h.inbox + "/betyg/ok.csv.gz"))
        h.drop("betyg/cut.csv.gz", bytes: Array(ok.prefix(ok.count / 2)))
        h.drop("betyg/missing.csv", "personnummer;skolenhetskod;arskurs;termin;amne;betyg\n\(Self.pupil);\(Self.school);9;VT2024;MA;C\n")
        h.drop("betyg/dup.csv", "personnummer;skolenhetskod;arskurs;termin;amne;betyg;betygsdatum;Betyg\n")
        h.drop("betyg/empty.csv", "")
        h.drop("betyg/header-only.csv", Feeds.gradeHeader + "\n")
        h.drop("enkater/bad.json", "{ not json")
        h.drop("enkater/s.json", #"{"survey":"s","scale":{"min":1,"max":5},"questions":[{"id":"q1","focus_area":"elevhalsa"}]}"#)
        h.drop("enkater/unknown-survey.csv", "svar_id;survey;skolenhetskod;inskickad;q1\n1;other;\(Self.school);2024-10-01;3\n")
        h.drop("enkater/unknown-question.csv", "svar_id;survey;skolenhetskod;inskickad;q1;q9\n1;s;\(Self.school);2024-10-01;3;3\n")
        h.drop("betyg/notes.txt", "hello")
        h.drop("readme.txt", "stray file at the top of the inbox")
        h.drop("gamla/betyg.csv", Self.grades)
        h.drop("betyg/.hidden.csv", Self.grades)
        h.drop("betyg/copying.csv.part", Self.grades)
        h.drop("betyg/x.csv.tmp", Self.grades)
        h.drop("betyg/y.csv~", Self.grades)
        let report = try h.run()
        #expect(report.exitCode == 3)
        #expect(try status(h, "betyg/ok.csv.gz") == ["loaded", "", "17", "17", "0"])
        #expect(try status(h, "betyg/cut.csv.gz").prefix(2) == ["quarantined", "corrupt_gzip"])
        #expect(try status(h, "betyg/missing.csv") == ["quarantined", "missing_column", "1", "0", "1"])
        #expect(try status(h, "betyg/dup.csv").prefix(2) == ["quarantined", "duplicate_column"])
        #expect(try status(h, "betyg/empty.csv").prefix(2) == ["quarantined", "empty_file"])
        #expect(try status(h, "betyg/header-only.csv") == ["loaded", "", "0", "0", "0"])
        #expect(try status(h, "enkater/bad.json").prefix(2) == ["quarantined", "invalid_definition"])
        #expect(try status(h, "enkater/unknown-survey.csv").prefix(2) == ["quarantined", "unknown_survey"])
        #expect(try status(h, "enkater/unknown-question.csv").prefix(2) == ["quarantined", "unknown_question"])
        #expect(try status(h, "betyg/notes.txt").first == "ignored")
        #expect(try status(h, "readme.txt").first == "ignored")
        #expect(try status(h, "gamla").first == "ignored")
        #expect(try h.scalar("select count(*) from etl_files where file_name like '%hidden%' or file_name like '%.part' or file_name like '%.tmp' or file_name like '%~'").int == 0)
        // every file: rows_read = rows_loaded + rows_rejected
        #expect(try h.scalar("select count(*) from etl_files where rows_read <> rows_loaded + rows_rejected").int == 0)
    }

    @Test func aLinkToAMissingFileIsUnreadable() throws {
        let h = Self.harness()
        symlink(h.inbox + "/betyg/gone.csv", h.inbox + "/betyg/dangling.csv")
        #expect(try h.run().exitCode == 3)
        #expect(try status(h, "betyg/dangling.csv").prefix(2) == ["quarantined", "unreadable_file"])
        #expect(try h.scalar("select message from etl_files where file_name = 'betyg/dangling.csv'").string?.contains("missing file") == true)
    }

    @Test(.enabled(if: getuid() != 0, "root reads every file; the dangling link above covers unreadable_file as root"))
    func aFileWithoutReadPermissionIsUnreadable() throws {
        let h = Self.harness()
        let path = h.drop("betyg/secret.csv", Self.grades)
        chmod(path, 0)
        try h.run()
        #expect(try status(h, "betyg/secret.csv").prefix(2) == ["quarantined", "unreadable_file"])
    }

    @Test func sameFileTwiceLoadsOnceAndACopyIsADuplicate() throws {
        let h = Self.harness()
        h.drop("betyg/a.csv", Self.grades)
        #expect(try h.run().files.count == 2)
        let second = try h.run()
        #expect(second.files.isEmpty)
        #expect(second.unchangedFiles == 2)
        #expect(try h.scalar("select count(*) from etl_files").int == 2)
        h.drop("betyg/b.csv", Self.grades)
        let third = try h.run()
        #expect(third.files.map(\.outcome.status) == [.skippedDuplicate])
        #expect(try h.scalar("select count(*) from stored_grades").int == 17)
        // new content under a known path is a new version
        h.drop("betyg/a.csv", Self.grades.replacingOccurrences(of: ";C;", with: ";B;"))
        let fourth = try h.run()
        #expect(fourth.files.map(\.outcome.status) == [.loaded])
        #expect(try h.scalar("select count(*) from etl_files where file_name = 'betyg/a.csv'").int == 2)
        // the new version owns the partition: the pupil's 17 grades are all B, 16 candidates and M2
        #expect(try h.rows("select merit_value from pupil_term_facts") == [["297.5"]])
    }

    @Test func quarantinedFileStaysQuarantinedUntilANewVersion() throws {
        let h = Self.harness()
        h.drop("betyg/a.csv", Feeds.gradeHeader + "\nx\n")
        #expect(try h.run().exitCode == 3)
        #expect(try h.run().exitCode == 0)   // same content: nothing new, no new record
        #expect(try h.scalar("select count(*) from etl_files where file_name = 'betyg/a.csv'").int == 1)
        h.drop("betyg/a.csv", Self.grades)
        #expect(try h.run().exitCode == 0)
        #expect(try h.rows("select status from etl_files where file_name = 'betyg/a.csv' order by file_id") == [["quarantined"], ["loaded"]])
    }

    @Test func windows1252AndUTF8BothComeOutRight() throws {
        let h = Harness()
        let latin1: [UInt8] = Array("skolenhetskod;skolnamn;stadsdel\n".utf8) + Array("11111111;".utf8)
            + [0xC4, 0x70, 0x70, 0x65, 0x6C, 0x76, 0x69, 0x6B, 0x73, 0x73, 0x6B, 0x6F, 0x6C, 0x61, 0x6E] // Äppelviksskolan
            + Array(";".utf8) + [0x53, 0xF6, 0x64, 0x65, 0x72, 0x6D, 0x61, 0x6C, 0x6D] + [0x0A]             // Södermalm
        h.drop("skolenheter/a.csv", bytes: latin1)
        h.drop("skolenheter/b.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("Skolenhetskod;Skolnamn;Stadsdel\n22222222;Gärdesskolan;Östermalm\n".utf8))
        try h.run()
        #expect(try h.rows("select school_name, district from school_register_rows order by school_unit_code")
                == [["Äppelviksskolan", "Södermalm"], ["Gärdesskolan", "Östermalm"]])
        #expect(try h.rows("select encoding from etl_files order by file_id") == [["Windows-1252"], ["UTF-8"]])
    }

    @Test func symlinksOutsideTheInboxAreNeverFollowed() throws {
        let h = Self.harness()
        let outside = h.dir.write("outside/grades.csv", Self.grades)
        symlink(outside, h.inbox + "/betyg/link.csv")
        symlink(h.inbox + "/betyg/real.csv", h.inbox + "/betyg/inside-link.csv")
        h.drop("betyg/real.csv", Self.grades.replacingOccurrences(of: ";C;", with: ";A;"))
        try h.run()
        #expect(try status(h, "betyg/link.csv").first == "ignored")
        #expect(try h.scalar("select message from etl_files where file_name = 'betyg/link.csv'").string?.contains("outside the inbox") == true)
        // a link inside the inbox is followed (it sorts first); real.csv is then its duplicate
        #expect(try status(h, "betyg/inside-link.csv").first == "loaded")
        #expect(try status(h, "betyg/real.csv").first == "skipped_duplicate")
    }

    @Test func oddFileNamesWork() throws {
        let h = Self.harness()
        h.drop("betyg/-leading dash å ö.csv", Self.grades)
        #expect(try h.run().exitCode == 0)
        #expect(try status(h, "betyg/-leading dash å ö.csv").first == "loaded")
    }

    @Test func unknownExtraColumnsAreListed() throws {
        let h = Self.harness()
        h.drop("betyg/a.csv", Self.grades.replacingOccurrences(of: "betygsdatum\n", with: "betygsdatum;Klass;Mentor\n")
            .replacingOccurrences(of: "2024-06-10\n", with: "2024-06-10;9A;XY\n"))
        try h.run()
        #expect(try h.scalar("select extra_columns from etl_files where file_name = 'betyg/a.csv'").string == "klass,mentor")
    }

    @Test func minimumFileAgeSkipsFreshFiles() throws {
        let h = Self.harness()
        h.drop("betyg/a.csv", Self.grades)
        h.config.minFileAgeSeconds = 3600
        let report = try h.run()
        #expect(report.files.isEmpty)
        #expect(try h.scalar("select count(*) from etl_files").int == 0)
    }
}

/// A survey definition's own areas (`delomraden`): a question's `delomrade` must be one of
/// them, else the whole definition is `invalid_definition`.
@Suite struct SurveyAreaDefinitionTests {
    @Test(arguments: [
        (#""delomraden": ["Ledning"], "questions": [{"id": "q1", "focus_area": "digitalisering", "delomrade": "Ledning"}]"#, "loaded"),
        (#""delomraden": ["Ledning"], "questions": [{"id": "q1", "focus_area": "digitalisering", "delomrade": "Styrning"}]"#, "quarantined"),
        (#""questions": [{"id": "q1", "focus_area": "digitalisering", "delomrade": "Ledning"}]"#, "quarantined"),
        (#""delomraden": ["Ledning", "Ledning"], "questions": [{"id": "q1", "focus_area": "digitalisering"}]"#, "quarantined"),
        (#""delomraden": [], "questions": [{"id": "q1", "focus_area": "digitalisering"}]"#, "quarantined"),
    ])
    func aQuestionsAreaMustBeOneOfTheDefinitions(body: String, status: String) throws {
        let h = Harness.withSchool()
        h.drop("enkater/s.json", #"{"survey": "s", "scale": {"min": 1, "max": 5}, "# + body + "}")
        try h.run()
        let row = try h.rows("select status, coalesce(reason_code, '') from etl_files where feed = 'enkater'")
        #expect(row == [[status, status == "loaded" ? "" : "invalid_definition"]], "\(body)")
    }
}
