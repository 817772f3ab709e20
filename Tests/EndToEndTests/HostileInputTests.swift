import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Logging
import Testing

/// Files no export should contain, but a nightly run must survive: each gets a bounded
/// memory outcome and a clear reject or quarantine reason.
@Suite struct HostileInputTests {
    static let school = "12345678"
    static let pupil = TestPupil.personnummer("2009-03-14", serial: 1)

    static func harness() -> Harness { Harness.withSchool(school) }

    static func fileRow(_ h: Harness, _ name: String) throws -> [String] {
        try h.rows("select status, coalesce(reason_code, ''), rows_read, rows_loaded, rows_rejected from etl_files where file_name = ?", name).first ?? []
    }

    /// What the hostile file may cost beyond an ordinary run, in MB: the reader's bounded
    /// record buffer and its copies, never the file's size (100–200 MB here).
    static let allowance = 36

    /// The peak of an ordinary run (one small file): the binary and its libraries (libpq
    /// with its TLS and Kerberos libraries alone is about 6 MB resident).
    static let baselineMegabytes: Int = {
        let h = harness()
        h.drop("betyg/small.csv", ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: pupil, school: school, term: "VT2024")).joined(separator: "\n"))
        return try! peakMegabytes(h)
    }()

    /// The peak memory of the real `likvard run` over the harness's inbox (into a warehouse
    /// of its own), in MB, from its summary.
    static func peakMegabytes(_ h: Harness) throws -> Int {
        let r = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.dir.path + "/measured.sqlite",
                                                     "--key-file", h.keyFile])
        #expect([0, 3].contains(r.exitCode), "\(r.stderr.suffix(300))")
        guard let match = r.stdout.firstRange(of: /Peak memory (\d+) MB/) else { return .max }
        return Int(r.stdout[match].split(separator: " ")[2])!
    }

    @Test func aLineOfHundredsOfMegabytesWithoutANewline() throws {
        let h = Self.harness()
        let path = h.inbox + "/betyg/one-line.csv.gz"
        try Built.shell("{ echo '\(Feeds.gradeHeader)'; head -c 200000000 /dev/zero | tr '\\0' 'x'; } | gzip -1 > '\(path)'")
        try h.run()
        #expect(try Self.fileRow(h, "betyg/one-line.csv.gz") == ["quarantined", "too_many_rejects", "1", "0", "1"])
        let reject = try h.rows("select line_number, reason_code, message, length(raw_line) from etl_rejects")
        #expect(reject.first?[0...1] == ["2", "malformed_row"])
        #expect(reject.first?[2].contains("record longer than") == true)
        #expect(Int(reject.first?[3] ?? "") ?? .max <= 4096)
        #expect(try Self.peakMegabytes(h) < Self.baselineMegabytes + Self.allowance)
    }

    @Test func aFieldOfAHundredMegabytesThenAGoodRow() throws {
        let h = Self.harness()
        let path = h.inbox + "/betyg/big-field.csv.gz"
        var good = Feeds.gradeRows(pupil: Self.pupil, school: Self.school, term: "VT2024").joined(separator: "\n")
        good += "\n"
        let goodFile = h.dir.write("good.txt", good)
        try Built.shell("{ echo '\(Feeds.gradeHeader)'; printf '\(Self.pupil);\(Self.school);9;VT2024;MA;\"'; head -c 100000000 /dev/zero | tr '\\0' 'y'; printf '\";2024-06-10\\n'; cat '\(goodFile)'; } | gzip -1 > '\(path)'")
        h.config.rejectThreshold["betyg"] = 0.10
        try h.run()
        #expect(try Self.fileRow(h, "betyg/big-field.csv.gz") == ["loaded", "", "18", "17", "1"])
        #expect(try h.rows("select line_number, reason_code from etl_rejects") == [["2", "malformed_row"]])
        #expect(try Self.peakMegabytes(h) < Self.baselineMegabytes + Self.allowance)
    }

    @Test func nulBytesAreKeptAndRejectedByTheirColumn() throws {
        let h = Self.harness()
        var lines = [Feeds.gradeHeader] + Feeds.gradeRows(pupil: Self.pupil, school: Self.school, term: "VT2024")
        lines.insert("\(Self.pupil);\(Self.school);9;VT2024;MA;C\u{0};2024-06-10", at: 1)
        h.drop("betyg/nul.csv", lines.joined(separator: "\n"))
        h.config.rejectThreshold["betyg"] = 0.10
        try h.run()
        #expect(try h.rows("select line_number, reason_code, column_name, length(cast(raw_line as blob)) from etl_rejects")
                == [["2", "invalid_grade", "betyg", "\(lines[1].utf8.count)"]])
    }

    @Test func invalidUTF8InsideAUTF8FileMakesItWindows1252Throughout() throws {
        let h = Self.harness()
        let text = "skolenhetskod;skolnamn;stadsdel\n22222222;Gärdesskolan;Östermalm\n"
        h.drop("skolenheter/mixed.csv", bytes: Array(text.utf8) + Array("33333333;S".utf8) + [0xF6] + Array("der;x\n".utf8))
        try h.run()
        #expect(try h.rows("select encoding from etl_files where file_name = 'skolenheter/mixed.csv'") == [["Windows-1252"]])
        #expect(try h.rows("select school_name from school_register_rows where school_unit_code = '33333333'") == [["Söder"]])
        // the UTF-8 bytes of the first row are now read as Windows-1252, as the contract says
        #expect(try h.rows("select school_name from school_register_rows where school_unit_code = '22222222'") == [["GÃ¤rdesskolan"]])
    }

    @Test func fiveThousandColumns() throws {
        let h = Self.harness()
        let extra = (1...4993).map { "extra\($0)" }
        let header = Feeds.gradeHeader + ";" + extra.joined(separator: ";")
        let rows = Feeds.gradeRows(pupil: Self.pupil, school: Self.school, term: "VT2024").map { $0 + String(repeating: ";v", count: 4993) }
        h.drop("betyg/wide.csv", ([header] + rows).joined(separator: "\n"))
        try h.run()
        #expect(try Self.fileRow(h, "betyg/wide.csv") == ["loaded", "", "17", "17", "0"])
        #expect(try h.scalar("select length(extra_columns) - length(replace(extra_columns, ',', '')) + 1 from etl_files where file_name = 'betyg/wide.csv'").int == 4993)
    }

    @Test func aGzipBombOfAThousandToOne() throws {
        let h = Self.harness()
        let path = h.inbox + "/betyg/bomb.csv.gz"
        try Built.shell("head -c 100000000 /dev/zero | tr '\\0' '\\n' | gzip -9 > '\(path)'")
        let compressed = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        #expect(100_000_000 / compressed >= 1000, "ratio \(100_000_000 / compressed)")
        try h.run()
        #expect(try Self.fileRow(h, "betyg/bomb.csv.gz").prefix(2) == ["quarantined", "empty_file"])
        #expect(try Self.peakMegabytes(h) < Self.baselineMegabytes + Self.allowance)
    }

    @Test func aFileThatChangesWhileBeingReadIsQuarantined() throws {
        let h = Self.harness()
        let text = ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: Self.pupil, school: Self.school, term: "VT2024")).joined(separator: "\n") + "\n"
        h.drop("betyg/growing.csv", text)
        let report = try h.run(appending: "\(Self.pupil);\(Self.school);9;VT2024;TN;A;2024-06-10\n", to: "betyg/growing.csv")
        #expect(report.exitCode == 3)
        #expect(try Self.fileRow(h, "betyg/growing.csv").prefix(2) == ["quarantined", "unreadable_file"])
        #expect(try h.scalar("select message from etl_files where file_name = 'betyg/growing.csv'").string?.contains("changed while it was being read") == true)
        #expect(try h.scalar("select count(*) from stored_grades").int == 0)
        // dropped again when complete: a new version, loaded
        try h.run()
        #expect(try h.scalar("select count(*) from stored_grades").int == 18)
    }

    @Test func valuesThatLookLikeSQLAreJustValues() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", "skolenhetskod;skolnamn;stadsdel\n12345678;\"Skola'); drop table etl_files; --\";\"Ö\"\"; select 1\"\n")
        try h.run()
        #expect(try h.rows("select school_name, district from school_register_rows")
                == [["Skola'); drop table etl_files; --", "Ö\"; select 1"]])
        #expect(try h.scalar("select count(*) from etl_files").int == 1)
    }

    /// A key others may read or write, or that is not a regular file, is refused (exit 2,
    /// nothing written), as ssh refuses an unprotected private key.
    @Test(arguments: [0o644, 0o640, 0o620, 0o604, 0o602])
    func aKeyFileOthersMayReadOrWriteIsRefused(mode: Int) throws {
        let h = Harness()
        chmod(h.keyFile, mode_t(mode))
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        let r = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", h.keyFile])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("chmod 600"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: h.warehouse))
        chmod(h.keyFile, 0o600)
        let ok = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", h.keyFile])
        #expect(ok.exitCode == 0, "\(ok.stderr)")
    }

    @Test func aKeyThatIsNotARegularFileIsRefused() throws {
        let h = Harness()
        let folder = h.dir.path + "/key-folder"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let r = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", folder])
        #expect(r.exitCode == 2 && r.stderr.contains("not a regular file"), "\(r.stderr)")
    }
}

