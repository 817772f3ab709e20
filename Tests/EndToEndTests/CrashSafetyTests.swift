import Foundation
import LikvardSQL
import LikvardTestSupport
import Testing

/// `kill -9` at many points of a real `likvard run`, then `likvard run` or `likvard rerun`:
/// every view and every audit count must equal an uninterrupted run's.
@Suite struct CrashSafetyTests {
    static let views = ["terms", "pupil_term_results", "results_school_term", "newcomer_results",
                        "school_disparity", "focus_area_followup", "school_signals", "warehouse_catalog"]

    /// A folder with a copy of the demo inbox and its key.
    static func workspace() throws -> TempDirectory {
        let dir = TempDirectory("likvard-crash")
        try Built.shell("cp -R '\(Built.packageRoot)/fixtures/demo/inbox' '\(dir.path)/inbox' && cp '\(Built.packageRoot)/fixtures/demo/demo.key' '\(dir.path)/key'")
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
        for table in ["grade_rows", "newcomer_registrations", "school_register_rows", "survey_answers", "pupil_identities"] {
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

    /// Deterministic kill points, spread over every stage (see CrashPoint), and a
    /// few kills after seeded random delays.
    static let scenarios: [String] = [
        "run-started", "file-extracted#1", "file-extracted#5", "file-extracted#13", "file-extracted#21",
        "file-rows#1", "file-rows#4", "file-rows#11", "file-rows#17",
        "file-before-commit#1", "file-before-commit#4", "file-before-commit#9", "file-before-commit#16", "file-before-commit#23",
        "file-committed#2", "file-committed#12", "file-committed#24",
        "refresh-started", "refresh-before-commit", "refresh-committed", "run-finishing",
        "delay:40", "delay:150", "delay:300", "delay:450", "delay:700",
    ]

    @Test(arguments: scenarios.enumerated().map { ($0.offset, $0.element) })
    func killedRunCompletesToTheSameWarehouse(index: Int, scenario: String) throws {
        let reference = Self.reference
        let dir = try Self.workspace()
        if scenario.hasPrefix("delay:") {
            let child = try ChildProcess(Built.likvard, Self.runArguments(dir))
            usleep(UInt32(Int(scenario.dropFirst(6))!) * 1000)
            child.kill(SIGKILL)
            _ = child.wait()
        } else {
            let killed = try ChildProcess.run(Built.likvard, Self.runArguments(dir), environment: ["LIKVARD_CRASH_AT": scenario])
            #expect(killed.signal == SIGKILL, "the kill point \(scenario) was not reached: \(killed.stderr.suffix(300))")
        }
        // Alternate between the next nightly run and an explicit rerun (a kill after a
        // random delay may come before the warehouse exists, which rerun rightly refuses).
        let again: ChildProcess.Result
        if index % 2 == 0 || scenario.hasPrefix("delay:") {
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
        if !scenario.hasPrefix("delay:") {
            #expect(try db.scalar("select status from etl_runs where run_id = 1").string == "failed", "\(scenario)")
        }
    }

    @Test func aReaderIsNeverBlockedAndNeverSeesHalfAStage() throws {
        let dir = try Self.workspace()
        let writer = try ChildProcess(Built.likvard, Self.runArguments(dir))
        var reads = 0, errors: [String] = []
        let start = Date()
        var writerDone = false
        while Date().timeIntervalSince(start) < 60 && !writerDone {
            if writer.hasExited { writerDone = true }
            guard FileManager.default.fileExists(atPath: dir.path + "/w.sqlite") else { usleep(2000); continue }
            do {
                let db = try Database(path: dir.path + "/w.sqlite", readOnly: true, create: false)
                guard try db.scalar("select count(*) from sqlite_schema where name = 'etl_files'").int == 1 else { continue }
                // grade rows and their files' counts commit together
                let consistent = try db.scalar("""
                    select (select count(*) from grade_rows)
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
                reads += 1
            } catch {
                errors.append("\(error)")
            }
        }
        let result = writer.wait()
        #expect(result.exitCode == 3)
        #expect(errors.isEmpty, "\(errors.prefix(3))")
        #expect(reads > 5)
    }
}
