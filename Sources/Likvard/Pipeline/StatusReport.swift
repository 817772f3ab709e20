import Foundation
import LikvardSQL

/// What `likvard status` shows: recent runs, and one run's stages and files
/// (`Warehouse.statusReport(runID:)`), as a table or as JSON for monitoring.
public struct StatusReport {
    public let runs: [Row]
    public let files: [Row]
    public let stages: [Row]
    public let runID: Int?
    /// Files still quarantined in their latest version, whichever run recorded them: what
    /// waits for the steward.
    public let waiting: [Row]
    /// Each feed's freshness by the last run's rules (`likvard freshness`).
    public var freshness: [FeedFreshness] = []
    /// How the command lines `table()` suggests name the warehouse.
    public var runbook = RunbookFlags.naming(pipeline: nil, warehouse: "WAREHOUSE", inbox: nil, keyFile: nil)

    public func json() throws -> String {
        func objects(_ rows: [Row]) -> [[String: Any]] {
            rows.map { row in
                var o: [String: Any] = [:]
                for (name, value) in zip(row.columns, row.values) {
                    switch value {
                    case .null: o[name] = NSNull()
                    case .integer(let v): o[name] = v
                    case .real(let v): o[name] = v
                    case .text(let v): o[name] = v
                    case .blob: o[name] = NSNull()
                    }
                }
                return o
            }
        }
        let object: [String: Any] = ["runs": objects(runs), "run_id": runID as Any,
                                     "files": objects(files), "stages": objects(stages),
                                     "quarantined_waiting": objects(waiting),
                                     "freshness": FreshnessReport.objects(freshness)]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    public func table() -> String {
        func render(_ rows: [Row]) -> String {
            guard let first = rows.first else { return "  (none)\n" }
            return TextTable.render([first.columns] + rows.map { $0.values.map { SafeOutput.terminal($0.description) } }, indent: "  ")
        }
        var out = "Runs (latest first):\n" + render(runs)
        if !freshness.isEmpty {
            out += "\nFeeds (the newest file of each; `likvard freshness` exits 5 past an error limit):\n"
                + FreshnessReport.table(freshness, indent: "  ")
        }
        if let runID {
            out += "\nFiles of run \(runID):\n" + render(files)
            out += "\nStages of run \(runID) (rows_in of extract is the file's bytes):\n" + render(stages)
        }
        out += "\nFiles still quarantined (the latest version of each, whichever run recorded it):\n" + render(waiting)
        if let first = waiting.first?["file_name"].description {
            out += """
                Fix a file and drop it again, or re-process it in place (with --accept-rejects to load the good rows of one quarantined for too many rejects):
                  \(runbook.rerun("--file", first))
                A quarantined file counts every row as rejected in its record (rows_rejected = rows_read); the rows that failed on their own:
                  \(runbook.rejects("--file", first))

                """
        }
        return out
    }
}
