import Foundation
import LikvardIO
import LikvardSQL
import Logging

/// What a `likvard run` is asked to do.
public struct RunRequest: Sendable {
    public var config: PipelineConfig
    public var keyFile: String
    public var waitSeconds: Double = 0
    public var command = "run"
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
        let inbox = Inbox(root: inboxPath, minFileAgeSeconds: config.minFileAgeSeconds)
        let files = try inbox.scan()

        let lock = try RunLock(warehouse: warehousePath, waitSeconds: request.waitSeconds)
        defer { withExtendedLifetime(lock) {} }
        let warehouse = try Warehouse(path: warehousePath, forWriting: true)
        try warehouse.prepare(key: key)
        let db = warehouse.db

        var report = RunReport()
        let runDate = CivilDate.today()
        try db.inTransaction {
            try db.run("""
                update etl_runs set status = 'failed', finished_at = ?,
                  error = coalesce(error, 'the process ended before the run finished (killed or crashed)')
                where status = 'running'
                """, Clock.timestamp())
            try db.run("insert into etl_runs (started_at, status, command, pid, inbox) values (?, 'running', ?, ?, ?)",
                       Clock.timestamp(), request.command, Int(getpid()), inbox.root)
            report.runID = Int(db.lastInsertRowID)
        }
        logger.info("run \(report.runID) started", metadata: ["inbox": "\(inbox.root)", "warehouse": "\(warehousePath)"])

        do {
            let context = try LoadContext(db: db, pseudonymizer: Pseudonymizer(key: key), runDate: runDate)
            let processor = FileProcessor(db: db, runID: report.runID, context: context, config: config,
                                          logger: logger, onProgress: onProgress)
            for file in files {
                if let outcome = try processor.process(file) {
                    report.files.append(FileReport(feed: file.feed, fileName: file.relativePath, outcome: outcome))
                } else {
                    report.unchangedFiles += 1
                }
            }
            let refresh = Refresh(warehouse: warehouse, config: config)
            if try refresh.isDue() {
                let t0 = Clock.monotonicSeconds()
                let stageStart = Clock.timestamp()
                try refresh.run()
                let seconds = Clock.monotonicSeconds() - t0
                try db.run("""
                    insert into etl_stages (run_id, stage, status, started_at, finished_at, seconds)
                    values (?, 'refresh', 'succeeded', ?, ?, ?)
                    """, report.runID, stageStart, Clock.timestamp(), seconds)
                report.refreshed = true
                logger.info("stage refresh: derived tables and views rebuilt", metadata: ["seconds": "\(String(format: "%.2f", seconds))"])
            }
        } catch {
            let message = IdentifierMask.mask("\(error)")
            try? db.run("update etl_runs set status = 'failed', finished_at = ?, error = ? where run_id = ?",
                        Clock.timestamp(), message, report.runID)
            throw error
        }

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
}
