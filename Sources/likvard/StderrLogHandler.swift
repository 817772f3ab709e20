import Foundation
import Likvard
import Logging

/// Log lines on stderr: `2026-11-29T01:02:03Z info  message key=value`.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        // one event, one line: a newline in a file name must not forge another log line
        var line = "\(Clock.timestamp()) \(event.level.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(SafeOutput.terminal("\(event.message)"))"
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in all.keys.sorted() { line += " \(key)=\(SafeOutput.terminal("\(all[key]!)"))" }
        Progress.clearLine()
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func logger(quiet: Bool, verbose: Bool) -> Logger {
        let level: Logger.Level = quiet ? .warning : (verbose ? .debug : .info)
        return Logger(label: "likvard") { _ in StderrLogHandler(logLevel: level) }
    }
}
