import LikvardIO
import LikvardSQL

/// The validate → transform → load stages of one CSV export, streamed row by row inside
/// the file's transaction: every record is loaded or rejected with its line, column and
/// reason; over the feed's reject threshold the file is quarantined whole.
struct ExportLoad {
    let file: InboxFile
    let gzip: Bool
    let fingerprint: FileFingerprint
    let fileID: Int
    let rows: FeedRows
    let context: LoadContext
    let rejects: RejectLog
    let threshold: Double
    let acceptRejects: Bool
    var progress: ((Int) -> Void)?

    /// Reads the file as UTF-8, validating as it goes; a file that turns out not to be
    /// UTF-8 throughout is rolled back and read again as Windows-1252 (the contract decides
    /// the encoding per file).
    func run() throws -> FileOutcome {
        try context.db.execute("savepoint file_rows")
        var (outcome, reader) = try attempt(.utf8)
        if !reader.isValidUTF8SoFar {
            try rollback()
            try rows.removeRows(fileID: fileID)
            (outcome, reader) = try attempt(.windows1252)
        }
        if outcome.status == .loaded { try rows.recordTouched(fileID: fileID) }
        try context.db.execute("release file_rows")
        outcome.delimiter = reader.delimiter == 9 ? "TAB" : String(UnicodeScalar(reader.delimiter))
        return outcome
    }

    /// Undoes this file's rows (and forgets identity keys that may have been rolled back).
    private func rollback() throws {
        try context.db.execute("rollback to file_rows")
        context.forgetIdentities()
    }

    private func attempt(_ encoding: TextEncoding) throws -> (FileOutcome, CSVReader) {
        let hashing = HashingByteSource(input: try FileByteSource(path: file.absolutePath))
        let source: ByteSource = gzip ? try GzipByteSource(input: hashing) : hashing
        let reader = CSVReader(source: source, encoding: encoding)
        var outcome: FileOutcome
        do {
            outcome = try load(reader)
            try hashing.drain()
            if hashing.hexDigest != fingerprint.sha256 {
                try rollback()
                outcome = .quarantined(FileQuarantine(.unreadableFile, "the file changed while it was being read; drop it again when it is complete"),
                                       rowsRead: outcome.rowsRead)
            }
        } catch let error as GzipError {
            try rollback()
            try? hashing.drain()
            let changed = hashing.hexDigest != fingerprint.sha256
            outcome = .quarantined(changed
                ? FileQuarantine(.unreadableFile, "the file changed while it was being read (\(error)); drop it again when it is complete")
                : FileQuarantine(.corruptGzip, error.description))
        } catch let quarantine as FileQuarantine {
            // Structural: count the records for the file's record, keep no row-level reject.
            try rollback()
            outcome = .quarantined(quarantine, rowsRead: (try? countRemaining(reader)) ?? 0)
        }
        outcome.encoding = encoding
        return (outcome, reader)
    }

    private func load(_ reader: CSVReader) throws -> FileOutcome {
        guard let header = try reader.readHeader() else {
            throw FileQuarantine(.emptyFile, "the file holds no header line")
        }
        let validator = try RowValidator(schema: SourceSchema.named(rows.feed), header: header,
                                         schools: try context.knownSchools(), fallbackDate: context.runDate)
        var hasRecord = try reader.next()
        try rows.begin(fileID: fileID, validator: validator, reader: reader, hasRecord: hasRecord)
        var outcome = FileOutcome(status: .loaded)
        outcome.extraColumns = rows.feed == .enkater ? [] : validator.extraColumns
        let validation = RecordValidation(reader: reader, validator: validator, extraCheck: rows.extraCheck)

        func load(_ record: ValidatedRecord) throws {
            outcome.rowsRead += 1
            if outcome.rowsRead % 4096 == 0 { progress?(outcome.rowsRead) }
            if outcome.rowsRead % 1000 == 0 { CrashPoint.reach("file-rows") }
            switch record {
            case let .row(values, line):
                try rows.insert(values, line: line)
                outcome.rowsLoaded += 1
            case let .reject(reject, line, rawText):
                outcome.rowsRejected += 1
                try rejects.record(fileID: fileID, line: line, reason: reject.reason, column: reject.column,
                                   message: reject.message, rawLine: rawText)
            }
        }

        if rows.insertsFromValuesAlone {
            // Validation on a helper thread, inserts on this one.
            let helper = ValidationThread(validation, hasRecord: hasRecord)
            defer { helper.finish() }
            while let batch = try helper.nextBatch() {
                for record in batch { try load(record) }
            }
        } else {
            while hasRecord {
                try load(validation.current())
                hasRecord = try reader.next()
            }
        }
        try rows.finish()
        // "exactly 5 % still loads": compare in whole basis points, not floating point.
        let limit = Int((threshold * 10_000).rounded())
        if !acceptRejects && outcome.rowsRejected * 10_000 > limit * outcome.rowsRead {
            try rows.removeRows(fileID: fileID)
            let percent = Double(outcome.rowsRejected * 1000 / max(outcome.rowsRead, 1)) / 10
            outcome.status = .quarantined
            outcome.reason = QuarantineReason.tooManyRejects.rawValue
            outcome.message = "\(outcome.rowsRejected) of \(outcome.rowsRead) rows rejected (\(percent) %), over the feed's threshold of \(threshold * 100) %; fix the file and drop it again, or load its good rows with: likvard rerun --file \(file.relativePath) --accept-rejects"
            outcome.rowsLoaded = 0
            outcome.rowsRejected = outcome.rowsRead
        }
        return outcome
    }

    private func countRemaining(_ reader: CSVReader) throws -> Int {
        var n = 0
        if reader.headerLine > 0 && reader.line > reader.headerLine { n = 1 }
        while try reader.next() { n += 1 }
        return n
    }
}
