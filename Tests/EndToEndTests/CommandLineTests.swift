import Foundation
import LikvardSQL
import LikvardTestSupport
import Testing

/// The command line's promises: usage errors, keys, one writer, a binary that works
/// anywhere. Real processes, real exit codes.
@Suite struct CommandLineTests {
    @Test func runWithoutAnInboxIsAUsageErrorThatMentionsDemo() throws {
        let r = try ChildProcess.run(Built.likvard, ["run"])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("--demo"))
        #expect(!r.stderr.contains("Fatal error"))
    }

    @Test func everyCommandHasHelpWithAnExample() throws {
        for command in ["run", "status", "rerun", "rejects", "report"] {
            let r = try ChildProcess.run(Built.likvard, [command, "--help"])
            #expect(r.exitCode == 0)
            #expect(r.stdout.contains("likvard \(command) --"), "\(command): \(r.stdout)")
        }
    }

    @Test func aShortKeyIsRefused() throws {
        let h = Harness(key: "too-short")
        let r = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", h.keyFile])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("at least 32"))
        #expect(!FileManager.default.fileExists(atPath: h.warehouse))
    }

    @Test func aMissingKeyIsRefused() throws {
        let h = Harness()
        let r = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.warehouse],
                                     environment: ["LIKVARD_KEY_FILE": h.dir.path + "/nope.key"])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("nope.key"))
    }

    @Test func theKeyMayComeFromTheEnvironment() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        let r = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.warehouse],
                                     environment: ["LIKVARD_KEY_FILE": h.keyFile])
        #expect(r.exitCode == 0, "\(r.stderr)")
    }

    @Test func anotherKeyThanTheWarehousesIsRefusedAndNothingIsWritten() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        try h.run()
        let other = h.dir.write("other.key", "another-key-0123456789-0123456789-0123456789\n")
        chmod(other, 0o600)   // a protected key: refused for not matching, not for its mode
        h.drop("skolenheter/s.csv", Feeds.register([("22345678", "B")]))
        let r = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", other])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("does not match"))
        #expect(try h.scalar("select count(*) from etl_runs").int == 1)
        #expect(try h.scalar("select count(*) from etl_files").int == 1)
    }

    @Test func aSecondWriterExitsFourNamingTheHolder() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        let fd = open(h.warehouse + ".lock", O_RDWR | O_CREAT, 0o600)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        _ = "pid 4242, started 2026-11-29T01:00:00Z\n".withCString { write(fd, $0, strlen($0)) }
        let r = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", h.keyFile, "--wait", "0.5"])
        #expect(r.exitCode == 4)
        #expect(r.stderr.contains("pid 4242"))
        #expect(r.stderr.contains("2026-11-29T01:00:00Z"))
        flock(fd, LOCK_UN)
        let after = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", h.keyFile])
        #expect(after.exitCode == 0, "\(after.stderr)")
    }

    @Test func theBinaryWorksCopiedElsewhereFromAnyDirectory() throws {
        let dir = TempDirectory("likvard-copy")
        try FileManager.default.createDirectory(atPath: dir.path + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.path + "/work", withIntermediateDirectories: true)
        // cp in a child process: a copy written by this (multi-threaded) process could leave
        // its write descriptor inherited by another test's spawned child (ETXTBSY on exec).
        try Built.shell("cp '\(Built.likvard)' '\(dir.path)/bin/likvard'")
        let r = try ChildProcess.run(dir.path + "/bin/likvard", ["run", "--demo"], directory: dir.path + "/work")
        #expect(r.exitCode == 3, "\(r.stderr)")
        // the copy's demo is the demo: the same views as the built binary's, row for row
        let reference = TempDirectory("likvard-copied-reference")
        #expect(try ChildProcess.run(Built.likvard, ["run", "--demo", "--quiet"], directory: reference.path).exitCode == 3)
        let db = try Database(path: dir.path + "/work/likvard-demo/warehouse.sqlite", readOnly: true, create: false)
        let built = try Database(path: reference.path + "/likvard-demo/warehouse.sqlite", readOnly: true, create: false)
        for view in ["school_disparity", "results_school_term", "school_signals"] {
            let sql = "select * from \(view) order by 1, 2, 3, 4, 5, 6"
            let copied = try db.rows(sql).map(\.values), original = try built.rows(sql).map(\.values)
            let same = copied == original
            #expect(!original.isEmpty && same, "\(view): \(copied.count) rows from the copy, \(original.count) from the built binary")
        }
        // the warehouse is readable by its owner only
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.path + "/work/likvard-demo/warehouse.sqlite")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    /// On a terminal (a real pty, through script(1)) the refresh shows a live line — the
    /// model being rebuilt and the seconds so far — and clears it before the summary; not
    /// on a pipe.
    @Test func theRefreshShowsALiveLineOnATerminalOnly() throws {
        let dir = TempDirectory("likvard-pty")
        let onTerminal = try ChildProcess.run("/usr/bin/script", ["-qec", "'\(Built.likvard)' run --demo", "/dev/null"], directory: dir.path)
        #expect(onTerminal.stdout.contains("refresh: 0") && onTerminal.stdout.contains(".sql"), "\(onTerminal.stdout.suffix(400))")
        #expect(onTerminal.stdout.contains("\r\u{1B}[K"))
        let lines = onTerminal.stdout.components(separatedBy: "\n")
        #expect(lines.contains { $0.hasPrefix("Files: ") || $0.contains("Files: ") })
        let pipeDir = TempDirectory("likvard-pipe")
        let piped = try ChildProcess.run(Built.likvard, ["run", "--demo"], directory: pipeDir.path)
        #expect(piped.exitCode == 3 && !piped.stderr.contains("refresh: 0") && !piped.stdout.contains("refresh: 0"))
    }

    @Test func aBadPipelineFileIsOneClearSentence() throws {
        let h = Harness()
        let pipeline = h.dir.write("p.json", #"{"inbox": "x", "warehose": "typo"}"#)
        let r = try ChildProcess.run(Built.likvard, ["run", "--pipeline", pipeline])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("unknown setting 'warehose'"))
    }

    /// The thresholds are floors: a pipeline asking for fewer than 10 pupils or 5
    /// respondents is refused before anything is written, whatever the tier.
    @Test(arguments: [
        (#""min_pupils": 0"#, "'min_pupils' must be a whole number of at least 10"),
        (#""min_pupils": 9"#, "'min_pupils' must be a whole number of at least 10"),
        (#""min_respondents": -5"#, "'min_respondents' must be a whole number of at least 5"),
        (#""min_respondents": 4.5"#, "'min_respondents' must be a whole number of at least 5"),
        (#""public_keeps": "newcomers""#, "'public_keeps' must be"),
    ])
    func thresholdsBelowTheirFloorsAreRefused(setting: String, says: String) throws {
        let h = Harness()
        let pipeline = h.dir.write("p.json", #"{"inbox": "inbox", "warehouse": "w.sqlite", "key_file": "k", "# + setting + "}")
        let r = try ChildProcess.run(Built.likvard, ["run", "--pipeline", pipeline])
        #expect(r.exitCode == 2, "\(r.stderr)")
        #expect(r.stderr.contains(says), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: h.dir.path + "/w.sqlite"))
    }

    @Test(arguments: [
        (#"{"url": "postgresql:///likvard"}"#, "must be an object with a PostgreSQL"),
        (#"{"url": "postgresql:///likvard", "tiers": ["everyone"]}"#, "unknown tier 'everyone'"),
        (#"{"url": "postgresql:///likvard", "tiers": ["public"], "password": "x"}"#, "must be an object with a PostgreSQL"),
    ])
    func aBadPostgresPublicationSettingIsOneClearSentence(setting: String, says: String) throws {
        let h = Harness()
        let pipeline = h.dir.write("p.json", #"{"inbox": "inbox", "publish_postgres": "# + setting + "}")
        let r = try ChildProcess.run(Built.likvard, ["run", "--pipeline", pipeline])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains(says), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: h.warehouse))
    }

    @Test func aPipelineFileThatIsNotJSONNamesLineAndColumn() throws {
        let h = Harness()
        // the comma after "w.sqlite" is missing: the next key, line 4 column 3, is where it fails
        let pipeline = h.dir.write("p.json", "{\n  \"inbox\": \"x\",\n  \"warehouse\": \"w.sqlite\"\n  \"key_file\": \"k\"\n}\n")
        let r = try ChildProcess.run(Built.likvard, ["run", "--pipeline", pipeline])
        #expect(r.exitCode == 2 && r.stderr.contains("not valid JSON: line 4, column 3"), "\(r.stderr)")
    }

    @Test func aMissingInboxIsOneClearSentence() throws {
        let h = Harness()
        let r = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.dir.path + "/nowhere", "--warehouse", h.warehouse, "--key-file", h.keyFile])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("nowhere does not exist"))
    }

    @Test func aMissingWarehouseFolderIsNamedAsSuch() throws {
        let h = Harness()
        try FileManager.default.createDirectory(atPath: h.inbox, withIntermediateDirectories: true)
        let r = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.dir.path + "/nofolder/w.sqlite", "--key-file", h.keyFile])
        #expect(r.exitCode == 2 && r.stderr.contains("folder \(h.dir.path)/nofolder does not exist"), "\(r.stderr)")
        #expect(!r.stderr.contains("lock file"))
    }

    @Test func aMistypedRunOptionIsNamedWithTheNearest() throws {
        let r = try ChildProcess.run(Built.likvard, ["run", "--pipline", "nightly.json"])
        #expect(r.exitCode == 2 && r.stderr.contains("Did you mean '--pipeline'"), "\(r.stderr)")
    }

    @Test func aCorruptWarehouseIsOneClearSentence() throws {
        let h = Harness()
        h.dir.write("warehouse.sqlite", String(repeating: "not a database ", count: 500))
        let r = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", h.keyFile])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("not an SQLite database or is corrupt"))
    }

    @Test func statusAndRejectsReadTheWarehouse() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", "skolenhetskod;skolnamn\n12345678;A\n1234;B\n")
        try h.run()
        let status = try ChildProcess.run(Built.likvard, ["status", "--warehouse", h.warehouse, "--format", "json"])
        #expect(status.exitCode == 0)
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect((json?["files"] as? [[String: Any]])?.first?["status"] as? String == "quarantined")
        let rejects = try ChildProcess.run(Built.likvard, ["rejects", "--warehouse", h.warehouse, "--format", "csv"])
        #expect(rejects.exitCode == 0)
        #expect(rejects.stdout.contains("skolenheter/r.csv;3;invalid_school;skolenhetskod"))
    }
}

/// The runbook practised on the demo: in the folder where `run --demo` ran, the reading
/// commands find the demo's warehouse without `--warehouse` and say so; every command takes
/// `--demo`; every command line the run and `status` suggest works when pasted.
@Suite struct DemoRunbookTests {
    @Test func theReadingCommandsFindTheDemoWarehouse() throws {
        let dir = TempDirectory("likvard-demo-runbook")
        let before = try ChildProcess.run(Built.likvard, ["status"], directory: dir.path)
        #expect(before.exitCode == 2 && before.stderr.contains("name the warehouse"), "\(before.stderr)")
        let noDemo = try ChildProcess.run(Built.likvard, ["status", "--demo"], directory: dir.path)
        #expect(noDemo.exitCode == 2 && noDemo.stderr.contains("run `likvard run --demo` in this folder first"), "\(noDemo.stderr)")
        #expect(try ChildProcess.run(Built.likvard, ["run", "--demo", "--quiet"], directory: dir.path).exitCode == 3)
        let status = try ChildProcess.run(Built.likvard, ["status", "--format", "json"], directory: dir.path)
        #expect(status.exitCode == 0 && status.stderr.contains("the demo's warehouse"), "\(status.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect((json?["runs"] as? [[String: Any]])?.isEmpty == false)
        let rejects = try ChildProcess.run(Built.likvard, ["rejects"], directory: dir.path)
        #expect(rejects.exitCode == 0, "\(rejects.stderr)")
        // rerun writes: it takes the demo only by name
        let rerun = try ChildProcess.run(Built.likvard, ["rerun"], directory: dir.path)
        #expect(rerun.exitCode == 2 && rerun.stderr.contains("--demo"), "\(rerun.stderr)")
        for command in [["status", "--demo"], ["rejects", "--demo", "--file", "betyg/tom.csv"],
                        ["publish", "--demo", "--tier", "public", "--out", "p.sqlite"], ["rerun", "--demo"]] {
            let r = try ChildProcess.run(Built.likvard, command, directory: dir.path)
            #expect(r.exitCode == 0, "\(command): \(r.stderr)")
        }
    }

    /// The quarantine messages of `run --demo` and the lines under `status`'s waiting files,
    /// pasted into a shell in the demo's folder, do what they say.
    @Test func everySuggestedLineWorksWhenPasted() throws {
        let dir = TempDirectory("likvard-demo-paste")
        let run = try ChildProcess.run(Built.likvard, ["run", "--demo"], directory: dir.path)
        #expect(run.exitCode == 3)
        let accept = Built.suggestedLines(in: run.stderr, after: "load its good rows with:")
        #expect(accept.contains("likvard rerun --demo --file skolenheter/2024-10-01-felaktig.csv --accept-rejects"), "\(accept)")
        let pasted = try Built.paste(accept.first { $0.contains("skolenheter/") }!, in: dir.path)
        #expect(pasted.exitCode == 0, "\(pasted.stderr)")
        #expect(pasted.stdout.contains("skolenheter/2024-10-01-felaktig.csv  loaded"), "\(pasted.stdout)")

        let status = try ChildProcess.run(Built.likvard, ["status"], directory: dir.path)
        let lines = Built.suggestedLines(in: status.stdout, after: "  ")
        #expect(lines.count == 2, "\(status.stdout.suffix(600))")
        for line in lines {
            let r = try Built.paste(line, in: dir.path)
            // re-processing an unchanged broken file quarantines it again (3); nothing is a usage error
            #expect([0, 3].contains(r.exitCode), "\(line): \(r.stderr)")
        }
        let settings = try ChildProcess.run(Built.likvard, ["status", "--pipeline", Built.packageRoot + "/pipelines/demo.json"], directory: dir.path)
        #expect(settings.exitCode == 2 && settings.stderr.contains("give --demo instead"), "\(settings.stderr)")
    }

    /// A file named with an identifier is suggested by its masked name (nothing prints the
    /// identifier), and the pasted line finds the one inbox file that masks to it.
    @Test func aMaskedNameInASuggestedLineFindsItsFile() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        let rows = Feeds.gradeRows(pupil: TestPupil.personnummer("2009-01-01", serial: 1), school: "12345678", term: "VT2024")
        h.drop("betyg/Ali 20120315-T042.csv", ([Feeds.gradeHeader] + rows + ["x;12345678;9;VT2024;MA;C;2024-06-10"]).joined(separator: "\n"))
        let run = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", h.keyFile])
        #expect(run.exitCode == 3, "\(run.stderr)")
        #expect(!run.stderr.contains("T042") && !run.stdout.contains("T042"))
        let lines = Built.suggestedLines(in: run.stderr, after: "load its good rows with:")
        #expect(lines.count == 1 && lines[0].contains("'betyg/Ali 20120315-****.csv'"), "\(lines)")
        let pasted = try Built.paste(lines.first ?? "likvard rerun", in: "/")
        #expect(pasted.exitCode == 0, "\(pasted.stderr)")
        let db = try Database(path: h.warehouse, readOnly: true, create: false)
        #expect(try db.scalar("select count(*) from stored_grades").int == rows.count)
    }

    /// A run given its pipeline by a relative path suggests a line that works from any folder.
    @Test func aPipelineRunSuggestsALineThatWorksFromAnywhere() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A"), ("1234", "B"), ("22345678", "C")]))
        h.dir.write("p.json", #"{"inbox": "inbox", "warehouse": "warehouse.sqlite", "key_file": "pupil.key"}"#)
        let run = try ChildProcess.run(Built.likvard, ["run", "--pipeline", "p.json"], directory: h.dir.path)
        #expect(run.exitCode == 3, "\(run.stderr)")
        let lines = Built.suggestedLines(in: run.stderr, after: "load its good rows with:")
        #expect(lines == ["likvard rerun --pipeline \(h.dir.path)/p.json --file skolenheter/r.csv --accept-rejects"], "\(lines)")
        let pasted = try Built.paste(lines[0], in: "/")
        #expect(pasted.exitCode == 0, "\(pasted.stderr)")
        let db = try Database(path: h.warehouse, readOnly: true, create: false)
        #expect(try db.scalar("select count(*) from school_register_rows").int == 2)
    }
}

