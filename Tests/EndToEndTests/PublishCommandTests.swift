import Foundation
import LikvardSQL
import LikvardTestSupport
import Testing

/// `likvard publish` as a steward runs it: the real binary on the demo warehouse.
@Suite struct PublishCommandTests {
    static let demo: TempDirectory = {
        let dir = TempDirectory("likvard-publish")
        let r = try! ChildProcess.run(Built.likvard, ["run", "--demo"], directory: dir.path)
        precondition(r.exitCode == 3, r.stderr)
        return dir
    }()

    static func publish(_ out: String, tier: String = "public", crashAt: String? = nil) throws -> ChildProcess.Result {
        try ChildProcess.run(Built.likvard, ["publish", "--warehouse", demo.path + "/likvard-demo/warehouse.sqlite",
                                             "--tier", tier, "--out", out],
                             environment: crashAt.map { ["LIKVARD_CRASH_AT": $0] } ?? [:])
    }

    static func contents(_ path: String) throws -> [[SQLValue]] {
        let db = try Database(path: path, readOnly: true, create: false)
        return try db.rows("select * from results_school_term order by 1, 4, 5, 6, 7").map(\.values)
            + db.rows("select * from publication").map(\.values)
    }

    /// Killed at every point of a publish: the previous publication stays as it was, a
    /// reader holding it open goes on reading it, and the next publish succeeds.
    @Test(arguments: ["publish-started", "publish-before-commit", "publish-before-rename"])
    func aKilledPublishLeavesThePreviousPublicationWhole(point: String) throws {
        let dir = TempDirectory("likvard-publish-kill")
        let out = dir.path + "/public.sqlite"
        #expect(try Self.publish(out).exitCode == 0)
        let before = try Self.contents(out)
        let reader = try Database(path: out, readOnly: true, create: false)
        let statement = try reader.statement("select count(*) from results_school_term")

        let killed = try Self.publish(out, crashAt: point)
        #expect(killed.signal == SIGKILL, "\(point) was not reached: \(killed.stderr)")
        // Beside the target, at most the working file: the public tier's unprotected scratch
        // rows never stand in the (possibly public) folder, not even after a kill.
        let beside = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "public.sqlite" }
        #expect(beside.allSatisfy { $0 == ".public.sqlite.publishing" }, "\(beside)")
        #expect(try Self.contents(out) == before)
        #expect(try statement.rows([]).first?[0].int == before.count - 1)

        #expect(try Self.publish(out).exitCode == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["public.sqlite"])
    }

    /// The demo's public tier, attacked with every differencing identity: nothing found.
    @Test func theDemosPublicTierGivesTheAttackerNothing() throws {
        let dir = TempDirectory("likvard-publish-demo")
        #expect(try Self.publish(dir.path + "/public.sqlite").exitCode == 0)
        let findings = try PublicationAttack.findings(dir.path + "/public.sqlite")
        #expect(findings.isEmpty, "\(findings.prefix(5))")
    }

    @Test func usageMistakesAreExitTwoWithOneSentence() throws {
        let dir = TempDirectory("likvard-publish-usage")
        let noOut = try ChildProcess.run(Built.likvard, ["publish", "--warehouse", Self.demo.path + "/likvard-demo/warehouse.sqlite"])
        #expect(noOut.exitCode == 2 && noOut.stderr.contains("--out"))
        let both = try ChildProcess.run(Built.likvard, ["publish", "--warehouse", Self.demo.path + "/likvard-demo/warehouse.sqlite",
                                                        "--out", dir.path + "/x.sqlite", "--postgres", "postgresql:///likvard"])
        #expect(both.exitCode == 2 && both.stderr.contains("name one target"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/x.sqlite"))
        let badTier = try Self.publish(dir.path + "/x.sqlite", tier: "everyone")
        #expect(badTier.exitCode == 2)
        let noFolder = try Self.publish(dir.path + "/missing/x.sqlite")
        #expect(noFolder.exitCode == 2 && noFolder.stderr.contains("does not exist"))
        #expect(!noFolder.stderr.contains("Fatal") && !noFolder.stderr.contains("0x"))
    }

    /// Publishing onto the warehouse itself, or its WAL or shared memory, is refused: the
    /// rename would replace the steward's file with the public tier.
    @Test func publishingOverTheWarehouseIsRefused() throws {
        let warehouse = Self.demo.path + "/likvard-demo/warehouse.sqlite"
        let before = try Data(contentsOf: URL(fileURLWithPath: warehouse))
        for target in [warehouse, warehouse + "-wal", warehouse + "-shm", Self.demo.path + "/likvard-demo/../likvard-demo/warehouse.sqlite"] {
            let r = try Self.publish(target)
            #expect(r.exitCode == 2 && r.stderr.contains("the warehouse's own file"), "\(target): \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: warehouse)) == before)
    }

    /// The public tier's utility — the share of results with enough pupils whose mean it
    /// shows — printed by publish and stored in the publication; NULL in the other tiers.
    @Test func theUtilityFiguresArePrintedAndStored() throws {
        let dir = TempDirectory("likvard-publish-utility")
        let r = try Self.publish(dir.path + "/public.sqlite")
        #expect(r.exitCode == 0 && r.stdout.contains("Shown means"), "\(r.stdout)")
        let db = try Database(path: dir.path + "/public.sqlite", readOnly: true, create: false)
        let row = try #require(try db.rows("select shown_share_excl_newcomers, shown_share_all from publication").first)
        let excl = try #require(row[0].double), all = try #require(row[1].double)
        #expect(excl > 0 && excl <= 1 && all > 0 && all <= 1)
        #expect(r.stdout.contains(String(format: "%.1f %%", excl * 100)))
        _ = try Self.publish(dir.path + "/internal.sqlite", tier: "internal")
        let internalTier = try Database(path: dir.path + "/internal.sqlite", readOnly: true, create: false)
        #expect(try internalTier.rows("select shown_share_excl_newcomers, shown_share_all from publication").first?.values == [.null, .null])
    }
}