/// The process and the files around the pupil data.
@Suite struct ProcessAndFileProtectionTests {
    /// An existing warehouse (and its -wal and -shm) a copy or an umask left open is made
    /// owner-only again when a run opens it.
    @Test func anExistingWarehouseIsMadeOwnerOnlyAgain() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        try h.run()
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: h.warehouse + suffix) {
            chmod(h.warehouse + suffix, 0o644)
        }
        h.drop("skolenheter/s.csv", Feeds.register([("22345678", "B")]))
        let r = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", h.keyFile])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let mode = try FileManager.default.attributesOfItem(atPath: h.warehouse)[.posixPermissions] as! Int
        #expect(mode == 0o600)
    }

    /// No core dump can hold the key or an identifier: the running process's core limit is 0.
    @Test func aRunningProcessWritesNoCoreDump() throws {
        let dir = try CrashSafetyTests.workspace()
        let child = try ChildProcess(Built.likvard, CrashSafetyTests.runArguments(dir))
        var seen: String?
        while !child.hasExited {
            if let limits = try? String(contentsOfFile: "/proc/\(child.pid)/limits", encoding: .utf8),
               let line = limits.split(separator: "\n").first(where: { $0.hasPrefix("Max core file size") }) {
                seen = String(line)
                if line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"] { break }
            }
            usleep(200)
        }
        _ = child.wait()
        #expect(seen?.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"], "\(seen ?? "never read")")
    }
}

