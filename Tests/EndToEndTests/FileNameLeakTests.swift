import Foundation
import LikvardSQL
import LikvardTestSupport
import Testing

/// issue #15: a file name may carry a pupil identifier. The warehouse, its WAL, every
/// output and log line hold it masked; the file's identity (the same file twice loads once;
/// rerun --file finds it) comes from a keyed hash of the real path.
@Suite struct FileNameLeakTests {
    static let pnr = TestPupil.personnummer("2010-05-17", serial: 123)   // a valid personnummer
    static let temp = "20120315-T042"

    @Test func identifiersInFileNamesNeverReachTheWarehouseOrTheOutput() throws {
        let h = Harness.withSchool("12345678")
        let registrations = "nyanlanda/Ali \(Self.temp).csv"
        let grades = "betyg/omprov \(Self.pnr).csv"
        h.drop(registrations, "registreringsdatum;skolenhetskod;tillfalligt_id;skolstart_sverige\n2024-09-01;12345678;\(Self.temp);2024-08-20\n")
        // 34 good rows and one reject: under the 5 % threshold
        let rows = (1...2).flatMap { Feeds.gradeRows(pupil: TestPupil.personnummer("2009-03-14", serial: $0), school: "12345678", term: "VT2024") }
        h.drop(grades, ([Feeds.gradeHeader] + rows + ["x;12345678;9;VT2024;MA;C;2024-06-10"]).joined(separator: "\n") + "\n")
        let run = ["--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", h.keyFile]
        var outputs: [ChildProcess.Result] = []
        outputs.append(try ChildProcess.run(Built.likvard, ["run", "--verbose"] + run))
        #expect(outputs[0].exitCode == 0, "\(outputs[0].stderr)")
        // the same files again: recorded once, known by their keyed path
        outputs.append(try ChildProcess.run(Built.likvard, ["run"] + run))
        #expect(outputs[1].stdout.contains("No new files"), "\(outputs[1].stdout)")
        outputs.append(try ChildProcess.run(Built.likvard, ["rerun", "--file", grades] + run))
        #expect(outputs[2].exitCode == 0, "\(outputs[2].stderr)")
        outputs.append(try ChildProcess.run(Built.likvard, ["rejects", "--warehouse", h.warehouse, "--file", grades]))
        #expect(outputs[3].stdout.contains("invalid_personnummer"), "\(outputs[3].stdout)")
        outputs.append(try ChildProcess.run(Built.likvard, ["status", "--warehouse", h.warehouse, "--run", "1"]))
        outputs.append(try ChildProcess.run(Built.likvard, ["status", "--warehouse", h.warehouse, "--format", "json"]))
        #expect(try h.scalar("select file_name from etl_files where feed = 'nyanlanda'").string == "nyanlanda/Ali 20120315-****.csv")

        // Both identifiers in every spelling: as written, digits only, the 10-digit form.
        let digits = Self.pnr.filter(\.isNumber)
        let needles = [Self.temp, "T042", Self.pnr, digits, String(digits.dropFirst(2)), String(Self.pnr.dropFirst(2))]
        var haystacks: [(String, [UInt8])] = outputs.enumerated().flatMap { i, r in
            [("stdout \(i)", r.stdoutBytes), ("stderr \(i)", Array(r.stderr.utf8))]
        }
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: h.warehouse + suffix) {
            haystacks.append((h.warehouse + suffix, Array(try Data(contentsOf: URL(fileURLWithPath: h.warehouse + suffix)))))
        }
        for (name, bytes) in haystacks {
            let data = Data(bytes)
            for needle in needles where data.range(of: Data(needle.utf8)) != nil {
                Issue.record("\(needle) found in \(name)")
            }
        }
    }

    /// A warehouse recorded before file keys (clear names, no key): the next run with the
    /// key masks every name and keys every file, and still knows them (nothing reloads).
    @Test func anOlderWarehouseIsMaskedAndKeyedWhenNextOpened() throws {
        let h = Harness.withSchool("12345678")
        let name = "nyanlanda/Ali \(Self.temp).csv"
        h.drop(name, "registreringsdatum;skolenhetskod;tillfalligt_id;skolstart_sverige\n2024-09-01;12345678;\(Self.temp);2024-08-20\n")
        try h.run()
        let writer = try Database(path: h.warehouse, create: false)
        try writer.run("update etl_files set file_key = null, file_name = ? where feed = 'nyanlanda'", name)
        try writer.run("update etl_runs set command = ?", "rerun --file " + name)
        let again = try h.run()
        #expect(again.files.isEmpty && again.unchangedFiles == 2)
        #expect(try h.scalar("select file_name from etl_files where feed = 'nyanlanda'").string == "nyanlanda/Ali 20120315-****.csv")
        #expect(try h.scalar("select count(*) from etl_runs where command like '%T042%'").int == 0)
        #expect(try h.scalar("select count(*) from etl_files where file_key is null").int == 0)
    }
}

