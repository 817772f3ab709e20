import Foundation
import LikvardSQL

/// A publication file, read: all that the board report sees. It holds tables only, so the
/// report cannot reach anything the tier does not show.
public final class PublicationReader {
    let db: Database
    public let path: String
    public let tier: PublicationTier

    /// Opens `path`; refuses a file that is not a publication, or not of `required` tier.
    public init(path: String, requiring required: PublicationTier? = nil) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigurationError("publication \(path) does not exist; write one with `likvard publish --warehouse FILE --tier public --out \(path)`")
        }
        self.path = path
        db = try Database(path: path, readOnly: true, create: false)
        guard let name = try? db.scalar("select tier from publication").string, let tier = PublicationTier(rawValue: name) else {
            throw ConfigurationError("\(path) is not a Likvärd publication (it has no publication row)")
        }
        if let required, tier != required {
            throw ConfigurationError("\(path) is a publication of tier \(tier.rawValue); the board report reads the \(required.rawValue) tier only")
        }
        self.tier = tier
    }

    /// Whether the publication holds `table` (one written before a view existed does not).
    func has(_ table: String) -> Bool {
        (try? db.scalar("select count(*) from sqlite_schema where type = 'table' and name = ?", table).int) == 1
    }

    /// A report query of `schemas/report/`.
    func reportRows(_ name: String, _ values: SQLBindable...) throws -> [Row] {
        guard let sql = Resources.text("schemas/report/\(name).sql") else { fatalError("report query \(name) not embedded: a build bug") }
        return try db.statement(sql).rows(values)
    }

    /// The thresholds the numbers were made with, from the publication's typed `rules`
    /// table: the report states them rather than assuming defaults. A publication written
    /// before `rules` existed is refused: publish it again.
    func rules() throws -> PublishedRules {
        guard has("rules"), let row = try db.rows("select * from rules").first else {
            throw ConfigurationError("publication \(path) has no rules table (it was written by an older Likvärd): publish it again")
        }
        return PublishedRules(minPupils: row["min_pupils"].int ?? 0, minRespondents: row["min_respondents"].int ?? 0,
                              lowEligibilityShare: row["low_eligibility_share"].double ?? 0,
                              decliningPoints: row["declining_points"].double ?? 0,
                              lowSurveyFraction: row["low_survey_fraction"].double ?? 0,
                              mappingDeadlineMonths: row["mapping_deadline_months"].int ?? 0,
                              newcomerYears: row["newcomer_years"].int ?? 0,
                              minSchoolsExpected: row["min_schools_expected"].int ?? 0)
    }
}

/// The publication's `rules` the report names in its text.
struct PublishedRules {
    let minPupils: Int
    let minRespondents: Int
    let lowEligibilityShare: Double
    let decliningPoints: Double
    let lowSurveyFraction: Double
    let mappingDeadlineMonths: Int
    let newcomerYears: Int
    let minSchoolsExpected: Int
}
