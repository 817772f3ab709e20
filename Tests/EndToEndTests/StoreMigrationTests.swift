import Foundation
import LikvardSQL
import LikvardTestSupport
import Testing

/// The grade store's migration (017) on a warehouse written by the code before it
/// (`fixtures/store-migration/`: one row per grade row, per-pupil summaries, a fragmented
/// pupil, linked temporary ids, a correction): nothing lost, and every view the same as the
/// old code made it, and as a fresh load of the same inbox makes it now.
@Suite struct StoreMigrationTests {
    static let fixture = Built.packageRoot + "/fixtures/store-migration"

    /// Every view of a warehouse, its rows as sorted text.
    static func views(_ path: String, named names: [String]) throws -> [String: [String]] {
        let db = try Database(path: path, readOnly: true, create: false)
        var views: [String: [String]] = [:]
        for name in names { views[name] = try db.rows("select * from \(name)").map(\.description).sorted() }
        return views
    }

    static func run(_ warehouse: String, key: String) throws -> ChildProcess.Result {
        try ChildProcess.run(Built.likvard, ["run", "--inbox", fixture + "/inbox", "--warehouse", warehouse, "--key-file", key, "--quiet"])
    }

    @Test func anOldWarehouseKeepsEveryGradeAndEveryView() throws {
        let dir = TempDirectory("likvard-store-migration")
        let old = dir.path + "/old.sqlite"
        try Built.shell("gzip -dc '\(Self.fixture)/warehouse-1ff5b85.sqlite.gz' > '\(old)' && cp '\(old)' '\(dir.path)/w.sqlite'")
        try Built.shell("cp '\(Self.fixture)/fixture.key' '\(dir.path)/key' && chmod 600 '\(dir.path)/key'")
        let before = try Database(path: old, readOnly: true, create: false)
        let names = try before.rows("select name from sqlite_master where type = 'view' order by name").compactMap { $0[0].string }
        #expect(names.count >= 20)
        let oldViews = try Self.views(old, named: names)
        #expect(oldViews["pupil_term_results"]?.count ?? 0 > 200)
        // The old store's grade in force per identifier, subject and file: what must survive.
        let oldGrades = try before.rows("""
            select file_id, term, school_unit_code, identity_key, subject, grade, grade_date, line_number from (
              select *, row_number() over (partition by file_id, term, school_unit_code, identity_key, subject
                                           order by grade_date desc, line_number desc) as k
              from grade_rows) where k = 1
            """).map(\.description).sorted()
        #expect(try before.scalar("select count(*) from pupil_grade_summaries where fragmented = 1").int ?? 0 > 0)
        #expect(try before.scalar("select count(*) from pupil_links").int ?? 0 > 0)

        let upgraded = try Self.run(dir.path + "/w.sqlite", key: dir.path + "/key")
        #expect(upgraded.exitCode == 0, "\(upgraded.stderr)")
        let after = try Database(path: dir.path + "/w.sqlite", readOnly: true, create: false)
        #expect(try after.scalar("select count(*) from sqlite_master where name in ('grade_rows', 'pupil_grade_summaries')").int == 0)
        #expect(try after.rows("""
            select file_id, term, school_unit_code, identity_key, subject, grade, grade_date, line_number from stored_grades
            """).map(\.description).sorted() == oldGrades)
        let newViews = try Self.views(dir.path + "/w.sqlite", named: names)
        for name in names { #expect(newViews[name] == oldViews[name], "\(name) changed in the migration") }

        let fresh = try Self.run(dir.path + "/fresh.sqlite", key: dir.path + "/key")
        #expect(fresh.exitCode == 0, "\(fresh.stderr)")
        let freshViews = try Self.views(dir.path + "/fresh.sqlite", named: names)
        for name in names { #expect(freshViews[name] == oldViews[name], "\(name): a fresh load differs from the old code's") }
    }
}
