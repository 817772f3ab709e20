import Foundation
import Likvard
import Testing

/// A feed's age against its limits, on fixed dates: calendar days, or school days only.
@Suite struct FeedFreshnessTests {
    static func date(_ text: String) -> Date {
        let f = ISO8601DateFormatter()
        return f.date(from: text)!
    }

    static let calendar = SchoolCalendar(config: PipelineConfig())   // spring to 06-30, autumn from 08-15

    @Test(arguments: [
        // (arrived, now, warn, error, in term only, status, age in days)
        ("2026-11-01T10:00:00Z", "2026-11-05T10:00:00Z", 10.0, 30.0, false, FeedFreshness.Status.ok, 4.0),
        ("2026-10-01T10:00:00Z", "2026-10-21T10:00:00Z", 10.0, 30.0, false, .warn, 20.0),
        ("2026-09-01T10:00:00Z", "2026-10-11T10:00:00Z", 10.0, 30.0, false, .error, 40.0),
        // the summer break: 61 calendar days, 16 school days (21–30 June, 15–20 August)
        ("2026-06-20T10:00:00Z", "2026-08-20T10:00:00Z", 10.0, 30.0, false, .error, 61.0),
        ("2026-06-20T10:00:00Z", "2026-08-20T10:00:00Z", 10.0, 30.0, true, .warn, 16.0),
        ("2026-06-20T10:00:00Z", "2026-08-10T10:00:00Z", 10.0, 30.0, true, .ok, 10.0),
    ])
    func ageAndStatus(_ arrived: String, _ now: String, _ warn: Double, _ error: Double, _ termOnly: Bool,
                      _ status: FeedFreshness.Status, _ age: Double) {
        let rule = FreshnessRule(warnAfterDays: warn, errorAfterDays: error, inTermOnly: termOnly)
        let f = FeedFreshness(feed: .betyg, newestFile: "betyg/x.csv", arrivedAt: Self.date(arrived), rule: rule,
                              calendar: Self.calendar, now: Self.date(now))
        #expect(f.status == status)
        #expect(abs((f.ageDays ?? -1) - age) < 1e-9, "age \(f.ageDays ?? -1)")
    }

    /// Never seen: an error with an error limit, a warning with only a warning limit, fine
    /// without a rule.
    @Test func aFeedNeverSeen() {
        let now = Self.date("2026-11-01T00:00:00Z")
        func status(_ rule: FreshnessRule?) -> FeedFreshness.Status {
            FeedFreshness(feed: .mal, newestFile: nil, arrivedAt: nil, rule: rule, calendar: Self.calendar, now: now).status
        }
        #expect(status(FreshnessRule(errorAfterDays: 400)) == .error)
        #expect(status(FreshnessRule(warnAfterDays: 400)) == .warn)
        #expect(status(nil) == .ok)
    }

    @Test(arguments: [
        (#"{"freshness": {"betyg": {"warn_after_days": 10, "error_after_days": 5}}}"#, "below warn_after_days"),
        (#"{"freshness": {"bety": {"warn_after_days": 10}}}"#, "unknown feed 'bety'"),
        (#"{"freshness": {"betyg": {"in_term_only": true}}}"#, "needs warn_after_days or error_after_days"),
        (#"{"freshness": {"betyg": {"warn_after": 3}}}"#, "unknown setting 'warn_after'"),
        (#"{"freshness": {"betyg": {"warn_after_days": -1}}}"#, "above 0"),
    ])
    func aBadSettingIsOneSentence(_ json: String, _ says: String) {
        #expect {
            _ = try PipelineConfig.parse(data: Data(json.utf8), source: "p.json", baseDirectory: "/")
        } throws: { error in
            (error as? ConfigurationError)?.description.contains(says) == true
        }
    }
}