/// A run killed with `kill -9` leaves `running` in `etl_runs`: `status` says its process is gone.
@Suite struct KilledRunStatusTests {
    @Test func aRunWhoseProcessIsGoneIsNotShownAsRunning() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        try h.run()
        // a real process, started and ended: its pid is free; the test's own is alive
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        for (pid, shown) in [(Int(gone.processIdentifier), "not running (its process is gone)"), (Int(getpid()), "running")] {
            let db = try Database(path: h.warehouse)
            try db.run("update etl_runs set status = 'running', finished_at = null, pid = ? where run_id = (select max(run_id) from etl_runs)", pid)
            let status = try ChildProcess.run(Built.likvard, ["status", "--warehouse", h.warehouse, "--format", "json"])
            let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
            #expect((json?["runs"] as? [[String: Any]])?.first?["status"] as? String == shown, "\(status.stdout)")
        }
    }
}

/// `likvard rerun --file`: a fixed quarantined file, or its good rows accepted.
@Suite struct RerunFileTests {
    static func harness() -> Harness {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        var rows = [Feeds.gradeHeader] + Feeds.gradeRows(pupil: TestPupil.personnummer("2009-01-01", serial: 1), school: "12345678", term: "VT2024")
        rows.insert("x;y", at: 3)
        rows.insert("\(TestPupil.personnummer("2009-01-01", serial: 2));12345678;9;VT2024;MA;IG;2024-06-10", at: 5)
        h.drop("betyg/g.csv", rows.joined(separator: "\n"))    // 2 of 19 rejected: quarantined
        return h
    }

