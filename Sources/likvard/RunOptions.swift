import ArgumentParser
import Foundation
import Likvard

/// Options shared by the commands that write the warehouse (`run`, `rerun`).
struct WriterOptions: ParsableArguments {
    @Option(name: .long, help: "The pupil key file (else the pipeline's key_file, else $LIKVARD_KEY_FILE).")
    var keyFile: String?

    @Option(name: .long, help: "Wait up to this many seconds for another run to finish instead of exiting 4.")
    var wait: Double = 0

    @Option(name: .long, help: "Write the run's metrics here at the end (Prometheus text format, for node_exporter's textfile collector), also after a failure.")
    var metricsFile: String?

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if wait < 0 { throw ValidationError("--wait takes a number of seconds ≥ 0") }
    }

    /// `--key-file`, else the pipeline's `key_file`, else `$LIKVARD_KEY_FILE` (docs/operations.md).
    func key(_ config: PipelineConfig) throws -> String {
        guard let found = keyFile.map(Paths.absolute) ?? config.keyFile ?? ProcessInfo.processInfo.environment["LIKVARD_KEY_FILE"] else {
            throw ConfigurationError("no key: pass --key-file FILE, set key_file in the pipeline file, or set LIKVARD_KEY_FILE")
        }
        return found
    }

    /// Runs the request with progress on a terminal, prints the summary, and returns the
    /// report (nil when `rerun` found nothing to do).
    func execute(_ request: RunRequest, before summary: (PipelineRun, RunReport) -> Void = { _, _ in }) throws -> RunReport? {
        var request = request
        request.waitSeconds = wait
        request.command = CommandLine.arguments.dropFirst().joined(separator: " ")
        let run = PipelineRun(request: request, logger: StderrLogHandler.logger(quiet: logging.quiet, verbose: logging.verbose))
        run.onProgress = { feed, file, rows, rate in Progress.show(feed: feed, file: file, rows: rows, rate: rate) }
        run.onRefreshStep = { Progress.refresh(step: $0) }
        let started = Clock.monotonicSeconds()
        let report: RunReport
        do {
            report = try run.execute()
        } catch let nothing as NothingToRerun {
            writeMetrics(request, run: run, exitCode: 0, started: started)
            print(nothing.description)
            return nil
        } catch {
            writeMetrics(request, run: run, exitCode: Self.exitCode(for: error), started: started)
            if let failed = error as? StageError { throw FailedStage(error: failed, rerun: request.runbook.rerun()) }
            throw error
        }
        writeMetrics(request, run: run, exitCode: report.exitCode, started: started)
        Progress.clearLine()
        if !logging.quiet {
            summary(run, report)
            print(RunSummary.text(report))
        }
        return report
    }
}

extension WriterOptions {
    /// The exit code `Main` gives `error` (docs/operations.md): for the metrics, which are
    /// written before the error reaches it.
    static func exitCode(for error: Error) -> Int32 {
        switch error {
        case is ConfigurationError: 2
        case is WarehouseBusyError: 4
        default: 1
        }
    }

    /// `--metrics-file`: the run's metrics, whatever its outcome. A metrics file that cannot
    /// be written is a warning on stderr, never the run's exit code.
    func writeMetrics(_ request: RunRequest, run: PipelineRun, exitCode: Int32, started: Double) {
        guard let metricsFile else { return }
        var metrics = RunMetrics(exitCode: exitCode, runSeconds: Clock.monotonicSeconds() - started)
        if let path = request.config.warehouse, FileManager.default.fileExists(atPath: path),
           let warehouse = try? Warehouse(path: path, forWriting: false) {
            let rules = request.config.freshness.isEmpty ? nil : request.config.freshness
            metrics.warehouse = try? warehouse.metricsFigures(calendar: SchoolCalendar(config: request.config), rules: rules)
            if let id = run.runID { metrics.stageSeconds = (try? warehouse.stageSeconds(runID: id)) ?? [:] }
        }
        do {
            try metrics.write(to: Paths.absolute(metricsFile))
        } catch {
            FileHandle.standardError.write(Data("likvard: warning: \(Failure.sentence(error))\n".utf8))
        }
    }
}

/// A failed stage, with the command line that completes the run once the cause is fixed.
struct FailedStage: Error {
    let error: StageError
    let rerun: String
}

enum Paths {
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
