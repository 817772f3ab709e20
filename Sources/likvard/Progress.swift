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

    /// The refresh's live line: the model being rebuilt and the seconds so far, redrawn by
    /// a ticker thread while one SQL statement runs for many seconds; nil stops it.
    static func refresh(step path: String?) {
        guard isTerminal else { return }
        ticker.lock.lock()
        if let path {
            if ticker.started == nil { ticker.started = Clock.monotonicSeconds() }
            ticker.step = (path.split(separator: "/").last.map(String.init) ?? path, Clock.monotonicSeconds())
            if !ticker.running {
                ticker.running = true
                Thread.detachNewThread { tick() }
            }
            ticker.lock.unlock()
        } else {
            let wasRunning = ticker.running
            ticker.running = false
            ticker.started = nil
            ticker.lock.unlock()
            // The ticker has written its last line before anything else is printed.
            if wasRunning { ticker.stopped.wait() }
            clearLine()
        }
    }

    private final class Ticker: @unchecked Sendable {
        let lock = NSLock()
        var running = false
        var started: Double?
        var step: (name: String, since: Double) = ("", 0)
        let stopped = DispatchSemaphore(value: 0)
    }
    nonisolated(unsafe) private static let ticker = Ticker()

    private static func tick() {
        while true {
            ticker.lock.lock()
            guard ticker.running, let started = ticker.started else {
                ticker.lock.unlock()
                ticker.stopped.signal()
                return
            }
            let now = Clock.monotonicSeconds()
            let text = String(format: "\rrefresh: %@ %.1f s (refresh %.1f s)\u{1B}[K", ticker.step.name, now - ticker.step.since, now - started)
            ticker.lock.unlock()
            FileHandle.standardError.write(Data(text.utf8))
            shown = true
            Thread.sleep(forTimeInterval: 0.25)
        }
    }

    static func clearLine() {
        guard isTerminal, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}
