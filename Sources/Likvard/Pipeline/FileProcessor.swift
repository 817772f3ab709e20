import Foundation
import LikvardIO
import LikvardSQL
import Logging

/// Takes one inbox file through the stages and records the outcome in `etl_files` and
/// `etl_stages`, all in one transaction with the file's rows.
final class FileProcessor {
    private let db: Database
    private let runID: Int
    private let context: LoadContext
    private let config: PipelineConfig
    private let logger: Logger
    private let onProgress: ((String, String, Int, Double) -> Void)?
    private let rejects: RejectLog
    var onExtracted: ((String) -> Void)?

    init(db: Database, runID: Int, context: LoadContext, config: PipelineConfig, logger: Logger,
         onProgress: ((String, String, Int, Double) -> Void)?) {
        self.db = db
        self.runID = runID
        self.context = context
        self.config = config
        self.logger = logger
        self.onProgress = onProgress
        rejects = RejectLog(db: db)
    }

    /// Returns nil when the file's content is already recorded under this path.
    func process(_ file: InboxFile, acceptRejects: Bool = false, forceReprocess: Bool = false) throws -> FileOutcome? {
        let extractStarted = Clock.timestamp()
        let t0 = Clock.monotonicSeconds()
        var fingerprint: FileFingerprint?
        var outcome: FileOutcome?

        switch file.kind {
        case .ignored(let why, let hashable):
            if hashable { fingerprint = try? FileFingerprint.take(path: file.absolutePath) }
            outcome = FileOutcome(status: .ignored, reason: "ignored", message: why)
        case .unreadable(let why):
            outcome = .quarantined(FileQuarantine(.unreadableFile, why))
        case .export, .surveyDefinition:
            do {
                fingerprint = try FileFingerprint.take(path: file.absolutePath)
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
        let latest = try db.scalar("select status from etl_files where file_name = ? and sha256 is ? order by file_id desc limit 1",
                                   file.relativePath, sha).string
        if let latest, !forceReprocess || latest == "loaded" {
            logger.debug("unchanged, already recorded", metadata: ["file": "\(file.relativePath)", "status": "\(latest)"])
            return nil
        }
        if outcome == nil, let sha, !forceReprocess,
           let earlier = try db.rows("""
               select file_id, file_name from etl_files
               where sha256 = ? and status <> 'ignored' order by file_id limit 1
               """, sha).first {
            outcome = FileOutcome(status: .skippedDuplicate, reason: "duplicate_content",
                                  message: "same content as \(earlier[1].string ?? "?") (file_id \(earlier[0].int ?? 0)); loads nothing")
        }

        let result: FileOutcome = try db.inTransaction {
            try db.run("""
                insert into etl_files (run_id, feed, file_name, sha256, bytes, status, first_seen_file_id, recorded_at)
                values (?, ?, ?, ?, ?, 'quarantined', 0, ?)
                """, runID, file.feed, file.relativePath, sha, fingerprint?.bytes, Clock.timestamp())
            let fileID = Int(db.lastInsertRowID)
            let firstSeen = try db.scalar("""
                select coalesce(min(file_id), ?) from etl_files where file_name = ? and sha256 is ? and file_id < ?
                """, fileID, file.relativePath, sha, fileID).int ?? fileID
            try db.run("update etl_files set first_seen_file_id = ? where file_id = ?", firstSeen, fileID)
            try recordStage("extract", fileID: fileID, file: file, started: extractStarted,
                            seconds: extractSeconds, rowsIn: fingerprint?.bytes, rowsOut: fingerprint?.bytes,
                            error: outcome?.status == .quarantined ? outcome?.message : nil)

            var final = outcome
            let loadStarted = Clock.timestamp()
            let t1 = Clock.monotonicSeconds()
            if final == nil, let fingerprint {
                final = try load(file, fingerprint: fingerprint, fileID: fileID, acceptRejects: acceptRejects)
                try recordStage("load", fileID: fileID, file: file, started: loadStarted,
                                seconds: Clock.monotonicSeconds() - t1, rowsIn: final!.rowsRead,
                                rowsOut: final!.rowsLoaded,
                                error: final!.status == .quarantined ? final!.message : nil)
            }
            let done = final!
            try db.run("""
                update etl_files set status = ?, reason_code = ?, message = ?, rows_read = ?, rows_loaded = ?,
                  rows_rejected = ?, encoding = ?, delimiter = ?, extra_columns = ?
                where file_id = ?
                """, done.status.rawValue, done.reason, done.message.map(IdentifierMask.mask), done.rowsRead,
                       done.rowsLoaded, done.rowsRejected, done.encoding?.rawValue, done.delimiter,
                       done.extraColumns.isEmpty ? nil : done.extraColumns.joined(separator: ","), fileID)
            if done.status == .loaded {
                try context.flagRefresh("refresh_pending")
            }
            CrashPoint.reach("file-before-commit")
            return done
        }
        CrashPoint.reach("file-committed")
        log(file, result)
        return result
    }

    private func load(_ file: InboxFile, fingerprint: FileFingerprint, fileID: Int, acceptRejects: Bool) throws -> FileOutcome {
        guard let feed = Feed(rawValue: file.feed) else { return FileOutcome(status: .ignored, message: "no such feed") }
        switch file.kind {
        case .surveyDefinition:
            return try loadDefinition(file, fileID: fileID)
        case .export(let gzip):
            let rows: FeedRows
            switch feed {
            case .skolenheter: rows = SchoolRegister(context: context)
            case .nyanlanda: rows = NewcomerRegistrations(context: context)
            case .betyg: rows = GradeExport(context: context)
            case .enkater: rows = SurveyExport(context: context)
            }
            let started = Clock.monotonicSeconds()
            var load = ExportLoad(file: file, gzip: gzip, fingerprint: fingerprint, fileID: fileID, rows: rows,
                                  context: context, rejects: rejects, threshold: config.threshold(for: feed),
                                  acceptRejects: acceptRejects)
            let progress = onProgress
            load.progress = { rowsSoFar in
                progress?(file.feed, file.relativePath, rowsSoFar, Double(rowsSoFar) / max(Clock.monotonicSeconds() - started, 1e-6))
            }
            return try load.run()
        case .ignored(let why, _):
            return FileOutcome(status: .ignored, reason: "ignored", message: why)
        case .unreadable(let why):
            return .quarantined(FileQuarantine(.unreadableFile, why))
        }
    }

    /// Survey definitions are small JSON documents, read whole (capped at 4 MiB).
    private func loadDefinition(_ file: InboxFile, fileID: Int) throws -> FileOutcome {
        let size = (try? FileManager.default.attributesOfItem(atPath: file.absolutePath)[.size] as? Int) ?? 0
        guard size <= 4 << 20 else {
            return .quarantined(FileQuarantine(.invalidDefinition, "a survey definition larger than 4 MiB is not plausible"))
        }
        guard let data = FileManager.default.contents(atPath: file.absolutePath) else {
            return .quarantined(FileQuarantine(.unreadableFile, "cannot read \(file.relativePath)"))
        }
        do {
            let definition = try SurveyDefinition.parse(data)
            try definition.store(in: db, fileID: fileID)
            // A new definition rescores every answer of its survey at the next refresh.
            try context.recordSurveyFile(fileID)
            var outcome = FileOutcome(status: .loaded, message: "survey '\(definition.survey)', \(definition.questions.count) questions")
            outcome.rowsRead = definition.questions.count
            outcome.rowsLoaded = definition.questions.count
            return outcome
        } catch let q as FileQuarantine {
            return .quarantined(q)
        }
    }

    private func recordStage(_ stage: String, fileID: Int, file: InboxFile, started: String, seconds: Double,
                             rowsIn: Int?, rowsOut: Int?, error: String?) throws {
        try db.run("""
            insert into etl_stages (run_id, stage, file_id, file_name, status, rows_in, rows_out, started_at, finished_at, seconds, error)
            values (?, ?, ?, ?, 'succeeded', ?, ?, ?, ?, ?, ?)
            """, runID, stage, fileID, file.relativePath, rowsIn, rowsOut, started, Clock.timestamp(), seconds,
                   error.map(IdentifierMask.mask))
    }

    private func log(_ file: InboxFile, _ outcome: FileOutcome) {
        var metadata: Logger.Metadata = [
            "feed": "\(file.feed)", "file": "\(file.relativePath)", "status": "\(outcome.status.rawValue)",
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
