import Foundation
import LikvardSQL
import LikvardTestSupport
import Testing

/// `kill -9` at many points of a real `likvard run`, then `likvard run` or `likvard rerun`:
/// every view and every audit count must equal an uninterrupted run's.
@Suite struct CrashSafetyTests {
    static let views = ["terms", "pupil_term_results", "results_school_term", "newcomer_results",
                        "school_disparity", "focus_area_followup", "school_signals", "school_expected_results",
                        "official_school_results", "national_comparison", "results_city_term", "focus_area_city",
                        "allocation_basis", "intervention_effects", "funding_and_results", "target_followup",
                        "warehouse_catalog"]

    /// A folder with a copy of the demo inbox and its key.
    static func workspace() throws -> TempDirectory {
        let dir = TempDirectory("likvard-crash")
        // the demo's inbox, with a key of its own: the demo key is for --demo only
        try Built.shell("cp -R '\(Built.packageRoot)/fixtures/demo/inbox' '\(dir.path)/inbox'")
        dir.write("key", "crash-safety-key-0123456789-0123456789\n")
        chmod(dir.path + "/key", 0o600)
        return dir
    }

    static func runArguments(_ dir: TempDirectory) -> [String] {
        ["run", "--inbox", dir.path + "/inbox", "--warehouse", dir.path + "/w.sqlite", "--key-file", dir.path + "/key"]
    }

    /// Everything an uninterrupted run determines, without ids and timestamps.
    static func snapshot(_ path: String) throws -> [String: [[String]]] {
        let db = try Database(path: path, readOnly: true, create: false)
        var result: [String: [[String]]] = [:]
        for view in views {
            let n = try db.scalar("select count(*) from pragma_table_info(?)", view).int!
            guard n > 0 else { result[view] = []; continue }   // not refreshed yet
            result[view] = try db.rows("select * from \(view) order by \((1...n).map(String.init).joined(separator: ", "))")
                .map { $0.values.map(\.description) }
        }
        result["etl_files"] = try db.rows("""
            select file_name, feed, coalesce(sha256, ''), status, coalesce(reason_code, ''), rows_read, rows_loaded, rows_rejected
            from etl_files order by file_name
            """).map { $0.values.map(\.description) }
        result["etl_rejects"] = try db.rows("""
            select f.file_name, r.line_number, r.reason_code, coalesce(r.column_name, ''), r.message, r.raw_line
            from etl_rejects r join etl_files f using (file_id) order by 1, 2
            """).map { $0.values.map(\.description) }
        for table in ["pupil_term_grades", "newcomer_registrations", "school_register_rows", "survey_answers", "pupil_identities"] {
            result["count " + table] = [[try db.scalar("select count(*) from \(table)").description]]
        }
        return result
    }

    static let reference: [String: [[String]]] = {
        let dir = try! workspace()
        let r = try! ChildProcess.run(Built.likvard, runArguments(dir))
        precondition(r.exitCode == 3, r.stderr)
        return try! snapshot(dir.path + "/w.sqlite")
    }()

    /// Deterministic kill points, spread over every stage (see CrashPoint), and kills from
    /// outside once K files of the run have committed (`after-files:K`), wherever the run
    /// is then.
    static let scenarios: [String] = [
        "run-started", "file-extracted#1", "file-extracted#5", "file-extracted#13", "file-extracted#21",
        "file-rows#1", "file-rows#4", "file-rows#11", "file-rows#17",
        "file-before-commit#1", "file-before-commit#4", "file-before-commit#9", "file-before-commit#16", "file-before-commit#23",
        "file-committed#2", "file-committed#12", "file-committed#24",
        "refresh-started", "refresh-before-commit", "refresh-committed", "run-finishing",
        "after-files:1", "after-files:3", "after-files:7", "after-files:12", "after-files:18",
    ]

    @Test(arguments: scenarios.enumerated().map { ($0.offset, $0.element) })
    func killedRunCompletesToTheSameWarehouse(index: Int, scenario: String) throws {
        let reference = Self.reference
        let dir = try Self.workspace()
        if scenario.hasPrefix("after-files:") {
            let files = Int(scenario.dropFirst(12))!
            let child = try ChildProcess(Built.likvard, Self.runArguments(dir))
            while !child.hasExited, (try? Self.committedFiles(dir)) ?? 0 < files { usleep(500) }
            child.kill(SIGKILL)
            let killed = child.wait()
            // The kill landed mid-run, after files (and their rows) were committed.
            #expect(killed.signal == SIGKILL, "the run ended before \(files) files were committed")
            let db = try Database(path: dir.path + "/w.sqlite", readOnly: true, create: false)
            #expect(try db.scalar("select status from etl_runs where run_id = 1").string == "running")
            #expect(try db.scalar("select count(*) from etl_files").int! >= files)
        } else {
            let killed = try ChildProcess.run(Built.likvard, Self.runArguments(dir), environment: ["LIKVARD_CRASH_AT": scenario])
            #expect(killed.signal == SIGKILL, "the kill point \(scenario) was not reached: \(killed.stderr.suffix(300))")
        }
        // Alternate between the next nightly run and an explicit rerun.
        let again: ChildProcess.Result
        if index % 2 == 0 {
            again = try ChildProcess.run(Built.likvard, Self.runArguments(dir))
        } else {
            again = try ChildProcess.run(Built.likvard, ["rerun", "--warehouse", dir.path + "/w.sqlite", "--key-file", dir.path + "/key"])
        }
        #expect([0, 3].contains(again.exitCode), "\(again.stderr)")
        let after = try Self.snapshot(dir.path + "/w.sqlite")
        for key in reference.keys.sorted() {
            #expect(after[key] == reference[key], "\(scenario): \(key) differs")
        }
        let db = try Database(path: dir.path + "/w.sqlite", readOnly: true, create: false)
        #expect(try db.scalar("select count(*) from etl_runs where status = 'running'").int == 0)
        #expect(try db.scalar("select status from etl_runs where run_id = 1").string == "failed", "\(scenario)")
    }

