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

    /// A threshold as the publication's catalog states it for `table.column` (the catalog is
    /// written from the warehouse's settings): the first number after `after`.
    func threshold(_ table: String, _ column: String, after marker: String) -> Double? {
        guard let text = try? db.scalar("select description from warehouse_catalog where object_name = ? and column_name = ?",
                                        table, column).string,
              let start = text.range(of: marker)?.upperBound else { return nil }
        let number = text[start...].drop { $0 == " " }.prefix { $0.isNumber || $0 == "." }
        return Double(number)
    }
}