/// issue #15, the inbox's trust boundary: what is read is the file the scan found.
@Suite struct InboxTrustBoundaryTests {
    static let school = "12345678"

    static func grades(_ h: Harness) -> String {
        let text = ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: TestPupil.personnummer("2009-03-14", serial: 1), school: school, term: "VT2024"))
            .joined(separator: "\n") + "\n"
        return h.drop("betyg/g.csv", text)
    }

    /// Replaced by a link to a file outside the inbox after the scan (and the hash): the
    /// file is quarantined, not one byte of the outside file loaded.
    @Test func aFileSwappedForALinkAfterTheScanIsNotFollowed() throws {
        let h = Harness.withSchool(Self.school)
        let path = Self.grades(h)
        let outside = h.dir.write("outside.csv", try String(contentsOfFile: path, encoding: .utf8))
        let report = try h.run(whenExtracted: "betyg/g.csv") {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: outside)
        }
        #expect(report.exitCode == 3)
        #expect(try h.scalar("select reason_code from etl_files where file_name = 'betyg/g.csv'").string == "unreadable_file")
        #expect(try h.scalar("select count(*) from stored_grades").int == 0)
    }

    /// A FIFO swapped in after the scan never blocks the run (which holds the lock).
    @Test func aFIFOSwappedInIsQuarantinedWithoutBlocking() throws {
        let h = Harness.withSchool(Self.school)
        let path = Self.grades(h)
        let report = try h.run(whenExtracted: "betyg/g.csv") {
            try? FileManager.default.removeItem(atPath: path)
            mkfifo(path, 0o600)
        }
        #expect(report.exitCode == 3)
        #expect(try h.scalar("select reason_code from etl_files where file_name = 'betyg/g.csv'").string == "unreadable_file")
    }

    /// A feed folder that is a link leading outside the inbox is not followed.
    @Test func aFeedFolderLinkedOutsideTheInboxIsNotFollowed() throws {
        let h = Harness.withSchool(Self.school)
        let elsewhere = h.dir.path + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        _ = h.dir.write("elsewhere/g.csv", ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: TestPupil.personnummer("2009-03-14", serial: 1),
                                                                                    school: Self.school, term: "VT2024")).joined(separator: "\n") + "\n")
        try FileManager.default.removeItem(atPath: h.inbox + "/betyg")
        try FileManager.default.createSymbolicLink(atPath: h.inbox + "/betyg", withDestinationPath: elsewhere)
        try h.run()
        #expect(try h.scalar("select status from etl_files where file_name = 'betyg'").string == "ignored")
        #expect(try h.scalar("select count(*) from stored_grades").int == 0)
    }
}
