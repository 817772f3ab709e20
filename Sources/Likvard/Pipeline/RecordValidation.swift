import LikvardIO

/// What validation made of one record of an export.
enum ValidatedRecord: @unchecked Sendable {   // FieldValue and RowReject are Sendable; the array is a value
    case row([FieldValue], line: Int)
    case reject(RowReject, line: Int, rawText: String)
}

/// The validate stage of one export, record by record: splitting problems, the feed's
/// schema, and `duplicate_row`. It reads only the file (never the warehouse), so it may run
/// on a helper thread while the warehouse connection inserts (see `ValidationThread`).
final class RecordValidation {
    let reader: CSVReader
    private let validator: RowValidator
    private let extraCheck: ((Int, String, String) -> RowReject?)?
    private let duplicates = DuplicateDetector()

    init(reader: CSVReader, validator: RowValidator, extraCheck: ((Int, String, String) -> RowReject?)?) {
        self.reader = reader
        self.validator = validator
        self.extraCheck = extraCheck
    }

    /// The reader's current record, validated.
    func current() throws -> ValidatedRecord {
        let line = reader.line
        func reject(_ r: RowReject) -> ValidatedRecord { .reject(r, line: line, rawText: reader.rawText) }
        if let malformation = reader.malformation {
            return reject(RowReject(.malformedRow, column: nil, malformation.message))
        }
        if reader.fieldCount != validator.headerCount {
            return reject(RowReject(.malformedRow, column: nil,
                                    "the record has \(reader.fieldCount) fields; the header has \(validator.headerCount)"))
        }
        switch validator.validate(reader, extraCheck: extraCheck) {
        case .failure(let r):
            return reject(r)
        case .success(let values):
            if try duplicates.isDuplicate(reader) {
                return reject(RowReject(.duplicateRow, column: nil, "the same record as an earlier line of this file"))
            }
            return .row(values, line: line)
        }
    }
}
