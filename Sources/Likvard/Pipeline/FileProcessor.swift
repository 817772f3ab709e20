import Foundation
import LikvardIO
import Logging

/// Takes one inbox file through the stages and records the outcome in `etl_files` and
/// `etl_stages`, all in one transaction with the file's rows: extract (hash the bytes),
/// then, streamed together, validate, transform and load.
final class FileProcessor {
    private let warehouse: Warehouse
    private let runID: Int
    private let runDate: CivilDate
    private let config: PipelineConfig
    private let runbook: RunbookFlags
    private let logger: Logger
    private let onProgress: ((String, String, Int, Double) -> Void)?
    var onExtracted: ((String) -> Void)?

    init(warehouse: Warehouse, runID: Int, runDate: CivilDate, config: PipelineConfig, runbook: RunbookFlags,
         logger: Logger, onProgress: ((String, String, Int, Double) -> Void)?) {
        self.warehouse = warehouse
        self.runID = runID
        self.runDate = runDate
        self.config = config
        self.runbook = runbook
        self.logger = logger
        self.onProgress = onProgress
    }

    /// Returns nil when the file's content is already recorded under this path.
    func process(_ file: InboxFile, acceptRejects: Bool = false, forceReprocess: Bool = false) throws -> FileOutcome? {
        let extractStarted = Clock.timestamp()
        let t0 = Clock.monotonicSeconds()
        var fingerprint: FileFingerprint?
        var outcome: FileOutcome?

        switch file.kind {
        case .ignored(let why, let hashable):
            if hashable { fingerprint = try? FileFingerprint.take(path: file.absolutePath, expected: file.identity) }
            outcome = FileOutcome(status: .ignored, reason: "ignored", message: why)
        case .unreadable(let why):
            outcome = .quarantined(FileQuarantine(.unreadableFile, why))
        case .export, .surveyDefinition:
            do {
                fingerprint = try FileFingerprint.take(path: file.absolutePath, expected: file.identity)
            } catch let error as IOError {
                outcome = .quarantined(FileQuarantine(.unreadableFile, error.description))
            }
        }
        let extractSeconds = Clock.monotonicSeconds() - t0
        CrashPoint.reach("file-extracted")
        onExtracted?(file.relativePath)
        let sha = fingerprint?.sha256

        // A (path, SHA-256) already recorded is skipped without a new record — when
        // re-processing on request, only if that content already loaded.
        if let latest = try warehouse.recordedStatus(of: file.relativePath, sha256: sha), !forceReprocess || latest == "loaded" {
            logger.debug("unchanged, already recorded", metadata: ["file": "\(file.displayName)", "status": "\(latest)"])
            return nil
        }
        if outcome == nil, let sha, !forceReprocess, let earlier = try warehouse.earlierFile(withContent: sha) {
            outcome = FileOutcome(status: .skippedDuplicate, reason: "duplicate_content",
                                  message: "same content as \(earlier.name) (file_id \(earlier.fileID)); loads nothing")
        }

        let result: FileOutcome = try warehouse.inTransaction {
            let fileID = try warehouse.recordFile(runID: runID, feed: file.feed, relativePath: file.relativePath, sha256: sha,
                                                  bytes: fingerprint?.bytes)
            try warehouse.recordStage(runID: runID, .extract, fileID: fileID, fileName: file.displayName, started: extractStarted,
                                      seconds: extractSeconds, rowsIn: fingerprint?.bytes, rowsOut: fingerprint?.bytes,
                                      error: outcome?.status == .quarantined ? outcome?.message : nil)
            let done: FileOutcome
            if let outcome {
                done = outcome
            } else {
                let loadStarted = Clock.timestamp()
                done = try load(file, fingerprint: fingerprint!, fileID: fileID, acceptRejects: acceptRejects)
                try recordStreamedStages(done, fileID: fileID, file: file, started: loadStarted)
            }
            try warehouse.finishFile(fileID, done)
            if done.status == .loaded { try warehouse.flagRefresh(.pending) }
            CrashPoint.reach("file-before-commit")
            return done
        }
        CrashPoint.reach("file-committed")
        log(file, result)
        return result
    }

