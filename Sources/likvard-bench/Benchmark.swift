import Foundation

/// `make bench` (never a timed test): deterministic inputs, and every figure measured
/// against a baseline measured in the same run on the same data.
///
/// 1. The read path (issue: foundation): `gzip -dc` of a 2M-row grade export vs the
///    project's decompress + decode + parse of every field.
/// 2. The nightly run (issue: performance): on a generated inbox of 2M × scale grade rows
///    over ten terms, in two shapes — ten exports clustered by school and term, and one
///    export interleaved student by student — (a) `gzip -dc` of the grade files, (b)
///    `sqlite3 .import` of the same rows into a typed table — the bare-insert floor, no
///    validation — (c) `likvard run` end to end into an empty warehouse, and (d) the DuckDB
///    peer's headline job; then one new term's grade export alone (3a) and the whole next
///    night (3) added to the clustered warehouse against loading the same files into an
///    empty one; then each view's time in the stock
///    `sqlite3` shell; and publishing that warehouse to an SQLite file and to a PostgreSQL
///    server started for the purpose (tiers internal and microdata).
/// 7. With `--with-ten-times` (`make bench BENCH_TEN_TIMES=1`): the nightly run's two shapes
///    again at ten times the rows, and a table of both sizes.
/// Prints a line and flushes it: each figure shows as soon as it is measured, also when
/// the output goes to a log file.
func report(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

struct Benchmark {
    let scale: Int
    /// With `--with-ten-times`: the nightly run's two shapes again at ten times the rows, in
    /// the same run, and one table of both sizes at the end (section 7).
    var withTenTimes = false
    let folder = FileManager.default.currentDirectoryPath + "/bench-data"
    var binDir: String { URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path }

    func run() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try readPath()
        var nights = try pipeline()
        if withTenTimes {
            let rows = 20_000_000 * scale
            for (shape, section) in [(InboxGenerator.Shape.clustered, "2c"), (.interleaved, "2d")] {
                nights.append(try nightlyRun(rows: rows, shape: shape, section: section))
            }
            summary(nights)
        }
    }

    /// Section 7: likvard against `.import` and the DuckDB peer, each shape at both sizes,
    /// and how far the larger size is from ten times the smaller (linear: ≤ 1.1).
    func summary(_ nights: [NightlyRun]) {
        report("\n7. Both sizes, same run: likvard (c) against .import (b) and the DuckDB peer (d)")
        report("   shape        rows         c s     b s     d s   c / b   c / d   RSS c MB   RSS d MB")
        for n in nights {
            report("   " + n.shape.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                   + String(format: "%9d  %7.2f %7.2f %7.2f  %6.2f  %6.2f   %8.1f   %8.1f", n.gradeRows, n.likvard.seconds, n.importBaseline.seconds,
                            n.peer?.seconds ?? .nan, n.likvard.seconds / n.importBaseline.seconds,
                            n.peer.map { n.likvard.seconds / $0.seconds } ?? .nan, Double(n.likvard.peakKilobytes) / 1024,
                            Double(n.peer?.peakKilobytes ?? 0) / 1024))
        }
        for shape in [InboxGenerator.Shape.clustered, .interleaved] {
            let runs = nights.filter { $0.shape == shape }.sorted { $0.gradeRows < $1.gradeRows }
            guard let small = runs.first, let large = runs.last, large.gradeRows > small.gradeRows else { continue }
            let tenTimes = small.likvard.seconds * Double(large.gradeRows) / Double(small.gradeRows)
            report("   " + shape.rawValue + String(format: ": the larger run against %.0f × the smaller  %5.2f   (target ≤ 1.1)",
                                                      Double(large.gradeRows) / Double(small.gradeRows), large.likvard.seconds / tenTimes))
        }
        report("   targets at the smaller size: c / d ≤ 1.0 on both shapes at ≤ 100 MB")
    }

    // MARK: - 1. read path

    func readPath() throws {
        let rows = 2_000_000
        let file = folder + "/betyg-\(rows).csv.gz"
        if !FileManager.default.fileExists(atPath: file) {
            report("generating \(rows) grade rows → \(file)")
            try GradeExportGenerator(rows: rows).write(gzipTo: file)
        }
        let gzip = try Measured.command("gzip -dc '\(file)' > /dev/null")
        var counts = ReadPath.Counts()
        let t0 = Date()
        counts = try ReadPath.read(path: file)
        let read = Date().timeIntervalSince(t0)
        precondition(counts.rows == rows, "read \(counts.rows) rows, expected \(rows)")
        report("\n1. Read path, \(rows) rows (\(counts.fields) fields), one gzip export")
        report(String(format: "   gzip -dc            %7.2f s  %10.0f rows/s", gzip.seconds, Double(rows) / gzip.seconds))
        report(String(format: "   likvard read path   %7.2f s  %10.0f rows/s", read, Double(rows) / read))
        report(String(format: "   ratio read / gzip   %7.2f     (target ≤ 3.0)", read / gzip.seconds))
    }

    // MARK: - 2. the nightly run, both shapes

    var key: String { folder + "/bench.key" }

    /// Sections 2–6 at this scale; returns the two nightly runs.
    func pipeline() throws -> [NightlyRun] {
        let rows = 2_000_000 * scale
        try "bench-key-0123456789-0123456789-0123456789\n".write(toFile: key, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        let clustered = try nightlyRun(rows: rows, shape: .clustered, section: "2")
        let interleaved = try nightlyRun(rows: rows, shape: .interleaved, section: "2b")
        try oneTermsExportAlone(rows: rows, warehouse: clustered.warehouse)
        try oneNewTerm(rows: rows, warehouse: clustered.warehouse)
        try viewsInTheShell(clustered.warehouse)
        try publication(of: clustered.warehouse)
        try followUpRefresh(of: clustered.warehouse)
        return [clustered, interleaved]
    }

    /// One nightly run's measurements, for the summary.
    struct NightlyRun {
        let shape: InboxGenerator.Shape
        let gradeRows: Int
        let importBaseline: Measured
        let likvard: Measured
        let peer: Measured?
        let warehouse: String
    }

    /// (a) `gzip -dc` of the grade files, (b) `sqlite3 .import` of the same rows into a
    /// typed table — the bare-insert floor, no validation — (c) `likvard run` end to end
    /// into an empty warehouse, and (d) the DuckDB peer's headline job on the same files.
    /// Returns the measurements and the warehouse (c) wrote.
    func nightlyRun(rows: Int, shape: InboxGenerator.Shape, section: String) throws -> NightlyRun {
        let inbox = folder + "/inbox-\(shape.rawValue)-\(rows)"
        var gradeRows = 0
        if !FileManager.default.fileExists(atPath: inbox) {
            report("\ngenerating the \(shape.rawValue) benchmark inbox (\(rows) grade rows) → \(inbox)")
            gradeRows = try InboxGenerator(gradeRows: rows, shape: shape).write(to: inbox)
        }
        let gradeFiles = try FileManager.default.contentsOfDirectory(atPath: inbox + "/betyg").sorted().map { inbox + "/betyg/" + $0 }
        let quoted = gradeFiles.map { "'\($0)'" }.joined(separator: " ")
        if gradeRows == 0 {
            gradeRows = Int(try Measured.output("for f in \(quoted); do gzip -dc $f | tail -n +2; done | wc -l")
                .trimmingCharacters(in: .whitespacesAndNewlines)) ?? rows
        }

        // (a) gzip -dc
        let a = try Measured.command("for f in \(quoted); do gzip -dc $f; done > /dev/null")
        // (b) sqlite3 .import into a typed table
        let imported = folder + "/import.sqlite"
        try removeDatabase(imported)
        var script = try String(contentsOfFile: FileManager.default.currentDirectoryPath + "/schemas/bench/import_baseline.sql",
                                encoding: .utf8)
        for f in gradeFiles { script += ".import --skip 1 '|gzip -dc \(f)' grades\n" }
        try script.write(toFile: folder + "/import.sql", atomically: true, encoding: .utf8)
        let b = try Measured.command("sqlite3 '\(imported)' < '\(folder)/import.sql' > /dev/null")
        try removeDatabase(imported)
        // (c) likvard run, end to end, into an empty warehouse
        let warehouse = folder + "/warehouse-\(shape.rawValue)-\(rows).sqlite"
        try removeDatabase(warehouse)
        let c = try Measured.command("'\(binDir)/likvard' run --quiet --inbox '\(inbox)' --warehouse '\(warehouse)' --key-file '\(key)'")
        // (d) the DuckDB peer (pip's duckdb: installed by make bench only)
        let d = try duckDBPeer(gradeFiles)

        report("\n\(section). The nightly run, \(shape.rawValue): \(gradeRows) grade rows in \(gradeFiles.count) gzip export(s), with register, registrations and surveys")
        report("   step                           seconds      rows/s   peak RSS")
        for (name, m) in [("(a) gzip -dc of the grade files", a), ("(b) sqlite3 .import (typed)", b), ("(c) likvard run, end to end", c),
                          ("(d) DuckDB, the headline job", d)] {
            guard let m else { report("   (d) DuckDB: not measured (python3 -c 'import duckdb' failed)"); continue }
            report("   " + name.padding(toLength: 32, withPad: " ", startingAt: 0)
                   + String(format: "%7.2f  %10.0f   %5.1f MB", m.seconds, Double(gradeRows) / m.seconds, Double(m.peakKilobytes) / 1024))
        }
        report(String(format: "   ratio c / b  %6.2f   (target ≤ 2.0, then ≤ 1.0)", c.seconds / b.seconds))
        report(String(format: "   ratio c / a  %6.2f", c.seconds / a.seconds))
        if let d {
            report(String(format: "   ratio c / d  %6.2f   (target ≤ 2.0, then level)   memory c / d %.2f (target ≤ 0.2)",
                          c.seconds / d.seconds, Double(c.peakKilobytes) / Double(max(d.peakKilobytes, 1))))
        }
        report(String(format: "   peak RSS of (c) %.1f MB   (target ≤ 100 MB, flat from 2M to 20M rows: compare BENCH_SCALE=10)", Double(c.peakKilobytes) / 1024))
        return NightlyRun(shape: shape, gradeRows: gradeRows, importBaseline: b, likvard: c, peer: d, warehouse: warehouse)
    }

    /// The peer's job in a fresh .duckdb file; nil when duckdb is not importable.
    func duckDBPeer(_ gradeFiles: [String]) throws -> Measured? {
        guard (try? Shell.run("python3 -c 'import duckdb' 2>/dev/null")) != nil else { return nil }
        let database = folder + "/peer.duckdb"
        for suffix in ["", ".wal"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        let template = try String(contentsOfFile: FileManager.default.currentDirectoryPath + "/schemas/bench/duckdb_peer.sql", encoding: .utf8)
        let sql = template.replacingOccurrences(of: "{files}", with: "[" + gradeFiles.map { "'\($0)'" }.joined(separator: ", ") + "]")
        try sql.write(toFile: folder + "/peer.sql", atomically: true, encoding: .utf8)
        defer { for suffix in ["", ".wal"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
        return try Measured.command("python3 -c 'import duckdb, sys; duckdb.connect(sys.argv[1]).execute(open(sys.argv[2]).read())' '\(database)' '\(folder)/peer.sql'")
    }

    /// The next term's inbox (VT2025: its grade export, registrations, register and a survey).
    func nextTermInbox(rows: Int) throws -> String {
        let nextTerm = folder + "/next-term-clustered-\(rows)"
        if !FileManager.default.fileExists(atPath: nextTerm) {
            _ = try InboxGenerator(gradeRows: rows).write(to: nextTerm, terms: ["VT2025"], includeRegister: true)
        }
        return nextTerm
    }

    /// A night with only the new term's grade export (no registrations, no survey) into a
    /// copy of the ten-term warehouse, against the same export (and the register it needs)
    /// into an empty one: the incremental refresh should cost about what that term alone
    /// costs (target ≤ 1.2).
    func oneTermsExportAlone(rows: Int, warehouse: String) throws {
        let nextTerm = try nextTermInbox(rows: rows)
        let fm = FileManager.default
        let exportOnly = folder + "/next-term-export-only-\(rows)", withRegister = folder + "/next-term-export-register-\(rows)"
        for (inbox, feeds) in [(exportOnly, ["betyg"]), (withRegister, ["betyg", "skolenheter"])] where !fm.fileExists(atPath: inbox) {
            for feed in feeds {
                try fm.createDirectory(atPath: inbox + "/" + feed, withIntermediateDirectories: true)
                for name in try fm.contentsOfDirectory(atPath: nextTerm + "/" + feed) {
                    try fm.copyItem(atPath: "\(nextTerm)/\(feed)/\(name)", toPath: "\(inbox)/\(feed)/\(name)")
                }
            }
        }
        let copy = folder + "/ten-terms-copy.sqlite", empty = folder + "/export-alone.sqlite"
        try removeDatabase(copy)
        try removeDatabase(empty)
        try Shell.run("sqlite3 '\(warehouse)' \".backup '\(copy)'\"")   // the WAL's pages included
        let added = try Measured.command("'\(binDir)/likvard' run --quiet --inbox '\(exportOnly)' --warehouse '\(copy)' --key-file '\(key)'")
        let alone = try Measured.command("'\(binDir)/likvard' run --quiet --inbox '\(withRegister)' --warehouse '\(empty)' --key-file '\(key)'")
        try removeDatabase(copy)
        try removeDatabase(empty)
        report("\n3a. One new term's grade export alone (VT2025, no registrations)")
        report(String(format: "   into the ten-term warehouse  %7.2f s", added.seconds))
        report(String(format: "   into an empty warehouse      %7.2f s", alone.seconds))
        report(String(format: "   ratio                        %7.2f     (target ≤ 1.2)", added.seconds / alone.seconds))
    }

    /// One new term added to the ten-term warehouse, against the same files into an empty one.
    func oneNewTerm(rows: Int, warehouse: String) throws {
        let nextTerm = try nextTermInbox(rows: rows)
        let added = try Measured.command("'\(binDir)/likvard' run --quiet --inbox '\(nextTerm)' --warehouse '\(warehouse)' --key-file '\(key)'")
        let empty = folder + "/next-term.sqlite"
        try removeDatabase(empty)
        let alone = try Measured.command("'\(binDir)/likvard' run --quiet --inbox '\(nextTerm)' --warehouse '\(empty)' --key-file '\(key)'")
        report("\n3. One new term (VT2025)")
        report(String(format: "   into the ten-term warehouse  %7.2f s", added.seconds))
        report(String(format: "   into an empty warehouse      %7.2f s", alone.seconds))
        report(String(format: "   ratio                        %7.2f     (target ≤ 1.5)", added.seconds / alone.seconds))
    }

    func viewsInTheShell(_ warehouse: String) throws {
        let scanTemplate = try String(contentsOfFile: FileManager.default.currentDirectoryPath + "/schemas/bench/view_scan.sql",
                                      encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("--") }.joined(separator: " ")
        report("\n4. Every view in the stock sqlite3 shell, on the clustered warehouse (target ≤ 1 s each)")
        for view in ["terms", "pupil_term_results", "results_school_term", "newcomer_results", "school_disparity",
                     "focus_area_followup", "school_signals", "school_expected_results"] {
            let probe = scanTemplate.replacingOccurrences(of: "{view}", with: view)
            let m = try Measured.command("sqlite3 -readonly '\(warehouse)' \"\(probe)\" > /dev/null")
            let count = try Measured.output("sqlite3 -readonly '\(warehouse)' 'select count(*) from \(view)'").trimmingCharacters(in: .whitespacesAndNewlines)
            report("   " + view.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%6.3f s", m.seconds) + "   \(count) rows")
        }
    }

    // MARK: - 5. publications

    /// The same warehouse published to an SQLite file and to PostgreSQL, in this run: the
    /// aggregate tier and the pupil-level one (the large COPY). A PostgreSQL publication is
    /// its SQLite file (built first, privately) plus the COPY into the server, so the
    /// difference of the two is the COPY path's own cost.
    func publication(of warehouse: String) throws {
        let server = try BenchPostgres.start(in: folder + "/postgres")
        defer { server.stop() }
        report("\n5. Publishing the warehouse (PostgreSQL \(server.bin.split(separator: "/").dropLast().last ?? "?") on a Unix socket, fsync on)")
        report("   tier        rows   to SQLite file   to PostgreSQL   ratio   COPY path rows/s")
        for tier in ["internal", "microdata"] {
            let out = folder + "/publication-\(tier).sqlite"
            let printed = folder + "/publication-\(tier).txt"
            let file = try Measured.command("'\(binDir)/likvard' publish --warehouse '\(warehouse)' --tier \(tier) --out '\(out)' > '\(printed)'")
            // The rows per table, as `publish` prints them ("table  rows").
            let rows = try String(contentsOfFile: printed, encoding: .utf8).split(separator: "\n").dropFirst(2)
                .compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
            let postgres = try Measured.command("'\(binDir)/likvard' publish --warehouse '\(warehouse)' --tier \(tier) --postgres '\(server.url)' > /dev/null")
            let copy = max(postgres.seconds - file.seconds, 0.001)
            report("   " + tier.padding(toLength: 10, withPad: " ", startingAt: 0)
                   + String(format: "%7d   %10.2f s   %11.2f s   %5.2f   %10.0f", rows, file.seconds, postgres.seconds,
                            postgres.seconds / file.seconds, Double(rows) / copy))
        }
    }

    // MARK: - 6. the follow-up's share of the refresh

    /// A full refresh of the clustered warehouse with and without 60 schools' activities,
    /// resources and targets loaded: what the follow-up models (105–140) add to a night. The
    /// two warehouses are refreshed in turn, seven times each (refresh_full set, an inbox with
    /// nothing new), each time read from the refresh stage's own record. On this noisy
    /// machine a refresh moves by ±0.3 s between runs of the same file, so the ratio is given
    /// of the fastest runs (the least disturbed) and of the medians.
    func followUpRefresh(of warehouse: String) throws {
        let followUp = folder + "/follow-up-60"
        try? FileManager.default.removeItem(atPath: followUp)
        try FollowUpGenerator(schools: 60, inbox: InboxGenerator(gradeRows: 2_000_000 * scale)).write(to: followUp)
        let empty = folder + "/empty-inbox"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        func fullRefresh(_ path: String, inbox: String) throws -> Double {
            try Shell.run("sqlite3 '\(path)' \"insert into warehouse_meta (key, value) values ('refresh_full', '1') on conflict (key) do update set value = '1'\"")
            try Shell.run("'\(binDir)/likvard' run --quiet --inbox '\(inbox)' --warehouse '\(path)' --key-file '\(key)'")
            let recorded = try Measured.output("sqlite3 '\(path)' \"select seconds from etl_stages where stage = 'refresh' order by rowid desc limit 1\"")
            return Double(recorded.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .nan
        }
        let without = folder + "/refresh-without.sqlite", with = folder + "/refresh-with.sqlite"
        for copy in [without, with] {
            try removeDatabase(copy)
            try Shell.run("sqlite3 '\(warehouse)' \".backup '\(copy)'\"")
        }
        try Shell.run("'\(binDir)/likvard' run --quiet --inbox '\(followUp)' --warehouse '\(with)' --key-file '\(key)'")
        var a: [Double] = [], b: [Double] = []
        for _ in 0..<7 {
            a.append(try fullRefresh(without, inbox: empty))
            b.append(try fullRefresh(with, inbox: followUp))
        }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        func fastest(_ xs: [Double]) -> Double { xs.min() ?? .nan }
        let effects = try Measured.output("sqlite3 '\(with)' 'select count(*) from intervention_effects'").trimmingCharacters(in: .whitespacesAndNewlines)
        report("\n6. A full refresh with and without 60 schools' activities, resources and targets (7 runs each, in turn)")
        report(String(format: "   without the follow-up records  fastest %5.2f s  median %5.2f s   (runs: %@)", fastest(a), median(a),
                      a.map { String(format: "%.2f", $0) }.joined(separator: " ")))
        report(String(format: "   with them                      fastest %5.2f s  median %5.2f s   (runs: %@; \(effects) intervention_effects rows)",
                      fastest(b), median(b), b.map { String(format: "%.2f", $0) }.joined(separator: " ")))
        report(String(format: "   ratio                          fastest %5.3f    median %5.3f     (target ≤ 1.05)",
                      fastest(b) / fastest(a), median(b) / median(a)))
        for copy in [without, with] { try removeDatabase(copy) }
    }

    func removeDatabase(_ path: String) throws {
        for suffix in ["", "-wal", "-shm", ".lock"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}

/// A command's wall time and peak RSS, from GNU time (fork + exec + wait4: the child's
/// own high-water mark).
struct Measured {
    let seconds: Double
    let peakKilobytes: Int

    static func command(_ command: String) throws -> Measured {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("likvard-bench-time-\(getpid())").path
        let t0 = Date()
        try Shell.run("/usr/bin/time -f %M -o '\(out)' sh -c \(quote(command))")
        let seconds = Date().timeIntervalSince(t0)
        let kb = Int((try? String(contentsOfFile: out, encoding: .utf8))?.split(separator: "\n").last.map(String.init) ?? "") ?? -1
        return Measured(seconds: seconds, peakKilobytes: kb)
    }

    static func output(_ command: String) throws -> String {
        let p = Process()
        let pipe = Pipe()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

enum Shell {
    static func run(_ command: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 || p.terminationStatus == 3 else {
            throw BenchError("command failed (\(p.terminationStatus)): \(command)")
        }
    }
}
