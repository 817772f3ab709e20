import LikvardIO

extension CSVReader {
    /// Advances to the next record of the feed's data: false at the end of the file, and
    /// at the first all-empty record of a feed whose notes follow its data.
    func nextData(of feed: Feed) throws -> Bool {
        try next() && !(feed.dataEndsAtEmptyRecord && isAllFieldsEmpty)
    }
}

/// What validation and transformation made of one record of an export.
enum ValidatedRecord: Sendable {
    case row(FeedRecord)
    case reject(RowReject, line: Int, rawText: String)
}

/// The validate and transform stages of one export, a batch of records at a time:
/// splitting problems, the feed's schema, `duplicate_row`; then the feed's typed record of
/// each valid row. It reads only the file (never the warehouse), so it runs on a helper
/// thread while the warehouse connection inserts (see `ValidationThread`).
final class RecordValidation {
    let reader: CSVReader
    private let validator: RowValidator
    private let parser: FeedParser
    private let duplicates: DuplicateDetector
    /// The parser's unique keys seen so far (`OfficialStatistics`: a school unit per file).
    private var keys: Set<String> = []
    /// Time spent in each stage, for `etl_stages` (read once the helper has exited).
    private(set) var validateSeconds = 0.0
    private(set) var transformSeconds = 0.0

    /// `knownLaterRepeats`: on the second pass over a long grade export, the lines the first
    /// pass found at its end to repeat an earlier record.
    init(reader: CSVReader, validator: RowValidator, parser: FeedParser, knownLaterRepeats: Set<Int>? = nil) {
        self.reader = reader
        self.validator = validator
        self.parser = parser
        duplicates = DuplicateDetector(decidesAtEnd: parser.feed.decidesDuplicatesAtEnd, knownLaterRepeats: knownLaterRepeats)
    }

    /// The lines loaded as valid that repeat an earlier record after all: found at the end
    /// of a long grade export (`DuplicateDetector`); the file is then staged again with them
    /// known. Call once, after the last batch.
    func laterDuplicates() throws -> [Int] { try duplicates.laterDuplicates() }

    /// Up to `count` records from the reader's current one (`hasRecord`: whether there is
    /// one; updated to whether one is left).
    func nextBatch(_ count: Int, hasRecord: inout Bool) throws -> [ValidatedRecord] {
        var checked: [Checked] = []
        checked.reserveCapacity(count)
        let t0 = Clock.monotonicSeconds()
        while hasRecord && checked.count < count {
            checked.append(try check())
            hasRecord = try reader.nextData(of: parser.feed)
        }
        let t1 = Clock.monotonicSeconds()
        let batch = checked.map { c -> ValidatedRecord in
            switch c {
            case let .valid(values, extras, line): return .row(parser.record(values, extras: extras, line: line))
            case let .rejected(reject, line, raw): return .reject(reject, line: line, rawText: raw)
            }
        }
        validateSeconds += t1 - t0
        transformSeconds += Clock.monotonicSeconds() - t1
        return batch
    }

    private enum Checked {
        case valid([FieldValue], extras: [String], line: Int)
        case rejected(RowReject, line: Int, rawText: String)
    }

    /// The fields a rejected row's raw line leaves blank: private columns (the teacher's
    /// signature) and columns the feed does not know (which may hold anything); a survey
    /// export's extra columns are its questions, and stay.
    private lazy var blanked: Set<Int> = Set(validator.privateFields + (parser.readsExtraColumns ? [] : validator.extraFields))

    /// The reader's current record as read, for a reject: blanked fields emptied and the
    /// others written back (RFC 4180 quoting) when the record split into the header's
    /// fields; else as read.
    var rawText: String {
        guard !blanked.isEmpty, reader.malformation == nil, reader.fieldCount == validator.headerCount,
              blanked.contains(where: { !reader.value($0).isEmpty }) else { return reader.rawText }
        let delimiter = String(UnicodeScalar(reader.delimiter))
        return (0..<reader.fieldCount).map { i -> String in
            guard !blanked.contains(i) else { return "" }
            let field = reader.value(i)
            guard field.contains(where: { $0 == Character(delimiter) || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: delimiter)
    }

    /// The reader's current record, validated.
    private func check() throws -> Checked {
        let line = reader.line
        func reject(_ r: RowReject) -> Checked { .rejected(r, line: line, rawText: rawText) }
        if let malformation = reader.malformation {
            return reject(RowReject(.malformedRow, column: nil, malformation.message))
        }
        if reader.fieldCount != validator.headerCount {
            return reject(RowReject(.malformedRow, column: nil,
                                    "the record has \(reader.fieldCount) fields; the header has \(validator.headerCount)"))
        }
        switch validator.validate(reader, extraCheck: parser.extraCheck) {
        case .failure(let r):
            return reject(r)
        case .success(let values):
            if let r = parser.rowCheck(values) { return reject(r) }
            if try duplicates.isDuplicate(reader) {
                return reject(RowReject(.duplicateRow, column: nil, RowReject.repeatedRecord))
            }
            if let key = parser.uniqueKey(values), !keys.insert(key).inserted {
                return reject(RowReject(.duplicateRow, column: nil, "\(key) occurs on an earlier line of this file"))
            }
            return .valid(values, extras: parser.readsExtraColumns ? validator.extraFields.map(reader.value) : [], line: line)
        }
    }
}
