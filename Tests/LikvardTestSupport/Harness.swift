import Foundation
import Likvard
import LikvardSQL
import Logging

/// An inbox, a key and a warehouse in a fresh folder, and the pipeline run in-process
/// against them: the real SQLite file, the real files, the real code path of `likvard run`.
public final class Harness: @unchecked Sendable {
    public let dir = TempDirectory("likvard-harness")
    public var inbox: String { dir.path + "/inbox" }
    public var warehouse: String { dir.path + "/warehouse.sqlite" }
    public var keyFile: String { dir.path + "/pupil.key" }
    public var config = PipelineConfig()

    public init(key: String = "test-key-0123456789-0123456789-0123456789") {
        dir.write("pupil.key", key + "\n")
        chmod(dir.path + "/pupil.key", 0o600)   // the run refuses a key others may read
        for feed in ["skolenheter", "nyanlanda", "betyg", "enkater"] {
            try! FileManager.default.createDirectory(atPath: inbox + "/" + feed, withIntermediateDirectories: true)
        }
        config.inbox = inbox
        config.warehouse = warehouse
    }

    /// A harness whose inbox already holds a register with one school.
    public static func withSchool(_ code: String = "12345678", name: String = "Testskolan") -> Harness {
        let h = Harness()
        h.drop("skolenheter/register.csv", Feeds.register([(code, name)]))
        return h
    }

    /// Writes a file into the inbox (`betyg/a.csv`).
    @discardableResult
    public func drop(_ relative: String, _ text: String) -> String { dir.write("inbox/" + relative, text) }

    @discardableResult
    public func drop(_ relative: String, bytes: [UInt8]) -> String { dir.write("inbox/" + relative, bytes) }

    public func remove(_ relative: String) { try? FileManager.default.removeItem(atPath: inbox + "/" + relative) }

    /// Runs the pipeline once, as `likvard run` does.
    @discardableResult
    public func run() throws -> RunReport {
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        return try PipelineRun(request: RunRequest(config: config, keyFile: keyFile), logger: logger).execute()
    }

    /// Runs the pipeline with `text` appended to the inbox file `relative` right after
    /// the file is hashed (extract) and before it is read: a file that changes while it is
    /// being read.
    @discardableResult
    public func run(appending text: String, to relative: String) throws -> RunReport {
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let run = PipelineRun(request: RunRequest(config: config, keyFile: keyFile), logger: logger)
        let path = inbox + "/" + relative
        run.onFileExtracted = { name in
            guard name == relative, let handle = FileHandle(forWritingAtPath: path) else { return }
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            handle.closeFile()
        }
        return try run.execute()
    }

    /// Runs the pipeline, calling `change` right after `relative` is hashed (extract) and
    /// before it is read: a file replaced while the run goes on.
    @discardableResult
    public func run(whenExtracted relative: String, _ change: @escaping () -> Void) throws -> RunReport {
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let run = PipelineRun(request: RunRequest(config: config, keyFile: keyFile), logger: logger)
        run.onFileExtracted = { name in if name == relative { change() } }
        return try run.execute()
    }

    /// Dates every file's record and every run back to 2020, so that `purge --before` today
    /// reaches them (purge refuses a date in the future).
    public func backdate() throws {
        let db = try Database(path: warehouse, create: false)
        try db.execute("""
            update etl_files set recorded_at = '2020-01-01T00:00:00Z';
            update etl_runs set started_at = '2020-01-01T00:00:00Z';
            """)
    }

    /// Today's date in UTC, `YYYY-MM-DD`.
    public static var today: String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }

    /// A fresh read-only connection, like an analyst's.
    public func db() throws -> Database { try Database(path: warehouse, readOnly: true, create: false) }

    /// Query results as text cells (NULL as "NULL").
    public func rows(_ sql: String, _ values: SQLBindable...) throws -> [[String]] {
        try db().statement(sql).rows(values).map { $0.values.map(\.description) }
    }

    public func scalar(_ sql: String, _ values: SQLBindable...) throws -> SQLValue {
        try db().statement(sql).rows(values).first?[0] ?? .null
    }
}

/// Valid test identifiers.
public enum TestPupil {
    /// A personnummer `YYYYMMDD-NNNC` with a correct check digit.
    public static func personnummer(_ date: String, serial: Int, coordination: Bool = false) -> String {
        var digits = date.filter(\.isNumber).map { Int(String($0))! }
        if coordination { digits[6] += 6 }
        let nnn = [serial / 100 % 10, serial / 10 % 10, serial % 10]
        let nine = Array(digits[2...]) + nnn
        var sum = 0
        for (i, d) in nine.enumerated() {
            var p = d * (i % 2 == 0 ? 2 : 1)
            if p > 9 { p -= 9 }
            sum += p
        }
        return digits.map(String.init).joined() + "-" + nnn.map(String.init).joined() + String((10 - sum % 10) % 10)
    }
}

/// Builders for small inbox files.
public enum Feeds {
    public static let gradeHeader = "personnummer;skolenhetskod;arskurs;termin;amne;betyg;betygsdatum"
    public static let subjects = ["BL", "BI", "EN", "FY", "GE", "HKK", "HI", "IDH", "KE", "MA", "M2", "MU", "RE", "SH", "SL", "SV", "TK"]

    public static func register(_ schools: [(String, String)]) -> String {
        "skolenhetskod;skolnamn;stadsdel\n" + schools.map { "\($0.0);\($0.1);Centrum" }.joined(separator: "\n") + "\n"
    }

    /// One pupil's grades in every subject, all `grade` (or the per-subject overrides).
    public static func gradeRows(pupil: String, school: String, term: String, year: Int = 9, grade: String = "C",
                                 date: String = "2024-06-10", subjects: [String] = subjects,
                                 overrides: [String: String] = [:]) -> [String] {
        subjects.map { "\(pupil);\(school);\(year);\(term);\($0);\(overrides[$0] ?? grade);\(date)" }
    }
}
