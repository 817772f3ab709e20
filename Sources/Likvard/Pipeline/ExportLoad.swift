import LikvardIO

/// The validate → transform → load stages of one CSV export, streamed inside the file's
/// transaction: every record is loaded or rejected with its line, column and reason; over
/// the feed's reject threshold the file is quarantined whole.
struct ExportLoad {
    let file: InboxFile
    let feed: Feed
    let gzip: Bool
    let fingerprint: FileFingerprint
    let fileID: Int
    let warehouse: Warehouse
    let runDate: CivilDate
    let threshold: Double
    let acceptRejects: Bool
    let runbook: RunbookFlags
    var progress: ((Int) -> Void)?

    /// Reads the file as UTF-8, validating as it goes; a file that turns out not to be
    /// UTF-8 throughout is rolled back and read again as Windows-1252 (the contract decides
    /// the encoding per file).
    func run() throws -> FileOutcome {
        let staging = try warehouse.staging(feed, fileID: fileID, runDate: runDate)
        do {
            var (outcome, reader) = try attempt(.utf8, staging)
            if !reader.isValidUTF8SoFar {
                try staging.rollback()
                (outcome, reader) = try attempt(.windows1252, staging)
            }
            if outcome.status == .loaded { try staging.recordTouched() }
            try staging.release()
            outcome.delimiter = reader.delimiter == 9 ? "TAB" : String(UnicodeScalar(reader.delimiter))
            return outcome
        } catch let error as IOError where error.reason != nil {
            // Not the file the inbox scan found (replaced, a link or a FIFO swapped in):
            // quarantined, nothing of it loaded. A failing read is a stage failure instead.
            try staging.rollback()
            try staging.release()
            return .quarantined(FileQuarantine(.unreadableFile, error.description))
        }
    }

    /// The file opened for one pass: its bytes hashed as they are read (the fingerprint
    /// check), decompressed when it is gzip.
    private func open(_ encoding: TextEncoding) throws -> (HashingByteSource, CSVReader) {
        let hashing = HashingByteSource(input: try FileByteSource(path: file.absolutePath, expected: file.identity))
        let source: ByteSource = gzip ? try GzipByteSource(input: hashing) : hashing
        return (hashing, CSVReader(source: source, encoding: encoding))
    }

    /// A pass's outcome once the pass has read the file to its end: as it is when the bytes
    /// read are the fingerprinted file, else the staged rows undone and the file quarantined
    /// (`unreadable_file`).
    private func unlessChanged(_ outcome: FileOutcome, _ hashing: HashingByteSource, _ staging: FileStaging) throws -> FileOutcome {
        try hashing.drain()
        guard hashing.hexDigest != fingerprint.sha256 else { return outcome }
        try staging.rollback()
        return .quarantined(FileQuarantine(.unreadableFile, "the file changed while it was being read; drop it again when it is complete"),
                            rowsRead: outcome.rowsRead)
    }

    private func attempt(_ encoding: TextEncoding, _ staging: FileStaging) throws -> (FileOutcome, CSVReader) {
        let (hashing, reader) = try open(encoding)
        var outcome: FileOutcome
        do {
            outcome = try unlessChanged(try load(reader, into: staging), hashing, staging)
        } catch let error as GzipError {
            try staging.rollback()
            try? hashing.drain()
            let changed = hashing.hexDigest != fingerprint.sha256
            outcome = .quarantined(changed
                ? FileQuarantine(.unreadableFile, "the file changed while it was being read (\(error)); drop it again when it is complete")
                : FileQuarantine(.corruptGzip, error.description))
        } catch let quarantine as FileQuarantine {
            // Structural: count the records for the file's record, keep no row-level reject.
            try staging.rollback()
            outcome = .quarantined(quarantine, rowsRead: (try? countRemaining(reader)) ?? 0)
        }
        outcome.encoding = encoding
        return (outcome, reader)
    }

    /// The feed's parser for this file; a survey export's is that of the survey its first
    /// row names.
    private func parser(_ reader: CSVReader, _ validator: RowValidator, hasRecord: Bool, schoolYear: String?) throws -> FeedParser {
        switch feed {
        case .skolenheter: return SchoolRegister()
        case .nyanlanda: return NewcomerRegistrations()
        case .betyg: return GradeExport()
        case .skolverket:
            return OfficialStatistics(schoolYear: schoolYear ?? "")
        case .insatser: return Activities()
        case .resurser: return AllocatedResources()
        case .mal: return Targets()
        case .enkater:
            let name = hasRecord ? SurveyExport.surveyName(of: reader, validator: validator) : ""
            let definition = hasRecord ? try warehouse.currentDefinition(of: name) : nil
            guard hasRecord || definition != nil else { return NoRows(feed: feed) }
            return try SurveyExport(surveyNamed: name, definition: definition, extraColumns: validator.extraColumns)
        }
    }