    /// Files the first run has committed so far (nil before the warehouse has its tables).
    static func committedFiles(_ dir: TempDirectory) throws -> Int? {
        guard FileManager.default.fileExists(atPath: dir.path + "/w.sqlite") else { return nil }
        let db = try Database(path: dir.path + "/w.sqlite", readOnly: true, create: false)
        guard try db.scalar("select count(*) from sqlite_schema where name = 'etl_files'").int == 1 else { return nil }
        return try db.scalar("select count(*) from etl_files").int
    }

    /// A reader of the warehouse while a run writes it: the writer is stopped (SIGSTOP)
    /// once three files have committed — in the middle of the load, wherever that is — and
    /// the reader must then read, consistent and unblocked; then the run goes on.
    @Test func aReaderIsNeverBlockedAndNeverSeesHalfAStage() throws {
        let dir = try Self.workspace()
        let writer = try ChildProcess(Built.likvard, Self.runArguments(dir))
        var reads = 0, readsWhileRunning = 0, errors: [String] = []
        var paused = false
        func read() {
            do {
                let db = try Database(path: dir.path + "/w.sqlite", readOnly: true, create: false)
                // grade rows and their files' counts commit together
                let consistent = try db.scalar("""
                    select (select count(*) from stored_grades)
                         = (select coalesce(sum(rows_loaded), 0) from etl_files where feed = 'betyg' and status = 'loaded')
                    """).int
                if consistent != 1 { errors.append("grade rows and etl_files disagree") }
                if try db.scalar("select count(*) from sqlite_schema where name = 'results_school_term'").int == 1 {
                    let derived = try db.scalar("""
                        select (select count(*) from pupil_term_results)
                             = (select coalesce(sum(n_pupils), 0) from results_school_term where population = 'all' and sex = 'all')
                        """).int
                    if derived != 1 { errors.append("views disagree") }
                }
                if try db.scalar("select status from etl_runs where run_id = 1").string == "running" { readsWhileRunning += 1 }
                reads += 1
            } catch {
                errors.append("\(error)")
            }
        }
        while !writer.hasExited {
            if let files = try? Self.committedFiles(dir) {
                if !paused && files >= 3 {
                    writer.kill(SIGSTOP)
                    paused = true
                    for _ in 0..<5 { read() }
                    writer.kill(SIGCONT)
                } else {
                    read()
                }
            }
            usleep(1000)
        }
        let result = writer.wait()
        #expect(result.exitCode == 3)
        #expect(paused, "the run ended before three files were committed")
        #expect(errors.isEmpty, "\(errors.prefix(3))")
        #expect(readsWhileRunning >= 5)
    }
}

/// Two runs never write at once, however the warehouse's path is spelt.
@Suite struct RunLockSpellingTests {
    @Test func anotherSpellingOfTheWarehouseMeetsTheSameLock() throws {
        let dir = try CrashSafetyTests.workspace()
        let holder = try ChildProcess(Built.likvard, CrashSafetyTests.runArguments(dir))
        while !holder.hasExited, (try? CrashSafetyTests.committedFiles(dir)) ?? 0 < 1 { usleep(500) }
        holder.kill(SIGSTOP)
        defer { holder.kill(SIGCONT); _ = holder.wait() }
        // a link to the warehouse: with the lock keyed on the path string, alias.sqlite.lock
        // was another file, and the two runs wrote at once
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/alias.sqlite", withDestinationPath: dir.path + "/w.sqlite")
        for spelling in [dir.path + "/alias.sqlite", dir.path + "/./w.sqlite"] {
            let other = try ChildProcess.run(Built.likvard, ["run", "--inbox", dir.path + "/inbox", "--warehouse", spelling,
                                                             "--key-file", dir.path + "/key"])
            #expect(other.exitCode == 4, "\(spelling): \(other.stderr)")
            #expect(other.stderr.contains("another likvard run holds the warehouse"))
        }
    }
}