    func run(_ h: Harness, _ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess.run(Built.likvard, arguments + ["--warehouse", h.warehouse, "--key-file", h.keyFile])
    }

    @Test func acceptRejectsLoadsTheGoodRowsAndKeepsTheRejects() throws {
        let h = Self.harness()
        #expect(try run(h, ["run", "--inbox", h.inbox]).exitCode == 3)
        let accepted = try run(h, ["rerun", "--file", "betyg/g.csv", "--accept-rejects"])
        #expect(accepted.exitCode == 0, "\(accepted.stderr)")
        #expect(try h.rows("select status, coalesce(reason_code, ''), rows_read, rows_loaded, rows_rejected, first_seen_file_id = (select min(file_id) from etl_files where file_name = 'betyg/g.csv') from etl_files where file_name = 'betyg/g.csv' order by file_id")
                == [["quarantined", "too_many_rejects", "19", "0", "19", "1"], ["loaded", "", "19", "17", "2", "1"]])
        #expect(try h.scalar("select count(*) from stored_grades").int == 17)
        #expect(try h.scalar("select count(*) from etl_rejects").int == 4)   // both records' rejects stay
        #expect(try h.scalar("select resumes_run_id from etl_runs where run_id = 2") == .null)
        // once loaded, the same content is not loaded twice
        let again = try run(h, ["rerun", "--file", "betyg/g.csv", "--accept-rejects"])
        #expect(again.exitCode == 0)
        #expect(try h.scalar("select count(*) from stored_grades").int == 17)
    }

    @Test func aFixedFileDroppedAgainLoads() throws {
        let h = Self.harness()
        #expect(try run(h, ["run", "--inbox", h.inbox]).exitCode == 3)
        h.drop("betyg/g.csv", ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: TestPupil.personnummer("2009-01-01", serial: 1), school: "12345678", term: "VT2024")).joined(separator: "\n"))
        #expect(try run(h, ["run", "--inbox", h.inbox]).exitCode == 0)
        #expect(try h.scalar("select count(*) from stored_grades").int == 17)
    }

    @Test func acceptRejectsIsRefusedForAStructuralQuarantine() throws {
        let h = Harness()
        h.drop("betyg/broken.csv", "personnummer;skolenhetskod\n")
        #expect(try run(h, ["run", "--inbox", h.inbox]).exitCode == 3)
        let r = try run(h, ["rerun", "--file", "betyg/broken.csv", "--accept-rejects"])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("missing_column"))
    }

    @Test func nothingToRerunIsSaidAndExitsZero() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        #expect(try run(h, ["run", "--inbox", h.inbox]).exitCode == 0)
        let r = try run(h, ["rerun"])
        #expect(r.exitCode == 0)
        #expect(r.stdout.contains("no failed run"))
    }
}