/// `run` with a pipeline's `publish` setting writes each tier after its refresh.
@Suite struct RunPublishesTests {
    @Test func aPipelineRunPublishesEachTierAfterItsRefresh() throws {
        let dir = TempDirectory("likvard-run-publishes")
        try Built.shell("cp -R '\(Built.packageRoot)/fixtures/demo/inbox' '\(dir.path)/inbox'")
        dir.write("key", "run-publishes-key-0123456789-0123456789\n")
        chmod(dir.path + "/key", 0o600)
        dir.write("pipeline.json", """
            {"inbox": "inbox", "warehouse": "w.sqlite", "key_file": "key",
             "publish": {"public": "out/public.sqlite", "internal": "out/internal.sqlite"}}
            """)
        try FileManager.default.createDirectory(atPath: dir.path + "/out", withIntermediateDirectories: true)
        let first = try ChildProcess.run(Built.likvard, ["run", "--pipeline", dir.path + "/pipeline.json"])
        #expect(first.exitCode == 3, "\(first.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out").sorted()
        #expect(files == ["internal.sqlite", "public.sqlite"])
        let db = try Database(path: dir.path + "/out/public.sqlite", readOnly: true, create: false)
        #expect(try db.scalar("select tier from publication").string == "public")
        // Nothing new: no refresh, no new publication (the same file, untouched).
        let stamp = try db.scalar("select published_at from publication").string
        sleep(1)
        let second = try ChildProcess.run(Built.likvard, ["run", "--pipeline", dir.path + "/pipeline.json"])
        #expect(second.exitCode == 0, "\(second.stderr)")
        let again = try Database(path: dir.path + "/out/public.sqlite", readOnly: true, create: false)
        #expect(try again.scalar("select published_at from publication").string == stamp)
    }
}

/// The board report reads a public publication only.
@Suite struct ReportReadsAPublicationTests {
    @Test func theReportRefusesAnyOtherTierAndReadsThePublicOne() throws {
        let dir = TempDirectory("likvard-report-publication")
        let warehouse = PublishCommandTests.demo.path + "/likvard-demo/warehouse.sqlite"
        for tier in ["internal", "public"] {
            let r = try ChildProcess.run(Built.likvard, ["publish", "--warehouse", warehouse, "--tier", tier, "--out", dir.path + "/\(tier).sqlite"])
            #expect(r.exitCode == 0, "\(r.stderr)")
        }
        let refused = try ChildProcess.run(Built.likvard, ["report", "--publication", dir.path + "/internal.sqlite", "--out", dir.path + "/r1"])
        #expect(refused.exitCode == 2 && refused.stderr.contains("public tier only"), "\(refused.stderr)")
        let fromPublication = try ChildProcess.run(Built.likvard, ["report", "--publication", dir.path + "/public.sqlite", "--out", dir.path + "/r2"])
        let fromWarehouse = try ChildProcess.run(Built.likvard, ["report", "--warehouse", warehouse, "--out", dir.path + "/r3"])
        #expect(fromPublication.exitCode == 0 && fromWarehouse.exitCode == 0, "\(fromPublication.stderr) \(fromWarehouse.stderr)")
        // The same report, but for the times it names: the warehouse's goes through its public tier.
        func body(_ folder: String) throws -> String {
            try String(contentsOfFile: dir.path + "/\(folder)/index.html", encoding: .utf8)
                .replacing(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/, with: "T")
        }
        #expect(try body("r2") == body("r3"))
        // Newcomers: cells only, never a total over them.
        #expect(!(try body("r2")).contains("Efter behovsgrupp"))
    }
}
