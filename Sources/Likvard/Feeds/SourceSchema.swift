import Foundation
import LikvardIO

/// A feed's declared columns (`schemas/sources/<feed>.json`): the validator reads these
/// instead of one hand-written parser per feed.
public struct SourceSchema: Decodable, Sendable {
    public struct Column: Decodable, Sendable {
        public let name: String
        public let required: Bool
        public let type: ColumnType
        /// `school_code` only: check the code against the register (default true).
        public let lookup: Bool
        public let values: [String]?
        public let min: Int?
        public let max: Int?
        /// The most characters a text value may have (`insats_id`: 40).
        public let maxLength: Int?
        /// Never stored, not even in a rejected row's raw line (a teacher's signature).
        public let isPrivate: Bool

        // A column's "rule" in the JSON is documentation for the reader of schemas/sources.
        enum CodingKeys: String, CodingKey {
            case name, required, type, lookup, values, min, max
            case maxLength = "max_length"
            case isPrivate = "private"
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
            type = try c.decode(ColumnType.self, forKey: .type)
            lookup = try c.decodeIfPresent(Bool.self, forKey: .lookup) ?? true
            values = try c.decodeIfPresent([String].self, forKey: .values)
            min = try c.decodeIfPresent(Int.self, forKey: .min)
            max = try c.decodeIfPresent(Int.self, forKey: .max)
            maxLength = try c.decodeIfPresent(Int.self, forKey: .maxLength)
            isPrivate = try c.decodeIfPresent(Bool.self, forKey: .isPrivate) ?? false
        }
    }

    public enum ColumnType: String, Decodable, Sendable {
        case text, date, datetime, decimal, integer, `enum`
        case schoolCode = "school_code"
        case personnummer
        case temporaryID = "temporary_id"
        case pupilID = "pupil_id"
        case gradeYear = "grade_year"
        case term, subject, grade
        /// 4 digits, as text (`Kommun-kod`: Stockholm is `0180`).
        case municipalityCode = "municipality_code"
        /// Skolverket's figures: a number from `min` to `max` with a decimal comma, or one
        /// of the markers in `values` (`..`, `.`, `~100`); a count is a whole number.
        case officialCount = "official_count"
        case officialFigure = "official_figure"
        /// A kind of thing named by the administration (`insats`: `lararcoach`): `a-z`, `0-9`
        /// and `_` after lower-casing and folding å ä ö, stored folded.
        case code
        /// `2023/24`: two consecutive years.
        case schoolYear = "school_year"
        /// Free text that may name people (`beskrivning`): kept for the steward with every
        /// identifier-like token masked, never published.
        case freeText = "free_text"
    }

    public let feed: String
    public let description: String
    public let columns: [Column]
    /// The date that settles the century of a 10-digit personnummer.
    public let recordDate: String?
    /// At least one of these columns must be in the header and non-empty in every row.
    public let oneOfRequired: [String]?

    enum CodingKeys: String, CodingKey {
        case feed, description, columns
        case recordDate = "record_date"
        case oneOfRequired = "one_of_required"
    }

    public func column(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// The schema of `feed`, embedded at build time from `schemas/sources/`.
    public static func named(_ feed: Feed) -> SourceSchema {
        let path = "schemas/sources/\(feed.rawValue).json"
        guard let data = Resources.data(path),
              let schema = try? JSONDecoder().decode(SourceSchema.self, from: data) else {
            fatalError("embedded source schema \(path) is missing or invalid: a build bug")
        }
        return schema
    }
}

/// The eight inbox feeds, in processing order: the register first, since the other feeds
/// are validated against it; then pupils' data, Skolverket's official statistics, and the
/// administration's own records last (activities, resources, targets).
public enum Feed: String, CaseIterable, Sendable {
    case skolenheter, nyanlanda, betyg, enkater, skolverket, insatser, resurser, mal

    /// Whether the data ends at the first record whose fields are all empty: Skolverket's
    /// notes follow it, and are neither data nor counted.
    var dataEndsAtEmptyRecord: Bool { self == .skolverket }

    /// Whether the duplicate-row check of a long file may decide at the file's end
    /// (`DuplicateDetector`), the file then staged again with its repeats known: grade
    /// exports, the only feed whose files reach millions of rows. A survey response is keyed
    /// by its id (a repeat must be stopped before its insert), and the other feeds' files
    /// are small.
    var decidesDuplicatesAtEnd: Bool { self == .betyg }
}