/// What the command line prints of files' text cannot steer a terminal or a spreadsheet.
@Suite struct SafeOutputTests {
    @Test func rejectsShowControlBytesEscapedAndDefuseFormulaCells() throws {
        let h = Harness.withSchool()
        let pupil = TestPupil.personnummer("2009-03-14", serial: 1)
        var rows = [Feeds.gradeHeader] + Feeds.gradeRows(pupil: pupil, school: "12345678", term: "VT2024")
        rows.append("=HYPERLINK(\"x\");12345678;9;VT2024;MA;C;2024-06-10")
        rows.append("\(pupil);12345678;9;VT2024;MA;\u{1B}[31mC;2024-06-10")
        h.drop("betyg/g.csv", rows.joined(separator: "\n") + "\n")
        h.config.rejectThreshold["betyg"] = 0.2
        try h.run()
        let table = try ChildProcess.run(Built.likvard, ["rejects", "--warehouse", h.warehouse])
        #expect(table.exitCode == 0)
        #expect(!table.stdoutBytes.contains(0x1B), "an escape byte reached the terminal")
        #expect(table.stdout.contains("\\u{1B}[31mC"))
        let csv = try ChildProcess.run(Built.likvard, ["rejects", "--warehouse", h.warehouse, "--format", "csv"])
        #expect(csv.stdout.contains("'=HYPERLINK"), "\(csv.stdout)")
        #expect(!csv.stdout.split(separator: "\n").contains { $0.split(separator: ";").contains { $0.hasPrefix("=") } })
    }
}