    /// `knownLaterRepeats`: the second pass over a long grade export that repeats an earlier
    /// record past the in-memory check (see `stageAgain`).
    private func load(_ reader: CSVReader, into staging: FileStaging, knownLaterRepeats: Set<Int>? = nil) throws -> FileOutcome {
        var schoolYear: String?
        let header: [String]
        if feed == .skolverket {
            (header, schoolYear) = try OfficialStatistics.readHeader(reader)
        } else {
            guard let found = try reader.readHeader() else {
                throw FileQuarantine(.emptyFile, "the file holds no header line")
            }
            header = found
        }
        let validator = try RowValidator(schema: SourceSchema.named(feed), header: header,
                                         schools: try warehouse.knownSchools(), fallbackDate: runDate)
        let hasRecord = try reader.nextData(of: feed)
        let parser = try self.parser(reader, validator, hasRecord: hasRecord, schoolYear: schoolYear)
        var outcome = FileOutcome(status: .loaded)
        outcome.extraColumns = feed == .enkater ? [] : validator.extraColumns   // a survey's are its questions
        let validation = RecordValidation(reader: reader, validator: validator, parser: parser,
                                          knownLaterRepeats: knownLaterRepeats)

        // Validation and transformation on a helper thread, inserts on this one.
        let helper = ValidationThread(validation, hasRecord: hasRecord)
        var loadSeconds = 0.0
        do {
            defer { helper.finish() }
            while let batch = try helper.nextBatch() {
                let t0 = Clock.monotonicSeconds()
                for record in batch {
                    outcome.rowsRead += 1
                    if outcome.rowsRead % 4096 == 0 { progress?(outcome.rowsRead) }
                    if outcome.rowsRead % 1000 == 0 { CrashPoint.reach("file-rows") }
                    switch record {
                    case .row(let row):
                        try staging.add(row)
                        outcome.rowsLoaded += 1
                    case let .reject(reject, line, rawText):
                        outcome.rowsRejected += 1
                        try warehouse.recordReject(fileID: fileID, line: line, reason: reject.reason, column: reject.column,
                                                   message: reject.message, rawLine: rawText)
                    }
                }
                loadSeconds += Clock.monotonicSeconds() - t0
            }
        }
        try staging.finish()
        let laterRepeats = try validation.laterDuplicates()
        if !laterRepeats.isEmpty {
            precondition(knownLaterRepeats == nil, "the second pass found repeats the first did not: a bug")
            return try stageAgain(rejecting: Set(laterRepeats), encoding: reader.encoding, staging)
        }
        outcome.stageSeconds = (validation.validateSeconds, validation.transformSeconds, loadSeconds)
        outcome.rowsValid = outcome.rowsLoaded
        // "exactly 5 % still loads": compare in whole basis points, not floating point.
        let limit = Int((threshold * 10_000).rounded())
        if !acceptRejects && outcome.rowsRejected * 10_000 > limit * outcome.rowsRead {
            try staging.removeRows()
            let percent = Double(outcome.rowsRejected * 1000 / max(outcome.rowsRead, 1)) / 10
            outcome.status = .quarantined
            outcome.reason = QuarantineReason.tooManyRejects.rawValue
            outcome.message = "\(outcome.rowsRejected) of \(outcome.rowsRead) rows rejected (\(percent) %), over the feed's threshold of \(threshold * 100) %; fix the file and drop it again, or load its good rows with: \(runbook.rerun("--file", file.displayName, "--accept-rejects"))"
            outcome.rowsLoaded = 0
            outcome.rowsRejected = outcome.rowsRead
        }
        return outcome
    }

    /// A long grade export that repeats an earlier record past the in-memory check: its
    /// rows are already folded into the store pupil by pupil, where one row cannot be taken
    /// out again, so the file is staged again from its first line with the repeats known
    /// (rejected as `duplicate_row`, the first occurrence loads). A second pass, made only for
    /// such a file. A file that changed in between is quarantined (`unreadable_file`).
    private func stageAgain(rejecting repeats: Set<Int>, encoding: TextEncoding, _ staging: FileStaging) throws -> FileOutcome {
        try staging.rollback()
        let (hashing, reader) = try open(encoding)
        return try unlessChanged(try load(reader, into: staging, knownLaterRepeats: repeats), hashing, staging)
    }

    private func countRemaining(_ reader: CSVReader) throws -> Int {
        var n = 0
        if reader.headerLine > 0 && reader.line > reader.headerLine {
            if feed.dataEndsAtEmptyRecord && reader.isAllFieldsEmpty { return 0 }
            n = 1
        }
        while try reader.nextData(of: feed) { n += 1 }
        return n
    }
}

/// The parser of a survey export without a data row: it has nothing to parse.
private struct NoRows: FeedParser {
    let feed: Feed
    func record(_ values: [FieldValue], extras: [String], line: Int) -> FeedRecord {
        fatalError("a file without rows has no record: a bug")
    }
}
