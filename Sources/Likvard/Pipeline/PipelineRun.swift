import Foundation
import LikvardIO
import Logging

/// The stages of a run, in order, as `etl_stages` records them. A file's extract,
/// validate, transform and load commit together (the rows are streamed through them in one
/// transaction), so resuming from any of those four re-processes the files a failed run
/// did not commit; resuming from refresh only refreshes.
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
    /// `likvard run --demo` (or `rerun --demo`): the only runs that may use the (public) demo key.
    public var isDemo = false
    /// How the command lines this run suggests name the warehouse.
    public var runbook: RunbookFlags
    public init(config: PipelineConfig, keyFile: String) {
        self.config = config
        self.keyFile = keyFile
        runbook = .naming(pipeline: nil, warehouse: config.warehouse, inbox: nil, keyFile: nil)
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
    /// The process's peak resident memory when the run finished.
    public var peakMemoryKilobytes = 0

    /// 3 when a file of this run was quarantined, else 0 (docs/operations.md).
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
    /// Called as the refresh starts each model (`schemas/derived/040_grades.sql`), and with
    /// nil when it is done: the live line of a refresh that may take a while.
    public var onRefreshStep: ((String?) -> Void)?
    /// Called after a file's extract stage, before its load: a seam for tests that change
    /// a file while it is being read.
    public var onFileExtracted: ((String) -> Void)?
    /// The run's id once it is recorded (also when it then fails: its metrics name it).
    public private(set) var runID: Int?

    public init(request: RunRequest, logger: Logger) {
        self.request = request
        self.logger = logger
    }

    public func execute() throws -> RunReport {
        let started = Clock.monotonicSeconds()
        let config = request.config
        guard let inboxPath = config.inbox else { throw ConfigurationError("no inbox: pass --inbox DIR or set 'inbox' in the pipeline file") }
        guard let warehousePath = config.warehouse else { throw ConfigurationError("no warehouse: pass --warehouse FILE or set 'warehouse' in the pipeline file") }
        let key = try loadKey()
        let inbox = Inbox(root: inboxPath, minFileAgeSeconds: config.minFileAgeSeconds)

        let lock = try RunLock(warehouse: warehousePath, waitSeconds: request.waitSeconds)
        defer { withExtendedLifetime(lock) {} }
        // Scanned under the lock: what is scanned is what this run, and no other, reads.
        let files = try filesToProcess(inbox)
        let warehouse = try Warehouse(path: warehousePath, forWriting: true)
        try warehouse.prepare(key: key)
        if case .file(_, let accept) = request.mode, let file = files.first {
            try checkReprocessing(file.relativePath, acceptRejects: accept, in: warehouse)
        }

        var report = RunReport()
        report.runID = try begin(in: warehouse, inbox: inbox)
        runID = report.runID
        // the nightly job's freshness rules, for `likvard freshness` and `status` to judge by
        if request.mode == .run { try warehouse.recordFreshness(config.freshness) }
        CrashPoint.reach("run-started")
        logger.info("run \(report.runID) started", metadata: ["inbox": "\(inbox.root)", "warehouse": "\(warehousePath)"])

        var stage = Stage.load
        var currentFile: String?
        do {
            if resumed?.from != .refresh {
                let processor = FileProcessor(warehouse: warehouse, runID: report.runID, runDate: CivilDate.today(),
                                              config: config, runbook: request.runbook, logger: logger, onProgress: onProgress)
                processor.onExtracted = onFileExtracted
                for file in files {
                    currentFile = file.displayName
                    if let outcome = try processor.process(file, acceptRejects: acceptRejects, forceReprocess: reprocessing) {
                        report.files.append(FileReport(feed: file.feed, fileName: file.displayName, outcome: outcome))
                    } else {
                        report.unchangedFiles += 1
                    }
                }
                currentFile = nil
            }
            warehouse.releaseCaches()
            stage = .refresh
            report.refreshed = try refreshIfDue(warehouse, runID: report.runID)
        } catch {
            // Everything of the failed stage rolled back; record where it failed, so
            // `likvard rerun` (or the next run) knows what is left.
            let message = IdentifierMask.mask(Failure.sentence(error))
            try? warehouse.recordFailure(runID: report.runID, stage: stage, fileName: currentFile, message: message)
            if error is StageError { throw error }
            if Failure.isStageFailure(error) {
                throw StageError(stage: stage.rawValue + (currentFile.map { " (\($0))" } ?? ""), message)
            }
            throw error
        }

        CrashPoint.reach("run-finishing")
        report.status = report.exitCode == 3 ? "partial" : "succeeded"
        report.seconds = Clock.monotonicSeconds() - started
        report.peakMemoryKilobytes = PeakMemory.kilobytes
        try warehouse.finishRun(report)
        logger.info("run \(report.runID) \(report.status)")
        try publish(warehouse, refreshed: report.refreshed)
        return report
    }

    /// The pipeline's publications, after a refresh (or when one is missing): the run's
    /// rows are committed by then, so a failure here is reported but undoes nothing.
    private func publish(_ warehouse: Warehouse, refreshed: Bool) throws {
        for tier in PublicationTier.allCases {
            guard let path = request.config.publications[tier],
                  refreshed || !FileManager.default.fileExists(atPath: path) else { continue }
            do {
                _ = try warehouse.publish(tier, to: path)
                logger.info("published tier \(tier.rawValue)", metadata: ["file": "\(path)"])
            } catch {
                throw StageError(stage: "publish", "the run's data is loaded, but the \(tier.rawValue) publication \(path) was not written: \(Failure.sentence(error))")
            }
        }
        guard let (url, tiers) = request.config.postgresPublication else { return }
        for tier in tiers {
            do {
                guard try refreshed || !Warehouse.postgresPublicationExists(tier, at: url) else { continue }
                _ = try warehouse.publish(tier, toPostgres: url)
                logger.info("published tier \(tier.rawValue)", metadata: ["postgres_schema": "\(tier.postgresSchema)"])
            } catch {
                throw StageError(stage: "publish", "the run's data is loaded, but the \(tier.rawValue) publication to PostgreSQL was not written: \(Failure.sentence(error))")
            }
        }
    }

    /// Whether this run completed a failed one, and from which stage.
    public private(set) var resumed: (runID: Int, from: Stage)?

    private var reprocessing: Bool { if case .file = request.mode { return true }; return false }
    private var acceptRejects: Bool { if case .file(_, let accept) = request.mode { return accept }; return false }

    /// The key, refused (exit 2) as `ssh` refuses an unprotected private key (docs/operations.md, "Key
    /// file"): a file that is not a regular file, or that group or others may read or
    /// write; and the public demo key outside `--demo`.
    private func loadKey() throws -> PupilKey {
        var info = stat()
        guard stat(request.keyFile, &info) == 0 else {
            throw ConfigurationError("cannot read key file \(request.keyFile): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw ConfigurationError("key file \(request.keyFile) is not a regular file")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw ConfigurationError("key file \(request.keyFile) is readable or writable by others than its owner (mode \(String(info.st_mode & 0o777, radix: 8))): chmod 600 it, and keep it out of the warehouse's backups")
        }
        let key = try PupilKey.load(path: request.keyFile)
        if !request.isDemo && key.fingerprint == Demo.keyFingerprint {
            throw ConfigurationError("key file \(request.keyFile) is the public demo key, for --demo only: create a key of your own (head -c 48 /dev/urandom | base64 > FILE; chmod 600 FILE)")
        }
        return key
    }

    /// Every file of the inbox; for `rerun --file`, that one file.
    private func filesToProcess(_ inbox: Inbox) throws -> [InboxFile] {
        let files = try inbox.scan()
        guard case .file(let name, _) = request.mode else { return files }
        if let exact = files.first(where: { $0.relativePath == name }) { return [exact] }
        // The name as Likvärd prints it, identifiers masked (a quarantine message's line
        // pasted): the one file of the inbox that masks to it.
        let masked = files.filter { $0.displayName == name }
        if masked.count == 1 { return masked }
        if masked.count > 1 {
            throw ConfigurationError("\(masked.count) files of the inbox are shown as \(IdentifierMask.mask(name)): give the name as it stands in the inbox")
        }
        throw ConfigurationError("no file \(IdentifierMask.mask(name)) in the inbox \(inbox.root) (give the path relative to the inbox, e.g. betyg/vt2025.csv)")
    }

    /// Fails the runs a killed process left running, decides what a resume completes, and
    /// records this run: one transaction.
    private func begin(in warehouse: Warehouse, inbox: Inbox) throws -> Int {
        try warehouse.inTransaction {
            try warehouse.failAbandonedRuns()
            var resumes: Int?
            if case .resume(let runID, let from) = request.mode {
                let failed = try warehouse.failedRun(runID)
                resumes = failed.runID
                resumed = (failed.runID, from ?? failed.failedStage ?? .extract)
                logger.info("resuming run \(failed.runID) from stage \(resumed!.from.rawValue)")
            }
            return try warehouse.startRun(command: request.command, inbox: inbox.root, resumes: resumes)
        }
    }

    /// The refresh stage, when a load flagged it (or a resume asks for it); a steward's
    /// `rerun --from refresh` rebuilds everything.
    private func refreshIfDue(_ warehouse: Warehouse, runID: Int) throws -> Bool {
        var refresh = Refresh(warehouse: warehouse, config: request.config, logger: logger)
        refresh.onStep = onRefreshStep
        guard try resumed != nil || refresh.isDue() else { return false }
        defer { onRefreshStep?(nil) }
        CrashPoint.reach("refresh-started")
        let t0 = Clock.monotonicSeconds()
        let stageStart = Clock.timestamp()
        let full = try refresh.run(forceFull: resumed?.from == .refresh)
        let seconds = Clock.monotonicSeconds() - t0
        try warehouse.recordStage(runID: runID, .refresh, started: stageStart, seconds: seconds)
        logger.info("stage refresh: derived tables and views \(full ? "rebuilt" : "updated for the touched partitions")",
                    metadata: ["seconds": "\(String(format: "%.2f", seconds))"])
        return true
    }

    /// `rerun --file`: refuses `--accept-rejects` on a structurally broken file.
    private func checkReprocessing(_ name: String, acceptRejects: Bool, in warehouse: Warehouse) throws {
        guard let last = try warehouse.latestOutcome(of: name) else { return }
        if acceptRejects, let reason = last.reason.flatMap(QuarantineReason.init(rawValue:)), reason.isStructural {
            throw ConfigurationError("\(IdentifierMask.mask(name)) was quarantined for \(reason.rawValue): no row of it can be trusted, so --accept-rejects cannot load it; fix the file and drop it again")
        }
        // Accepting the good rows of a file that has none would load nothing and take the
        // file off the quarantine list, as if it had been dealt with.
        if acceptRejects, last.status == "quarantined", last.rowsRead > 0, last.rowRejects >= last.rowsRead {
            throw ConfigurationError("every row of \(IdentifierMask.mask(name)) was rejected (\(last.rowRejects) of \(last.rowsRead)): --accept-rejects would load nothing and leave the file looking dealt with; see `\(request.runbook.rejects("--file", IdentifierMask.mask(name)))`, fix the file and drop it again")
        }
    }
}
