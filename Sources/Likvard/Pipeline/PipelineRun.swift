import Foundation
import LikvardIO
import LikvardSQL
import Logging

/// The stages of a run, in order. Validate and transform run row by row inside each
/// file's load transaction (streaming), so they commit together with it.
public enum Stage: String, CaseIterable, Sendable {
    case extract, validate, transform, load, refresh
}

/// What a `likvard run` or `likvard rerun` is asked to do.
public struct RunRequest: Sendable {
    public enum Mode: Sendable, Equatable {
        /// The nightly batch: every new file, then refresh.
        case run
        /// Complete a failed run (nil: the latest failed one) from `stage` (nil: where it
        /// failed); nothing that already committed is redone.
        case resume(runID: Int?, from: Stage?)
        /// Re-process one file (relative to the inbox), e.g. a fixed or accepted quarantined one.
        case file(name: String, acceptRejects: Bool)
    }

    public var config: PipelineConfig
    public var keyFile: String
    public var waitSeconds: Double = 0
    public var command = "run"
    public var mode: Mode = .run
    public init(config: PipelineConfig, keyFile: String) {
        self.config = config
        self.keyFile = keyFile
    }
}

/// The outcome of one file in this run, for the summary.
public struct FileReport: Sendable {
    public let feed: String
    public let fileName: String
    public let outcome: FileOutcome
}

/// The summary a run prints and the exit code it ends with.
public struct RunReport: Sendable {
    public var runID = 0
    public var status = "running"
    public var files: [FileReport] = []
    public var unchangedFiles = 0
    public var refreshed = false
    public var seconds = 0.0

    /// 3 when a file of this run was quarantined, else 0 (cli.md).
    public var exitCode: Int32 { files.contains { $0.outcome.status == .quarantined } ? 3 : 0 }
}

/// The nightly batch: every new file in the inbox through extract → validate → transform
/// → load, then refresh. Each file is one transaction (with its audit rows), the refresh
/// another: a run killed at any point leaves the warehouse as before the interrupted
/// stage, and the next run completes it.
public final class PipelineRun {
    private let request: RunRequest
    private let logger: Logger
    public var onProgress: ((String, String, Int, Double) -> Void)?
    /// Called after a file's extract stage, before its load: a seam for tests that change
    /// a file while it is being read.
    public var onFileExtracted: ((String) -> Void)?

    public init(request: RunRequest, logger: Logger) {
        self.request = request
        self.logger = logger
    }

