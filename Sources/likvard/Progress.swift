import Foundation
import Likvard

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