/// Small things a careful tool gets right (issue #27).
@Suite struct StewardSafetyTests {
    @Test func versionIsPrinted() throws {
        let r = try ChildProcess.run(Built.likvard, ["--version"])
        #expect(r.exitCode == 0 && r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3, "\(r.stdout)")
    }

    /// `--accept-rejects` on a file whose every row was rejected would load nothing and take
    /// the file off the quarantine list: refused, exit 2.
    @Test func acceptingAFileWithoutAGoodRowIsRefused() throws {
        let h = Harness.withSchool("12345678")
        let pupil = TestPupil.personnummer("2009-03-14", serial: 1)
        h.drop("betyg/gammal.csv", ([Feeds.gradeHeader] + ["MVG", "VG", "G", "IG"].map { "\(pupil);12345678;9;VT2024;MA;\($0);2024-06-10" })
            .joined(separator: "\n") + "\n")
        let args = ["--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", h.keyFile]
        #expect(try ChildProcess.run(Built.likvard, ["run"] + args).exitCode == 3)
        let accept = try ChildProcess.run(Built.likvard, ["rerun", "--file", "betyg/gammal.csv", "--accept-rejects"] + args)
        #expect(accept.exitCode == 2 && accept.stderr.contains("every row"), "\(accept.stderr)")
        #expect(try h.scalar("select status from etl_files where file_name = 'betyg/gammal.csv' order by file_id desc").string == "quarantined")
    }
}

