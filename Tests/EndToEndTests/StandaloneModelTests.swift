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

    @Test(arguments: derived.map { URL(fileURLWithPath: $0).lastPathComponent })
    func modelRunsAloneAfterTheScopeFile(_ model: String) throws {
        let warehouse = try Self.copy()
        let folder = Built.packageRoot + "/schemas/derived/"
        let r = try Self.shell(warehouse.path, [".read " + folder + "000_scope.sql", ".read " + folder + model])
        #expect(r.exitCode == 0 && r.stderr.isEmpty, "\(model): \(r.stderr)")
    }

    @Test func theFolderRunInTheShellRebuildsTheSameViews() throws {
        let built = try Self.copy(), rebuilt = try Self.copy()
        let root = Built.packageRoot + "/schemas/"
        let scripts = Self.derived + ["views", "catalog"].flatMap { folder in
            (try! FileManager.default.contentsOfDirectory(atPath: root + folder)).filter { $0.hasSuffix(".sql") }.sorted()
                .map { root + folder + "/" + $0 }
        }
        let r = try Self.shell(rebuilt.path, ["update warehouse_meta set value = '1' where key = 'refresh_full';"]
                               + scripts.map { ".read " + $0 })
        #expect(r.exitCode == 0 && r.stderr.isEmpty, "\(r.stderr)")
        let views = ["terms", "pupil_term_results", "results_school_term", "newcomer_results", "school_disparity",
                     "focus_area_followup", "school_signals", "school_expected_results", "official_school_results",
                     "national_comparison", "results_city_term", "focus_area_city", "allocation_basis", "intervention_effects",
                     "funding_and_results", "target_followup", "subject_results", "self_assessment_profile",
                     "newcomer_results_margins", "warehouse_catalog"]
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
