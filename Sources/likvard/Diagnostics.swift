import Foundation
import Likvard
import LikvardSQL
import Logging

/// One sentence for errors that are not ours to type (SQLite, the file system).
enum Diagnostics {
    static func describe(_ error: Error) -> String {
        if let sql = error as? SQLiteError {
            if sql.isFull { return "the disk is full (\(sql.message)); free space and re-run — nothing half-written was kept" }
            if sql.isReadOnly { return "the warehouse cannot be written (\(sql.message)); check its permissions" }
            if sql.isCorrupt { return "the warehouse file is corrupt (\(sql.message)); restore it from a backup" }
            return sql.description
        }
        return "\(error)"
    }
}

/// Log lines on stderr: `2026-11-29T01:02:03Z info  message key=value`.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = "\(Clock.timestamp()) \(event.level.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(event.message)"
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in all.keys.sorted() { line += " \(key)=\(all[key]!)" }
        Progress.clearLine()
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func logger(quiet: Bool, verbose: Bool) -> Logger {
        let level: Logger.Level = quiet ? .warning : (verbose ? .debug : .info)
        return Logger(label: "likvard") { _ in StderrLogHandler(logLevel: level) }
    }
}

/// The live progress line on a terminal (feed, file, rows, rows/s); nothing otherwise.
enum Progress {
    static let isTerminal = isatty(2) == 1
    nonisolated(unsafe) static var shown = false
    nonisolated(unsafe) static var lastShown = 0.0

    static func show(feed: String, file: String, rows: Int, rate: Double) {
        guard isTerminal else { return }
        let now = Clock.monotonicSeconds()
        guard now - lastShown >= 0.1 else { return }
        lastShown = now
        let text = "\r\(feed) \(file): \(rows) rows, \(Int(rate)) rows/s"
        FileHandle.standardError.write(Data(text.utf8))
        shown = true
    }

    static func clearLine() {
        guard isTerminal, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}