/// `likvard rejects` answers the question asked, or says why it cannot (issue #27).
@Suite struct RejectsQuestionTests {
    static func warehouse() throws -> Harness {
        let h = Harness.withSchool("12345678")
        let pupil = TestPupil.personnummer("2009-03-14", serial: 1)
        let good = (1...3).flatMap { Feeds.gradeRows(pupil: TestPupil.personnummer("2009-03-14", serial: $0), school: "12345678", term: "VT2024") }
        h.drop("betyg/vt2024.csv", ([Feeds.gradeHeader] + good + ["\(pupil);12345678;9;VT2024;MA;VG;2024-06-10"]).joined(separator: "\n") + "\n")
        h.drop("betyg/saknar.csv", "personnummer;skolenhetskod;arskurs;termin;amne;betyg\n\(pupil);12345678;9;VT2024;MA;C\n")
        let args = ["--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", h.keyFile]
        #expect(try ChildProcess.run(Built.likvard, ["run"] + args).exitCode == 3)
        return h
    }

    @Test func anUnknownFileIsUsageNamingTheNearest() throws {
        let h = try Self.warehouse()
        let r = try ChildProcess.run(Built.likvard, ["rejects", "--warehouse", h.warehouse, "--file", "betyg/vt2042.csv"])
        #expect(r.exitCode == 2 && r.stderr.contains("did you mean betyg/vt2024.csv"), "\(r.stderr)")
    }

