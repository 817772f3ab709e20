import Foundation
import LikvardSQL
import LikvardTestSupport
import Testing

/// The refresh is SQL a steward can run without the binary: on a demo warehouse, in the
/// stock sqlite3 shell, every model of schemas/derived/ runs alone after the scope file,
/// and the folder run in order as a full refresh gives exactly the views the binary built.
@Suite struct StandaloneModelTests {
    static let derived: [String] = {
        let folder = Built.packageRoot + "/schemas/derived"
        return (try! FileManager.default.contentsOfDirectory(atPath: folder)).filter { $0.hasSuffix(".sql") }.sorted()
            .map { folder + "/" + $0 }
    }()

    /// The demo warehouse, built once by `likvard run --demo`.
    static let demo: TempDirectory = {
        let dir = TempDirectory("likvard-standalone")
        let r = try! ChildProcess.run(Built.likvard, ["run", "--demo"], directory: dir.path)
        precondition(r.exitCode == 3, r.stderr)
        return dir
    }()

    /// A copy of the demo warehouse (sqlite3 .backup: the WAL's pages included), in a
    /// folder that lives as long as the returned value.
    static func copy() throws -> (folder: TempDirectory, path: String) {
        let folder = TempDirectory("likvard-standalone-copy")
        try Built.shell("sqlite3 '\(demo.path)/likvard-demo/warehouse.sqlite' \".backup '\(folder.path)/w.sqlite'\"")
        return (folder, folder.path + "/w.sqlite")
    }

    static func shell(_ warehouse: String, _ commands: [String]) throws -> ChildProcess.Result {
        try ChildProcess.run("/usr/bin/env", ["sqlite3", "-bail", warehouse] + commands)
    }

    /// The tables a model writes: every table of the warehouse file it inserts into.
    static func outputs(of model: String, in db: Database) throws -> [String] {
        let sql = try String(contentsOfFile: Built.packageRoot + "/schemas/derived/" + model, encoding: .utf8)
        let named = Set(sql.matches(of: /(?i)insert(?: or \w+)? into (\w+)/).map { String($0.1).lowercased() })
        return try named.sorted().filter { try db.scalar("select count(*) from main.sqlite_master where type = 'table' and name = ?", $0).int == 1 }
    }

    /// On a refreshed warehouse, a model's tables emptied, then the scope file and that
    /// model alone in the stock shell: the model rebuilds exactly the rows it had.
    @Test(arguments: derived.map { URL(fileURLWithPath: $0).lastPathComponent }.filter { $0 != "000_scope.sql" })
    func modelRebuildsItsTablesAloneAfterTheScopeFile(_ model: String) throws {
        let warehouse = try Self.copy()
        let db = try Database(path: warehouse.path)
        let tables = try Self.outputs(of: model, in: db)
        func snapshot(_ table: String) throws -> [[SQLValue]] {
            let columns = try db.scalar("select count(*) from pragma_table_info(?)", table).int!
            return try db.rows("select * from \(table) order by \((1...columns).map(String.init).joined(separator: ", "))").map(\.values)
        }
        let before = try tables.map(snapshot)
        #expect(before.contains { !$0.isEmpty }, "\(model) writes no row of the demo: the test would prove nothing")
        for table in tables { try db.execute("delete from \(table)") }
        let folder = Built.packageRoot + "/schemas/derived/"
        let r = try Self.shell(warehouse.path, [".read " + folder + "000_scope.sql", ".read " + folder + model])
        #expect(r.exitCode == 0 && r.stderr.isEmpty, "\(model): \(r.stderr)")
        for (table, rows) in zip(tables, before) {
            let after = try snapshot(table)
            let same = after == rows   // the rows themselves only in the message's first difference
            #expect(same, "\(model): \(table) has \(after.count) rows after running alone, \(rows.count) before; first differing: \(zip(after, rows).first { $0 != $1 }.map { "\($0)" } ?? "-")")
        }
    }

    @Test func theFolderRunInTheShellRebuildsTheSameViews() throws {
        let built = try Self.copy(), rebuilt = try Self.copy()
        let root = Built.packageRoot + "/schemas/"
        let scripts = Self.derived + ["views", "catalog"].flatMap { folder in
            (try! FileManager.default.contentsOfDirectory(atPath: root + folder)).filter { $0.hasSuffix(".sql") }.sorted()
                .map { root + folder + "/" + $0 }
        }
        let r = try Self.shell(rebuilt.path, scripts.map { ".read " + $0 })
        #expect(r.exitCode == 0 && r.stderr.isEmpty, "\(r.stderr)")
        let views = ["terms", "pupil_term_results", "results_school_term", "newcomer_results", "school_disparity",
                     "focus_area_followup", "school_signals", "school_expected_results", "official_school_results",
                     "national_comparison", "results_city_term", "focus_area_city", "allocation_basis", "intervention_effects",
                     "funding_and_results", "target_followup", "subject_results", "self_assessment_profile",
                     "newcomer_results_margins", "rules", "warehouse_catalog"]
        for view in views {
            let a = try Database(path: built.path, readOnly: true, create: false)
            let b = try Database(path: rebuilt.path, readOnly: true, create: false)
            let columns = try a.scalar("select count(*) from pragma_table_info(?)", view).int!
            let sql = "select * from \(view) order by \((1...columns).map(String.init).joined(separator: ", "))"
            let before = try a.rows(sql).map { $0.values }, after = try b.rows(sql).map { $0.values }
            #expect(!before.isEmpty, "\(view) is empty in the demo")
            #expect(before == after, "\(view) differs after the shell's refresh")
        }
    }
}
