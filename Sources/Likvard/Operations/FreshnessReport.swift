import Foundation

/// `likvard freshness` and the freshness lines of `likvard status`: one line per feed.
public enum FreshnessReport {
    public static func table(_ feeds: [FeedFreshness], indent: String = "") -> String {
        func days(_ d: Double?) -> String { d.map { String(format: "%.1f", $0) } ?? "–" }
        let header = ["feed", "newest file", "arrived", "age (days)", "warn after", "error after", "in term only", "status"]
        let rows = feeds.map { f in
            [f.feed.rawValue, f.newestFile.map(SafeOutput.terminal) ?? "(never seen)", f.arrivedAt.map { Clock.timestamp($0.timeIntervalSince1970) } ?? "–",
             days(f.ageDays), days(f.rule?.warnAfterDays), days(f.rule?.errorAfterDays), f.rule?.inTermOnly == true ? "yes" : "no",
             f.rule == nil ? "ok (no limit set)" : f.status.rawValue]
        }
        return TextTable.render([header] + rows, indent: indent)
    }

    public static func objects(_ feeds: [FeedFreshness]) -> [[String: Any]] {
        feeds.map { f in
            ["feed": f.feed.rawValue, "newest_file": f.newestFile as Any,
             "arrived_at": f.arrivedAt.map { Clock.timestamp($0.timeIntervalSince1970) } as Any,
             "age_days": f.ageDays as Any, "warn_after_days": f.rule?.warnAfterDays as Any,
             "error_after_days": f.rule?.errorAfterDays as Any, "in_term_only": f.rule?.inTermOnly ?? false,
             "status": f.status.rawValue]
        }
    }

    /// The worst feed's status, and every feed.
    public static func json(_ feeds: [FeedFreshness]) throws -> String {
        let worst = feeds.map(\.status).max() ?? .ok
        let object: [String: Any] = ["status": worst.rawValue, "feeds": objects(feeds)]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
