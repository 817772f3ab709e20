import Foundation
import LikvardSQL

/// What `likvard status` shows: recent runs, and one run's stages and files.
public struct StatusReport {
    public let runs: [Row]
    public let files: [Row]
    public let stages: [Row]
    public let runID: Int?

    public static func load(db: Database, runID: Int?) throws -> StatusReport {
        let runs = try db.rows("""
            select run_id, status, started_at, finished_at, files_loaded, files_quarantined, files_other,
                   rows_loaded, rows_rejected, coalesce(resumes_run_id, '') as resumes_run_id, coalesce(error, '') as error
            from etl_runs order by run_id desc limit 10
            """)
        let chosen = runID ?? runs.first?["run_id"].int
        if let runID, try db.scalar("select count(*) from etl_runs where run_id = ?", runID).int == 0 {
            throw ConfigurationError("run \(runID) does not exist in this warehouse")
        }
        let files = try db.rows("""
            select file_id, feed, file_name, status, coalesce(reason_code, '') as reason_code, rows_read, rows_loaded,
                   rows_rejected, coalesce(message, '') as message
            from etl_files where run_id = ? order by file_id
            """, chosen)
        let stages = try db.rows("""
            select stage, coalesce(file_name, '') as file_name, status, coalesce(rows_in, '') as rows_in,
                   coalesce(rows_out, '') as rows_out, round(seconds, 3) as seconds
            from etl_stages where run_id = ? order by stage_id
            """, chosen)
        return StatusReport(runs: runs, files: files, stages: stages, runID: chosen)
    }

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
                                     "files": objects(files), "stages": objects(stages)]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    public func table() -> String {
        func render(_ rows: [Row]) -> String {
            guard let first = rows.first else { return "  (none)\n" }
            let all = [first.columns] + rows.map { $0.values.map(\.description) }
            var widths = [Int](repeating: 0, count: first.columns.count)
            for r in all { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
            return all.map { r in
                "  " + r.enumerated().map { i, c in c + String(repeating: " ", count: widths[i] - c.count) }.joined(separator: "  ")
            }.joined(separator: "\n") + "\n"
        }
        var out = "Runs (latest first):\n" + render(runs)
        if let runID {
            out += "\nFiles of run \(runID):\n" + render(files)
            out += "\nStages of run \(runID):\n" + render(stages)
        }
        return out
    }
}
