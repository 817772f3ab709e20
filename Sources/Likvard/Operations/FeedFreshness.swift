import Foundation

/// When a feed's files are expected (pipeline setting `freshness`): a feed whose newest
/// file is older than `warnAfterDays` warns, older than `errorAfterDays` is an error. With
/// `inTermOnly` the age counts school days of the term calendar only — from the spring
/// term's start (1 January) to the spring reference date, and from the autumn term start to
/// the autumn reference date — so a grade export not sent in July is not late.
public struct FreshnessRule: Sendable, Equatable, Codable {
    public var warnAfterDays: Double?
    public var errorAfterDays: Double?
    public var inTermOnly = false

    public init(warnAfterDays: Double? = nil, errorAfterDays: Double? = nil, inTermOnly: Bool = false) {
        self.warnAfterDays = warnAfterDays
        self.errorAfterDays = errorAfterDays
        self.inTermOnly = inTermOnly
    }

    enum CodingKeys: String, CodingKey {
        case warnAfterDays = "warn_after_days", errorAfterDays = "error_after_days", inTermOnly = "in_term_only"
    }
}

/// One feed's freshness: its newest file and how old it is against its rule.
public struct FeedFreshness: Sendable, Equatable {
    public enum Status: String, Sendable, Comparable, CaseIterable {
        /// `ok`: within its limits, or no limits set; ordered by how bad.
        case ok, warn, error
        public static func < (a: Status, b: Status) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    public let feed: Feed
    /// The newest file's path as the warehouse holds it (masked), and when it was first seen.
    public let newestFile: String?
    public let arrivedAt: Date?
    /// Days since it arrived (school days with `inTermOnly`); nil when no file ever arrived.
    public let ageDays: Double?
    public let rule: FreshnessRule?
    public let status: Status

    /// A feed never seen is an error once it has an error limit (it is late by any
    /// measure), a warning with only a warning limit, and fine without a rule.
    public init(feed: Feed, newestFile: String?, arrivedAt: Date?, rule: FreshnessRule?, calendar: SchoolCalendar, now: Date) {
        self.feed = feed
        self.newestFile = newestFile
        self.arrivedAt = arrivedAt
        self.rule = rule
        let age = arrivedAt.map { rule?.inTermOnly == true ? calendar.schoolDays(from: $0, to: now) : max(0, now.timeIntervalSince($0) / 86_400) }
        ageDays = age
        func past(_ limit: Double?) -> Bool {
            guard let limit else { return false }
            return age.map { $0 > limit } ?? true
        }
        status = past(rule?.errorAfterDays) ? .error : past(rule?.warnAfterDays) ? .warn : .ok
    }
}

/// The school year's terms as the pipeline states them (`autumn_term_start`, the two
/// reference dates): which days a term's files are expected on.
public struct SchoolCalendar: Sendable {
    let autumnStart: (month: Int, day: Int)
    let springEnd: (month: Int, day: Int)
    let autumnEnd: (month: Int, day: Int)

    public init(config: PipelineConfig) {
        func monthDay(_ text: String) -> (Int, Int) {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : (1, 1)
        }
        autumnStart = monthDay(config.autumnTermStart)
        springEnd = monthDay(config.referenceDateVT)
        autumnEnd = monthDay(config.referenceDateHT)
    }

    static let stockholm: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Europe/Stockholm")!
        return c
    }()

    /// Whether `date`'s day (Stockholm time) lies in a term.
    func inTerm(_ date: Date) -> Bool {
        let d = Self.stockholm.dateComponents([.month, .day], from: date)
        let md = (d.month!, d.day!)
        return md <= springEnd || (md >= autumnStart && md <= autumnEnd)
    }

    /// The term days after `from`'s day up to and including `to`'s: whole days, as a
    /// steward counts them (arrived on the 20th, looked on the 30th: 10 days).
    func schoolDays(from: Date, to: Date) -> Double {
        guard to > from else { return 0 }
        var count = 0.0
        var day = Self.stockholm.startOfDay(for: from)
        let last = Self.stockholm.startOfDay(for: to)
        while day < last {
            day = Self.stockholm.date(byAdding: .day, value: 1, to: day)!
            if inTerm(day) { count += 1 }
        }
        return count
    }
}
