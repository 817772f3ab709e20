import Foundation
import LikvardSQL

extension Warehouse {
    /// Seconds per stage of one run, summed over its files.
    public func stageSeconds(runID: Int) throws -> [String: Double] {
        var seconds: [String: Double] = [:]
        for row in try db.rows("select stage, total(seconds) from etl_stages where run_id = ? group by stage", runID) {
            seconds[row[0].string ?? ""] = row[1].double ?? 0
        }
        return seconds
    }

    /// The warehouse's part of the run's metrics (`RunMetrics`).
    public func metricsFigures(calendar: SchoolCalendar, rules: [Feed: FreshnessRule]? = nil, now: Date = Date()) throws -> RunMetrics.WarehouseFigures {
        var w = RunMetrics.WarehouseFigures()
        w.files = try db.rows("select feed, status, count(*) from etl_files group by feed, status order by feed, status")
            .map { ($0[0].string ?? "", $0[1].string ?? "", $0[2].int ?? 0) }
        w.rows = try db.rows("select feed, sum(rows_loaded), sum(rows_rejected) from etl_files group by feed order by feed")
            .map { ($0[0].string ?? "", $0[1].int ?? 0, $0[2].int ?? 0) }
        for row in try quarantinedWaiting() { w.quarantinedWaiting[row["feed"].string ?? "", default: 0] += 1 }
        w.freshness = try freshness(rules: rules, calendar: calendar, now: now)
        w.lastSuccess = try db.scalar("select max(finished_at) from etl_runs where status in ('succeeded', 'partial')").string
            .flatMap(Self.parseTimestamp)
        for suffix in ["", "-wal"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int) ?? nil
            w.sizeBytes += size ?? 0
        }
        return w
    }
}