/// issue #15: what the warehouse keeps of surveys and registrations.
@Suite struct DataMinimisationTests {
    @Test func svarIdIsPseudonymisedAndModersmalIsNotKept() throws {
        let h = Harness.withSchool("12345678")
        let pnr = TestPupil.personnummer("2009-03-14", serial: 5)
        h.drop("nyanlanda/r.csv", "registreringsdatum;skolenhetskod;tillfalligt_id;skolstart_sverige;modersmal\n2024-09-01;12345678;20120315-T042;2024-08-20;tigrinja\n")
        h.drop("enkater/s.json", #"{"survey":"s","scale":{"min":1,"max":5},"questions":[{"id":"q1","focus_area":"elevhalsa"}]}"#)
        h.drop("enkater/a.csv", "svar_id;survey;skolenhetskod;inskickad;q1\nabc-\(pnr);s;12345678;2024-10-01;3\n")
        h.drop("enkater/b.csv", "svar_id;survey;skolenhetskod;inskickad;q1\nabc-\(pnr);s;12345678;2024-10-02;5\n")
        try h.run()
        #expect(try h.scalar("select count(*) from newcomer_registrations where mother_tongue is not null").int == 0)
        let ids = try h.rows("select distinct response_id from survey_responses")
        #expect(ids.count == 1 && ids[0][0].count == 32 && !ids[0][0].contains("abc"), "\(ids)")
        // the re-delivered response still replaces the first: one respondent, score 5
        #expect(try h.rows("select n_respondents, mean_score from focus_area_followup where role = 'all'") == [["1", "NULL"]])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: h.warehouse))
            + ((try? Data(contentsOf: URL(fileURLWithPath: h.warehouse + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data("tigrinja".utf8)) == nil)
        #expect(bytes.range(of: Data("abc-".utf8)) == nil)
    }
}

/// `likvard purge`: what it deletes is gone from every byte of the file and its WAL.
@Suite struct PurgeTests {
    @Test func purgedRejectsLeaveNoByteBehind() throws {
        let h = Harness.withSchool("12345678")
        let pupil = TestPupil.personnummer("2009-03-14", serial: 1)
        // 40 rejects among 1,020 rows, spread over several pages of etl_rejects
        let good = (1...60).flatMap { Feeds.gradeRows(pupil: TestPupil.personnummer("2009-03-14", serial: $0), school: "12345678", term: "VT2024") }
        let bad = (1...40).map { "\(pupil);12345678;9;VT2024;MA;ZZHEMLIGZZ\($0);2024-06-10" }
        h.drop("betyg/g.csv", ([Feeds.gradeHeader] + good + bad).joined(separator: "\n") + "\n")
        let args = ["--warehouse", h.warehouse]
        #expect(try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--key-file", h.keyFile] + args).exitCode == 0)
        func bytes() throws -> Data {
            try Data(contentsOf: URL(fileURLWithPath: h.warehouse))
                + ((try? Data(contentsOf: URL(fileURLWithPath: h.warehouse + "-wal"))) ?? Data())
        }
        #expect(try bytes().range(of: Data("ZZHEMLIGZZ".utf8)) != nil, "the reject is there before")
        try h.backdate()
        let dry = try ChildProcess.run(Built.likvard, ["purge", "--before", Harness.today, "--dry-run"] + args)
        #expect(dry.exitCode == 0 && dry.stdout.contains("40 rejected rows") && dry.stdout.contains("Nothing deleted"), "\(dry.stdout)")
        #expect(try bytes().range(of: Data("ZZHEMLIGZZ".utf8)) != nil, "a dry run deleted")
        let purge = try ChildProcess.run(Built.likvard, ["purge", "--before", Harness.today] + args)
        #expect(purge.exitCode == 0, "\(purge.stderr)")
        #expect(purge.stdout.contains("40 rejected rows"), "\(purge.stdout)")
        #expect(try bytes().range(of: Data("ZZHEMLIGZZ".utf8)) == nil, "a purged byte survived")
        #expect(try h.scalar("select count(*) from etl_rejects").int == 0)
        #expect(try h.scalar("select count(*) from etl_files").int == 2)
        // the files are still known: nothing reloads
        let again = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--key-file", h.keyFile] + args)
        #expect(again.stdout.contains("No new files"), "\(again.stdout)")
        let notADate = try ChildProcess.run(Built.likvard, ["purge", "--before", "yesterday"] + args)
        #expect(notADate.exitCode == 2)
        let future = try ChildProcess.run(Built.likvard, ["purge", "--before", "2999-01-01"] + args)
        #expect(future.exitCode == 2 && future.stderr.contains("in the future"), "\(future.stderr)")
    }

    /// The rejected rows of a file still quarantined stay, whatever their age: they are how
    /// the steward fixes it.
    @Test func theRejectsOfAQuarantinedFileStay() throws {
        let h = Harness.withSchool("12345678")
        let pupil = TestPupil.personnummer("2009-03-14", serial: 1)
        let bad = (1...5).map { "\(pupil);12345678;9;VT2024;MA;ZZ\($0);2024-06-10" }
        h.drop("betyg/g.csv", ([Feeds.gradeHeader] + bad).joined(separator: "\n") + "\n")
        let args = ["--warehouse", h.warehouse]
        #expect(try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--key-file", h.keyFile] + args).exitCode == 3)
        try h.backdate()
        let purge = try ChildProcess.run(Built.likvard, ["purge", "--before", Harness.today] + args)
        #expect(purge.exitCode == 0 && purge.stdout.contains("0 rejected rows"), "\(purge.stdout)")
        #expect(try h.scalar("select count(*) from etl_rejects").int == 5)
    }

    /// A reader holding the WAL keeps the deleted rows' old pages in it: purge waits for it,
    /// then fails (exit 1) naming the process, instead of reporting a purge that left bytes.
    @Test func aReaderHoldingTheWALMakesPurgeFailNamingIt() throws {
        let h = Harness.withSchool("12345678")
        let pupil = TestPupil.personnummer("2009-03-14", serial: 1)
        let bad = (1...2).map { "\(pupil);12345678;9;VT2024;MA;ZZHEMLIGZZ\($0);2024-06-10" }
        let good = (1...4).flatMap { Feeds.gradeRows(pupil: TestPupil.personnummer("2009-03-14", serial: $0), school: "12345678", term: "VT2024") }
        h.drop("betyg/g.csv", ([Feeds.gradeHeader] + good + bad).joined(separator: "\n") + "\n")
        let args = ["--warehouse", h.warehouse]
        #expect(try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--key-file", h.keyFile] + args).exitCode == 0)
        let reader = try h.db()
        try reader.execute("begin")
        #expect(try reader.scalar("select count(*) from etl_rejects").int == 2)   // a snapshot held open
        try h.backdate()
        let purge = try ChildProcess.run(Built.likvard, ["purge", "--before", Harness.today] + args,
                                         environment: ["LIKVARD_PURGE_WAIT_SECONDS": "1"])
        #expect(purge.exitCode == 1, "\(purge.stderr)")
        #expect(purge.stderr.contains("pid \(getpid())") && purge.stderr.contains("close it and run purge again"), "\(purge.stderr)")
        try reader.execute("commit")
        let again = try ChildProcess.run(Built.likvard, ["purge", "--before", Harness.today] + args)
        #expect(again.exitCode == 0, "\(again.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: h.warehouse))
            + ((try? Data(contentsOf: URL(fileURLWithPath: h.warehouse + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data("ZZHEMLIGZZ".utf8)) == nil)
    }
}