    @Test func aWholeFileQuarantineSaysItsReasonAndTheOldScaleIsNamed() throws {
        let h = try Self.warehouse()
        let whole = try ChildProcess.run(Built.likvard, ["rejects", "--warehouse", h.warehouse, "--file", "betyg/saknar.csv"])
        #expect(whole.exitCode == 0 && whole.stdout.contains("quarantined whole (missing_column)"), "\(whole.stdout)")
        let rows = try ChildProcess.run(Built.likvard, ["rejects", "--warehouse", h.warehouse, "--file", "betyg/vt2024.csv"])
        #expect(rows.stdout.contains("old scale"), "\(rows.stdout)")
    }

    /// A file dropped again: the current version's rejects by default, every version on asking.
    @Test func theCurrentVersionByDefault() throws {
        let h = try Self.warehouse()
        let pupil = TestPupil.personnummer("2009-03-14", serial: 1)
        let good = (1...3).flatMap { Feeds.gradeRows(pupil: TestPupil.personnummer("2009-03-14", serial: $0), school: "12345678", term: "VT2024") }
        h.drop("betyg/vt2024.csv", ([Feeds.gradeHeader] + good + ["\(pupil);12345678;9;VT2024;MA;X;2024-06-10"]).joined(separator: "\n") + "\n")
        #expect(try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", h.keyFile]).exitCode != 2)
        let current = try ChildProcess.run(Built.likvard, ["rejects", "--warehouse", h.warehouse, "--file", "betyg/vt2024.csv"])
        #expect(current.stdout.contains("'X'") && !current.stdout.contains("'VG'") && current.stdout.contains("--all-versions"), "\(current.stdout)")
        let all = try ChildProcess.run(Built.likvard, ["rejects", "--warehouse", h.warehouse, "--file", "betyg/vt2024.csv", "--all-versions"])
        #expect(all.stdout.contains("'X'") && all.stdout.contains("'VG'"), "\(all.stdout)")
    }
}

/// `status` shows the files still waiting, whatever run is asked about (issue #27).
@Suite struct WaitingFilesTests {
    @Test func quarantinedFilesStayListedAfterLaterRuns() throws {
        let h = try RejectsQuestionTests.warehouse()   // run 1 quarantines betyg/saknar.csv
        h.drop("betyg/ny.csv", ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: TestPupil.personnummer("2009-05-05", serial: 7),
                                                                         school: "12345678", term: "VT2025")).joined(separator: "\n") + "\n")
        let args = ["--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", h.keyFile]
        #expect(try ChildProcess.run(Built.likvard, ["run"] + args).exitCode == 0)   // run 2: nothing quarantined
        let table = try ChildProcess.run(Built.likvard, ["status", "--warehouse", h.warehouse])
        #expect(table.exitCode == 0)
        let waiting = table.stdout.components(separatedBy: "Files still quarantined").last ?? ""
        #expect(waiting.contains("betyg/saknar.csv") && waiting.contains("missing_column"), "\(table.stdout)")
        #expect(table.stdout.contains("rows_in of extract is the file's bytes"))
        let json = try ChildProcess.run(Built.likvard, ["status", "--warehouse", h.warehouse, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let listed = (object?["quarantined_waiting"] as? [[String: Any]])?.compactMap { $0["file_name"] as? String }
        #expect(listed == ["betyg/saknar.csv"], "\(json.stdout.prefix(400))")
    }
}
