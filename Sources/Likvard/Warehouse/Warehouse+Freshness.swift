import Foundation
import LikvardSQL

extension Warehouse {
    /// The pipeline's `freshness` rules as the last run recorded them, so `likvard
    /// freshness --warehouse` and `status` judge by the rules the nightly job runs with.
    func recordFreshness(_ rules: [Feed: FreshnessRule]) throws {
        let object = Dictionary(uniqueKeysWithValues: rules.map { ($0.key.rawValue, $0.value) })
        let json = String(decoding: try JSONEncoder().encode(object), as: UTF8.self)
        try setMeta("freshness", json)
    }

    func recordedFreshness() throws -> [Feed: FreshnessRule] {
        guard let json = try meta("freshness"),
              let object = try? JSONDecoder().decode([String: FreshnessRule].self, from: Data(json.utf8)) else { return [:] }
        return Dictionary(uniqueKeysWithValues: object.compactMap { key, rule in Feed(rawValue: key).map { ($0, rule) } })
    }

    /// Every feed's freshness by `rules` at `now`: its newest file that arrived (loaded,
    /// quarantined or a duplicate: an `ignored` file is no data), and its age.
    public func freshness(rules: [Feed: FreshnessRule]? = nil, calendar: SchoolCalendar, now: Date = Date()) throws -> [FeedFreshness] {
        let rules = try rules ?? recordedFreshness()
        let newest = try db.rows("""
            select feed, file_name, recorded_at from (
              select feed, file_name, recorded_at,
                     row_number() over (partition by feed order by recorded_at desc, file_id desc) as k
              from etl_files where status <> 'ignored')
            where k = 1
            """)
        return Feed.allCases.map { feed in
            let row = newest.first { $0["feed"].string == feed.rawValue }
            return FeedFreshness(feed: feed, newestFile: row?["file_name"].string,
                                 arrivedAt: row?["recorded_at"].string.flatMap(Self.parseTimestamp),
                                 rule: rules[feed], calendar: calendar, now: now)
        }
    }

    /// `2026-11-29T01:02:03Z` (as `Clock.timestamp` writes it).
    static func parseTimestamp(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }
}
