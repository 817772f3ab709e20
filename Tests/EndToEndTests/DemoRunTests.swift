import Foundation
import LikvardSQL
import LikvardTestSupport
import Testing

/// The real `likvard` binary on the embedded demo: what fixtures/demo/EXPECTED.md promises.
@Suite struct DemoRunTests {
    /// Runs `likvard run --demo` in a fresh folder.
    static func demo() throws -> (TempDirectory, ChildProcess.Result) {
        let dir = TempDirectory("likvard-e2e")
        let result = try ChildProcess.run(Built.likvard, ["run", "--demo"], directory: dir.path)
        return (dir, result)
    }

    /// The table of EXPECTED.md: file → [status, reason, read, loaded, rejected].
    static func expected() throws -> [String: [String]] {
        let text = try String(contentsOfFile: Built.packageRoot + "/fixtures/demo/EXPECTED.md", encoding: .utf8)
        var table: [String: [String]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| ") && !line.hasPrefix("| file") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 7, cells[1].contains("/") else { continue }
            table[cells[1]] = Array(cells[2...6])
        }
        return table
    }

    @Test func demoGivesExactlyWhatEXPECTEDmdSays() throws {
        let (dir, result) = try Self.demo()
        #expect(result.exitCode == 3, "\(result.stderr)")
        #expect(result.stdout.contains("Demo: the embedded demo inbox was written to"))
        #expect(result.stdout.contains("school_disparity"))
        let db = try Database(path: dir.path + "/likvard-demo/warehouse.sqlite", readOnly: true, create: false)
        let rows = try db.rows("select file_name, status, coalesce(reason_code, ''), rows_read, rows_loaded, rows_rejected from etl_files")
        var actual: [String: [String]] = [:]
        for r in rows {
            var cells = r.values.map(\.description)
            if cells[1] == "ignored" || cells[1] == "skipped_duplicate" { cells[2] = ""; cells[3] = ""; cells[4] = ""; cells[5] = "" }
            actual[cells[0]] = Array(cells[1...5])
        }
        var expected = try Self.expected().filter { $0.value[0] != "(no record)" }
        for (k, v) in expected where v[0] == "skipped_duplicate" || v[0] == "ignored" { expected[k] = [v[0], "", "", "", ""] }
        #expect(actual == expected)
        // every file's counts add up; every reason code of the contract appears
        #expect(try db.scalar("select count(*) from etl_files where rows_read <> rows_loaded + rows_rejected").int == 0)
        let rowCodes = Set(try db.rows("select distinct reason_code from etl_rejects").compactMap { $0[0].string })
        #expect(rowCodes.isSuperset(of: ["malformed_row", "missing_value", "invalid_personnummer", "invalid_school",
                                         "unknown_school", "invalid_grade_year", "invalid_term", "invalid_subject",
                                         "invalid_grade", "invalid_date", "invalid_value", "duplicate_row"]))
    }

    @Test func theExampleQueriesOfTheAnalystDocsRunInTheStockShell() throws {
        let (dir, _) = try Self.demo()
        let doc = try String(contentsOfFile: Built.packageRoot + "/docs/views.md", encoding: .utf8)
        let blocks = doc.components(separatedBy: "```sql\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count >= 5)
        let db = try Database(path: dir.path + "/likvard-demo/warehouse.sqlite", readOnly: true, create: false)
        for sql in blocks {
            let r = try ChildProcess.run("/usr/bin/env", ["sqlite3", "-readonly", dir.path + "/likvard-demo/warehouse.sqlite", sql])
            #expect(r.exitCode == 0 && r.stderr.isEmpty, "\(sql)\n\(r.stderr)")
            // as many rows as the query gives through the library, and at least one: an
            // example that answers nothing on the demo teaches nothing
            let statements = sql.components(separatedBy: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            let rows = try statements.map { try db.rows($0).count }.reduce(0, +)
            #expect(rows > 0, "no rows for:\n\(sql)")
            #expect(r.stdout.split(separator: "\n").count == rows, "the shell printed other rows than the query gives:\n\(sql)")
        }
    }

    /// The demo key is public (it ships with the code): a run with it outside --demo is
    /// refused, and nothing is written.
    @Test func theDemoKeyIsRefusedOutsideDemo() throws {
        let (dir, _) = try Self.demo()
        let again = try ChildProcess.run(Built.likvard, [
            "run", "--inbox", "likvard-demo/inbox", "--warehouse", "likvard-demo/warehouse.sqlite",
            "--key-file", "likvard-demo/demo.key"], directory: dir.path)
        #expect(again.exitCode == 2, "\(again.stderr)")
        #expect(again.stderr.contains("public demo key"))
        let db = try Database(path: dir.path + "/likvard-demo/warehouse.sqlite", readOnly: true, create: false)
        #expect(try db.scalar("select count(*) from etl_runs").int == 1)
    }

    @Test func noClearTextIdentifierInTheWarehouseTablesOrFileBytes() throws {
        let (dir, result) = try Self.demo()
        #expect(result.exitCode == 3)
        // Every identifier of the inputs, as written and without separator.
        let inbox = dir.path + "/likvard-demo/inbox"
        let text = try ChildProcess.run("/bin/sh", ["-c", "cd '\(inbox)' && for f in $(find . -type f | sort); do case $f in *.gz) gzip -dc $f 2>/dev/null;; *) cat $f;; esac; done"]).stdoutBytes
        var identifiers = Set<String>()
        for token in IdentifierScan.tokens(text) where IdentifierScan.looksLikeIdentifier(token) {
            identifiers.insert(token)
            identifiers.insert(token.replacingOccurrences(of: "-", with: "").uppercased())
        }
        #expect(identifiers.count > 1000)
        // Every text value of every table.
        let db = try Database(path: dir.path + "/likvard-demo/warehouse.sqlite", readOnly: true, create: false)
        let tables = try db.rows("select name from sqlite_schema where type = 'table'").compactMap { $0[0].string }
        var leaks: [String] = []
        for table in tables {
            for row in try db.rows("select * from \"\(table)\"") {
                for case .text(let value) in row.values {
                    for token in IdentifierScan.tokens(Array(value.utf8)) where identifiers.contains(token) || identifiers.contains(token.uppercased()) {
                        leaks.append("\(table): \(token.prefix(8))…")
                    }
                }
            }
        }
        // The raw bytes of the database file, its WAL and shared memory.
        for suffix in ["", "-wal", "-shm"] {
            let path = dir.path + "/likvard-demo/warehouse.sqlite" + suffix
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            for token in IdentifierScan.tokens(Array(data)) where identifiers.contains(token) || identifiers.contains(token.uppercased()) {
                leaks.append("file\(suffix): \(token.prefix(8))…")
            }
        }
        #expect(leaks.isEmpty, "\(leaks.prefix(5))")
    }
}

/// Maximal runs of `[0-9A-Za-z+-]` in bytes, for the identifier scan.
enum IdentifierScan {
    static func tokens(_ bytes: [UInt8]) -> [String] {
        var out: [String] = []
        var start = -1
        func isTokenByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x2D || b == 0x2B
        }
        for (i, b) in bytes.enumerated() {
            if isTokenByte(b) {
                if start < 0 { start = i }
            } else if start >= 0 {
                if i - start >= 10 && i - start <= 13 { out.append(String(decoding: bytes[start..<i], as: UTF8.self)) }
                start = -1
            }
        }
        if start >= 0, bytes.count - start >= 10, bytes.count - start <= 13 {
            out.append(String(decoding: bytes[start...], as: UTF8.self))
        }
        return out
    }

    static func looksLikeIdentifier(_ token: String) -> Bool {
        let u = Array(token.utf8)
        func digit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        let digits = u.filter(digit).count
        if (digits == 12 || digits == 10) && u.allSatisfy({ digit($0) || $0 == 0x2D || $0 == 0x2B }) { return true }
        // temporary id: 8 digits, optional '-', T, three of 0-9A-Z
        guard u.count == 12 || u.count == 13, u[0..<8].allSatisfy(digit) else { return false }
        let t = u.count == 13 ? 9 : 8
        return (u.count == 12 || u[8] == 0x2D) && u[t] | 0x20 == UInt8(ascii: "t")
    }
}
