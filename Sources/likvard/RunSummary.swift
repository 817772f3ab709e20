import Foundation
import Likvard

/// The run summary printed on stdout: one line per file, then totals.
enum RunSummary {
    static func text(_ report: RunReport) -> String {
        var rows: [[String]] = [["feed", "file", "status", "reason", "read", "loaded", "rejected"]]
        for f in report.files {
            let o = f.outcome
            rows.append([f.feed, SafeOutput.terminal(f.fileName), o.status.rawValue, o.reason ?? "", "\(o.rowsRead)", "\(o.rowsLoaded)", "\(o.rowsRejected)"])
        }
        var out = "Run \(report.runID): \(report.status)\n"
        if report.files.isEmpty {
            out += "No new files (\(report.unchangedFiles) already recorded, unchanged).\n"
        } else {
            out += TextTable.render(rows, rightAligned: [4, 5, 6])
        }
        let loaded = report.files.filter { $0.outcome.status == .loaded }.count
        let quarantined = report.files.filter { $0.outcome.status == .quarantined }.count
        let rowsLoaded = report.files.reduce(0) { $0 + $1.outcome.rowsLoaded }
        let rejected = report.files.reduce(0) { $0 + $1.outcome.rowsRejected }
        out += "Files: \(report.files.count) new (\(loaded) loaded, \(quarantined) quarantined, \(report.files.count - loaded - quarantined) skipped or ignored), \(report.unchangedFiles) unchanged. "
        out += "Rows: \(rowsLoaded) loaded, \(rejected) rejected. "
        out += "Views \(report.refreshed ? "refreshed" : "unchanged"). Time \(String(format: "%.2f", report.seconds)) s. "
        out += "Peak memory \(report.peakMemoryKilobytes / 1024) MB."
        return out
    }
}