    private func load(_ file: InboxFile, fingerprint: FileFingerprint, fileID: Int, acceptRejects: Bool) throws -> FileOutcome {
        let feed = Feed(rawValue: file.feed)!   // the inbox gives only feed folders' files a loadable kind
        if case .export(let gzip) = file.kind {
            let started = Clock.monotonicSeconds()
            var load = ExportLoad(file: file, feed: feed, gzip: gzip, fingerprint: fingerprint, fileID: fileID,
                                  warehouse: warehouse, runDate: runDate, threshold: config.threshold(for: feed),
                                  acceptRejects: acceptRejects, runbook: runbook)
            let progress = onProgress
            load.progress = { rowsSoFar in
                progress?(file.feed, file.displayName, rowsSoFar, Double(rowsSoFar) / max(Clock.monotonicSeconds() - started, 1e-6))
            }
            return try load.run()
        }
        return try loadDefinition(file, fileID: fileID, fingerprint: fingerprint)
    }

    /// Validate, transform and load ran together, streamed; each is recorded with its rows
    /// and its own time. A file quarantined before its rows (a structural reason) records
    /// the stage that found it.
    private func recordStreamedStages(_ outcome: FileOutcome, fileID: Int, file: InboxFile, started: String) throws {
        let error = outcome.status == .quarantined ? outcome.message : nil
        let seconds = outcome.stageSeconds
        try warehouse.recordStage(runID: runID, .validate, fileID: fileID, fileName: file.displayName, started: started,
                                  seconds: seconds.validate, rowsIn: outcome.rowsRead, rowsOut: outcome.rowsValid,
                                  error: outcome.rowsValid == 0 ? error : nil)
        try warehouse.recordStage(runID: runID, .transform, fileID: fileID, fileName: file.displayName, started: started,
                                  seconds: seconds.transform, rowsIn: outcome.rowsValid, rowsOut: outcome.rowsValid)
        try warehouse.recordStage(runID: runID, .load, fileID: fileID, fileName: file.displayName, started: started,
                                  seconds: seconds.load, rowsIn: outcome.rowsValid, rowsOut: outcome.rowsLoaded, error: error)
    }

    /// Survey definitions are small JSON documents, read whole (capped at 4 MiB) through
    /// the same checked descriptor as every inbox file, and only if they are the bytes the
    /// extract stage hashed.
    private func loadDefinition(_ file: InboxFile, fileID: Int, fingerprint: FileFingerprint) throws -> FileOutcome {
        guard fingerprint.bytes <= 4 << 20 else {
            return .quarantined(FileQuarantine(.invalidDefinition, "a survey definition larger than 4 MiB is not plausible"))
        }
        let data: Data
        do {
            let hashing = HashingByteSource(input: try FileByteSource(path: file.absolutePath, expected: file.identity))
            var bytes = [UInt8](repeating: 0, count: fingerprint.bytes + 1)
            var count = 0
            while count < bytes.count {
                let n = try bytes.withUnsafeMutableBytes { try hashing.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[count...])) }
                if n == 0 { break }
                count += n
            }
            guard count == fingerprint.bytes, hashing.hexDigest == fingerprint.sha256 else {
                return .quarantined(FileQuarantine(.unreadableFile, "the file changed while it was being read; drop it again when it is complete"))
            }
            data = Data(bytes[0..<count])
        } catch let error as IOError {
            return .quarantined(FileQuarantine(.unreadableFile, error.description))
        }
        do {
            let definition = try SurveyDefinition.parse(data)
            try warehouse.store(definition, fileID: fileID)
            var outcome = FileOutcome(status: .loaded, message: "survey '\(definition.survey)', \(definition.questions.count) questions")
            outcome.rowsRead = definition.questions.count
            outcome.rowsLoaded = definition.questions.count
            outcome.rowsValid = definition.questions.count
            return outcome
        } catch let q as FileQuarantine {
            return .quarantined(q)
        }
    }

    private func log(_ file: InboxFile, _ outcome: FileOutcome) {
        var metadata: Logger.Metadata = [
            "feed": "\(file.feed)", "file": "\(file.displayName)", "status": "\(outcome.status.rawValue)",
            "rows_read": "\(outcome.rowsRead)", "loaded": "\(outcome.rowsLoaded)", "rejected": "\(outcome.rowsRejected)",
        ]
        if let reason = outcome.reason { metadata["reason"] = "\(reason)" }
        if outcome.status == .quarantined {
            logger.warning("file quarantined: \(IdentifierMask.mask(outcome.message ?? ""))", metadata: metadata)
        } else {
            logger.info("file \(outcome.status.rawValue)", metadata: metadata)
        }
    }
}
