import Foundation
import LikvardSQL
import LikvardTestSupport
import Testing

/// What the city's monitoring reads: `--metrics-file` (parsed by the Prometheus client
/// library's own parser) and `likvard freshness`.
@Suite struct OperationsMonitoringTests {
    /// The metrics file's samples as the Prometheus client library parses them:
    /// name → [(labels, value)], and each family's type.
    static func parse(_ path: String) throws -> (samples: [String: [([String: String], Double)]], types: [String: String]) {
        let script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = {"samples": [], "types": {}}
            for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                out["types"][family.name] = family.type
                for s in family.samples:
                    out["samples"].append([s.name, s.labels, s.value])
            print(json.dumps(out))
            """
        let r = try ChildProcess.run("/usr/bin/python3", ["-c", script, path])
        guard r.exitCode == 0 else { throw NSError(domain: "prometheus", code: 1, userInfo: [NSLocalizedDescriptionKey: r.stderr]) }
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        var samples: [String: [([String: String], Double)]] = [:]
        for case let s as [Any] in object["samples"] as! [Any] {
            samples[s[0] as! String, default: []].append((s[1] as! [String: String], (s[2] as! NSNumber).doubleValue))
        }
        return (samples, object["types"] as! [String: String])
    }

    static var parserAvailable: Bool {
        (try? ChildProcess.run("/usr/bin/python3", ["-c", "import prometheus_client"]).exitCode == 0) == true
            || ProcessInfo.processInfo.environment["LIKVARD_REQUIRE_TOOLS"] == "1"
    }

    /// Per feed, rows loaded and rejected as `etl_files` holds them.
    static func recorded(_ warehouse: String) throws -> [String: (Double, Double)] {
        let db = try Database(path: warehouse, readOnly: true, create: false)
        var rows: [String: (Double, Double)] = [:]
        for r in try db.rows("select feed, sum(rows_loaded), sum(rows_rejected) from etl_files group by feed") {
            rows[r[0].string!] = (Double(r[1].int!), Double(r[2].int!))
        }
        return rows
    }

    static func check(_ metrics: String, against warehouse: String, exitCode: Int32) throws {
        let (samples, types) = try parse(metrics)
        #expect(samples["likvard_run_exit_code"]?.first?.1 == Double(exitCode))
        #expect(types["likvard_rows_loaded"] == "counter" && types["likvard_files"] == "counter")
        for (feed, (loaded, rejected)) in try recorded(warehouse) {
            #expect(samples["likvard_rows_loaded_total"]?.first { $0.0["feed"] == feed }?.1 == loaded, "\(feed) loaded")
            #expect(samples["likvard_rows_rejected_total"]?.first { $0.0["feed"] == feed }?.1 == rejected, "\(feed) rejected")
        }
        #expect((samples["likvard_warehouse_size_bytes"]?.first?.1 ?? 0) > 0)
        #expect(samples["likvard_stage_duration_seconds"]?.contains { $0.0["stage"] == "load" } == true)
        // written whole, for the collector (0644), and nothing left beside it
        let mode = try FileManager.default.attributesOfItem(atPath: metrics)[.posixPermissions] as? Int
        #expect(mode == 0o644)
        let folder = (metrics as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test(.enabled(if: parserAvailable, "needs python3-prometheus-client (make test installs it and requires it)"))
    func theMetricsOfARunParseAndAgreeWithTheRecord() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        // two pupils' grades and one bad row (under the 5 % threshold: loaded, one rejected)
        h.drop("betyg/vt2024.csv", ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: TestPupil.personnummer("2009-01-01", serial: 1), school: "12345678", term: "VT2024")
                                   + Feeds.gradeRows(pupil: TestPupil.personnummer("2009-02-01", serial: 2), school: "12345678", term: "VT2024")
                                   + ["x;12345678;9;VT2024;MA;C;2024-06-10"]).joined(separator: "\n"))
        h.drop("betyg/trasig.csv", Feeds.gradeHeader + "\nnonsense;1;2;3;4;5;6\n")
        let metrics = h.dir.path + "/textfile/likvard.prom"
        try FileManager.default.createDirectory(atPath: h.dir.path + "/textfile", withIntermediateDirectories: true)
        let r = try ChildProcess.run(Built.likvard, ["run", "--inbox", h.inbox, "--warehouse", h.warehouse, "--key-file", h.keyFile,
                                                     "--metrics-file", metrics, "--quiet"])
        #expect(r.exitCode == 3, "\(r.stderr)")
        try Self.check(metrics, against: h.warehouse, exitCode: 3)
        let (samples, _) = try Self.parse(metrics)
        #expect(samples["likvard_quarantined_files"]?.first { $0.0["feed"] == "betyg" }?.1 == 1)
        #expect(samples["likvard_last_success_timestamp_seconds"] != nil)
        #expect(samples["likvard_files_total"]?.contains { $0.0 == ["feed": "betyg", "status": "quarantined"] && $0.1 == 1 } == true)
    }

    /// A stage that fails (here the run's publication, into a folder that does not exist):
    /// exit 1, and the metrics are written all the same.
    @Test(.enabled(if: parserAvailable, "needs python3-prometheus-client (make test installs it and requires it)"))
    func theMetricsAreWrittenAfterAFailedStage() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        h.drop("betyg/vt2024.csv", ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: TestPupil.personnummer("2009-01-01", serial: 1), school: "12345678", term: "VT2024")).joined(separator: "\n"))
        let pipeline = h.dir.write("p.json", """
            {"inbox": "inbox", "warehouse": "warehouse.sqlite", "key_file": "pupil.key", "publish": {"public": "no-such-folder/public.sqlite"}}
            """)
        let metrics = h.dir.path + "/likvard.prom"
        let r = try ChildProcess.run(Built.likvard, ["run", "--pipeline", pipeline, "--metrics-file", metrics])
        #expect(r.exitCode == 1, "\(r.stderr)")
        #expect(r.stderr.contains("stage publish failed"), "\(r.stderr)")
        try Self.check(metrics, against: h.warehouse, exitCode: 1)
    }

    /// `freshness` by the pipeline's rules: fresh (0), a warning (0, said), past the error
    /// limit (5), a feed never seen (5); the same by the rules the run recorded; and in
    /// `status`.
    @Test func freshnessExitsFivePastAnErrorLimit() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        h.drop("betyg/vt2024.csv", ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: TestPupil.personnummer("2009-01-01", serial: 1), school: "12345678", term: "VT2024")).joined(separator: "\n"))
        let rules = #""betyg": {"warn_after_days": 10, "error_after_days": 30}"#
        let pipeline = h.dir.write("p.json", #"{"inbox": "inbox", "warehouse": "warehouse.sqlite", "key_file": "pupil.key", "freshness": {\#(rules)}}"#)
        #expect(try ChildProcess.run(Built.likvard, ["run", "--pipeline", pipeline, "--quiet"]).exitCode == 0)
        func freshness(_ args: [String]) throws -> ChildProcess.Result { try ChildProcess.run(Built.likvard, ["freshness"] + args) }
        func backdate(days: Int) throws {
            let db = try Database(path: h.warehouse)
            try db.run("update etl_files set recorded_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?) where feed = 'betyg'", "-\(days) days")
        }
        let fresh = try freshness(["--pipeline", pipeline])
        #expect(fresh.exitCode == 0 && fresh.stdout.contains("betyg") && !fresh.stdout.contains("warn  "), "\(fresh.stdout)")

        try backdate(days: 20)
        let late = try freshness(["--pipeline", pipeline])
        #expect(late.exitCode == 0, "\(late.stderr)")
        #expect(late.stdout.split(separator: "\n").contains { $0.hasPrefix("betyg") && $0.hasSuffix("warn") }, "\(late.stdout)")

        try backdate(days: 40)
        let stale = try freshness(["--pipeline", pipeline, "--format", "json"])
        #expect(stale.exitCode == 5)
        let json = try JSONSerialization.jsonObject(with: Data(stale.stdout.utf8)) as? [String: Any]
        #expect(json?["status"] as? String == "error")
        let betyg = (json?["feeds"] as? [[String: Any]])?.first { $0["feed"] as? String == "betyg" }
        #expect(betyg?["status"] as? String == "error" && ((betyg?["age_days"] as? Double) ?? 0) >= 40)
        // the rules the run recorded judge the same without the pipeline file
        #expect(try freshness(["--warehouse", h.warehouse]).exitCode == 5)
        let status = try ChildProcess.run(Built.likvard, ["status", "--warehouse", h.warehouse, "--format", "json"])
        let statusJSON = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect((statusJSON?["freshness"] as? [[String: Any]])?.contains { $0["feed"] as? String == "betyg" && $0["status"] as? String == "error" } == true)

        // a feed never seen, with an error limit, is past it
        try backdate(days: 0)
        let never = h.dir.write("q.json", #"{"inbox": "inbox", "warehouse": "warehouse.sqlite", "key_file": "pupil.key", "freshness": {\#(rules), "mal": {"error_after_days": 400}}}"#)
        let missing = try freshness(["--pipeline", never])
        #expect(missing.exitCode == 5)
        #expect(missing.stdout.split(separator: "\n").contains { $0.hasPrefix("mal") && $0.contains("(never seen)") && $0.hasSuffix("error") }, "\(missing.stdout)")
    }

    /// The summer break end to end: a grade export that arrived on the last 1 July (at least
    /// 45 days ago) is past a calendar limit set between its school-day and calendar ages,
    /// and within it when only term days count — whenever in the year the test runs.
    @Test func theSummerBreakIsNotLatenessWithInTermOnly() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        h.drop("betyg/vt.csv", ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: TestPupil.personnummer("2009-01-01", serial: 1), school: "12345678", term: "VT2024")).joined(separator: "\n"))
        let pipeline = h.dir.write("p.json", #"{"inbox": "inbox", "warehouse": "warehouse.sqlite", "key_file": "pupil.key"}"#)
        #expect(try ChildProcess.run(Built.likvard, ["run", "--pipeline", pipeline, "--quiet"]).exitCode == 0)
        // the latest 1 July with the whole break (1 July – 14 August) behind us
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Stockholm")!
        let now = Date()
        var year = calendar.component(.year, from: now)
        if now < calendar.date(from: DateComponents(year: year, month: 8, day: 16))! { year -= 1 }
        let arrived = calendar.date(from: DateComponents(year: year, month: 7, day: 1, hour: 12))!
        let days = Int(now.timeIntervalSince(arrived) / 86_400)
        let db = try Database(path: h.warehouse)
        try db.run("update etl_files set recorded_at = ? where feed = 'betyg'", ISO8601DateFormatter().string(from: arrived))
        // 45 break days do not count with in_term_only: a limit 20 days under the calendar age
        let limit = days - 20
        for (termOnly, exit) in [(false, Int32(5)), (true, Int32(0))] {
            let rules = h.dir.write("q.json", #"{"inbox": "inbox", "warehouse": "warehouse.sqlite", "key_file": "pupil.key", "freshness": {"betyg": {"error_after_days": \#(limit), "in_term_only": \#(termOnly)}}}"#)
            let r = try ChildProcess.run(Built.likvard, ["freshness", "--pipeline", rules, "--format", "json"])
            #expect(r.exitCode == exit, "in_term_only \(termOnly), \(days) calendar days, limit \(limit): \(r.stdout)")
        }
    }
}