    public func execute() throws -> RunReport {
        let started = Clock.monotonicSeconds()
        let config = request.config
        guard let inboxPath = config.inbox else { throw ConfigurationError("no inbox: pass --inbox DIR or set 'inbox' in the pipeline file") }
        guard let warehousePath = config.warehouse else { throw ConfigurationError("no warehouse: pass --warehouse FILE or set 'warehouse' in the pipeline file") }
        let key = try PupilKey.load(path: request.keyFile)
        if let mode = try? FileManager.default.attributesOfItem(atPath: request.keyFile)[.posixPermissions] as? Int, mode & 0o077 != 0 {
            logger.warning("the key file \(request.keyFile) is readable by others than its owner (mode \(String(mode, radix: 8))): chmod 600 it, and keep it out of the warehouse's backups")
        }
        let inbox = Inbox(root: inboxPath, minFileAgeSeconds: config.minFileAgeSeconds)
        var files = try inbox.scan()
        if case .file(let name, _) = request.mode {
            files = files.filter { $0.relativePath == name }
            guard !files.isEmpty else {
                throw ConfigurationError("no file \(name) in the inbox \(inbox.root) (give the path relative to the inbox, e.g. betyg/vt2025.csv)")
            }
        }

        let lock = try RunLock(warehouse: warehousePath, waitSeconds: request.waitSeconds)
        defer { withExtendedLifetime(lock) {} }
        let warehouse = try Warehouse(path: warehousePath, forWriting: true)
        try warehouse.prepare(key: key)
        let db = warehouse.db
        if case .file(let name, let accept) = request.mode { try checkReprocessing(name, acceptRejects: accept, db: db) }
        var resumes: Int?
        var resumeFrom: Stage?

        var report = RunReport()
        let runDate = CivilDate.today()
        try db.inTransaction {
            try db.run("""
                update etl_runs set status = 'failed', finished_at = ?,
                  error = coalesce(error, 'the process ended before the run finished (killed or crashed)')
                where status = 'running'
                """, Clock.timestamp())
            if case .resume(let runID, let from) = request.mode {
                guard let target = try runID ?? db.scalar("select max(run_id) from etl_runs where status = 'failed'").int else {
                    throw NothingToRerun(reason: "no failed run to re-run: every run finished")
                }
                guard try db.scalar("select count(*) from etl_runs where run_id = ?", target).int == 1 else {
                    throw ConfigurationError("run \(target) does not exist in this warehouse")
                }
                resumes = target
                let failedAt = try db.scalar("select stage from etl_stages where run_id = ? and status = 'failed' order by stage_id desc limit 1", target).string
                resumeFrom = from ?? failedAt.flatMap(Stage.init(rawValue:)) ?? .extract
            }
            try db.run("insert into etl_runs (started_at, status, command, pid, inbox, resumes_run_id) values (?, 'running', ?, ?, ?, ?)",
                       Clock.timestamp(), request.command, Int(getpid()), inbox.root, resumes)
            report.runID = Int(db.lastInsertRowID)
        }
        if let resumes, let resumeFrom { resumed = (resumes, resumeFrom) }
        CrashPoint.reach("run-started")
        logger.info("run \(report.runID) started", metadata: ["inbox": "\(inbox.root)", "warehouse": "\(warehousePath)"])

        var stage = Stage.extract
        var currentFile: String?
        do {
            let context = try LoadContext(db: db, pseudonymizer: Pseudonymizer(key: key), runDate: runDate)
            let processor = FileProcessor(db: db, runID: report.runID, context: context, config: config,
                                          logger: logger, onProgress: onProgress)
            processor.onExtracted = onFileExtracted
            var forceRefresh = false
            var processFiles = true
            if let resumeFrom {
                forceRefresh = true
                processFiles = resumeFrom != .refresh
                logger.info("resuming run \(resumes!) from stage \(resumeFrom.rawValue)")
            }
            for file in files where processFiles {
                currentFile = file.relativePath
                var accept = false, force = false
                if case .file(_, let acceptRejects) = request.mode { accept = acceptRejects; force = true }
                if let outcome = try processor.process(file, acceptRejects: accept, forceReprocess: force) {
                    report.files.append(FileReport(feed: file.feed, fileName: file.relativePath, outcome: outcome))
                } else {
                    report.unchangedFiles += 1
                }
            }
            currentFile = nil
            context.releaseCaches()
            stage = .refresh
            let refresh = Refresh(warehouse: warehouse, config: config, logger: logger)
            if try forceRefresh || refresh.isDue() {
                CrashPoint.reach("refresh-started")
                let t0 = Clock.monotonicSeconds()
                let stageStart = Clock.timestamp()
                // A steward's `rerun --from refresh` rebuilds everything.
                let full = try refresh.run(forceFull: resumeFrom == .refresh)
                let seconds = Clock.monotonicSeconds() - t0
                try db.run("""
                    insert into etl_stages (run_id, stage, status, started_at, finished_at, seconds)
                    values (?, 'refresh', 'succeeded', ?, ?, ?)
                    """, report.runID, stageStart, Clock.timestamp(), seconds)
                report.refreshed = true
                logger.info("stage refresh: derived tables and views \(full ? "rebuilt" : "updated for the touched partitions")", metadata: ["seconds": "\(String(format: "%.2f", seconds))"])
            }
        } catch {
            // Everything of the failed stage rolled back; record where it failed, so
            // `likvard rerun` (or the next run) knows what is left.
            let message = IdentifierMask.mask(Failure.sentence(error))
            let failedStage = stage == .refresh ? "refresh" : "load"
            try? db.run("""
                insert into etl_stages (run_id, stage, file_name, status, started_at, finished_at, error)
                values (?, ?, ?, 'failed', ?, ?, ?)
                """, report.runID, failedStage, currentFile, Clock.timestamp(), Clock.timestamp(), message)
            try? db.run("update etl_runs set status = 'failed', finished_at = ?, error = ? where run_id = ?",
                        Clock.timestamp(), message, report.runID)
            if error is SQLiteError || error is IOError {
                throw StageError(stage: failedStage + (currentFile.map { " (\($0))" } ?? ""), message)
            }
            throw error
        }

        CrashPoint.reach("run-finishing")
        report.status = report.exitCode == 3 ? "partial" : "succeeded"
        report.seconds = Clock.monotonicSeconds() - started
        let counts = report.files.reduce(into: (loaded: 0, quarantined: 0, other: 0, rows: 0, rejected: 0)) { acc, f in
            switch f.outcome.status {
            case .loaded: acc.loaded += 1
            case .quarantined: acc.quarantined += 1
            default: acc.other += 1
            }
            acc.rows += f.outcome.rowsLoaded
            acc.rejected += f.outcome.rowsRejected
        }
        try db.run("""
            update etl_runs set status = ?, finished_at = ?, files_loaded = ?, files_quarantined = ?,
              files_other = ?, rows_loaded = ?, rows_rejected = ?
            where run_id = ?
            """, report.status, Clock.timestamp(), counts.loaded, counts.quarantined, counts.other,
                   counts.rows, counts.rejected, report.runID)
        logger.info("run \(report.runID) \(report.status)")
        return report
    }

    /// Whether this run completed a failed one, and from which stage.
    public private(set) var resumed: (runID: Int, from: Stage)?

    /// `rerun --file`: refuses `--accept-rejects` on a structurally broken file.
    private func checkReprocessing(_ name: String, acceptRejects: Bool, db: Database) throws {
        guard let last = try db.rows("select status, reason_code from etl_files where file_name = ? order by file_id desc limit 1", name).first else { return }
        if acceptRejects, let reason = last[1].string.flatMap(QuarantineReason.init(rawValue:)), reason.isStructural {
            throw ConfigurationError("\(name) was quarantined for \(reason.rawValue): no row of it can be trusted, so --accept-rejects cannot load it; fix the file and drop it again")
        }
    }
}
