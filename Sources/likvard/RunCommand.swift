import ArgumentParser
import Foundation
import Likvard

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The nightly batch: load every new file of the inbox and refresh the views.",
        discussion: """
            Exit codes: 0 all loaded (rows may be rejected within thresholds), 3 a file was
            quarantined, 4 another run holds the warehouse, 1 a stage failed, 2 bad usage,
            configuration or key.

            Examples:
              likvard run --demo
              likvard run --pipeline pipelines/nightly.json
              likvard run --inbox /srv/inbox --warehouse /srv/warehouse.sqlite --key-file /etc/likvard/key
            """
    )

    @Flag(name: .long, help: "Run the embedded demo (fixture inbox and fixture key) into ./likvard-demo/.")
    var demo = false

    @Option(name: .long, help: "The pipeline file (JSON, see docs/pipelines.md).")
    var pipeline: String?

    @Option(name: .long, help: "The inbox folder (overrides the pipeline file).")
    var inbox: String?

    @Option(name: .long, help: "The warehouse file (overrides the pipeline file).")
    var warehouse: String?

    @Option(name: .long, help: "The pupil key file (else the pipeline's key_file, else $LIKVARD_KEY_FILE).")
    var keyFile: String?

    @Option(name: .long, help: "Wait up to this many seconds for another run to finish instead of exiting 4.")
    var wait: Double = 0

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if !demo && pipeline == nil && inbox == nil {
            throw ValidationError("say what to load: --pipeline FILE, or --inbox DIR --warehouse FILE; or try the embedded demo with --demo")
        }
        if demo && (pipeline != nil || inbox != nil || warehouse != nil || keyFile != nil) {
            throw ValidationError("--demo runs the embedded demo with its own inbox, warehouse and key; it takes none of --pipeline, --inbox, --warehouse, --key-file")
        }
        if wait < 0 { throw ValidationError("--wait takes a number of seconds ≥ 0") }
    }

    func run() throws {
        let logger = StderrLogHandler.logger(quiet: logging.quiet, verbose: logging.verbose)
        var config: PipelineConfig
        var key: String
        if demo {
            let setup = try Demo.prepare(in: FileManager.default.currentDirectoryPath + "/likvard-demo")
            config = setup.config
            key = setup.keyFile
            print("Demo: the embedded demo inbox was written to \(config.inbox!)")
            print("      warehouse \(config.warehouse!) (made anew on every --demo run), fixture key — never use it for real data.")
        } else {
            config = try pipeline.map(PipelineLoader.load) ?? PipelineConfig()
            if let inbox { config.inbox = absolute(inbox) }
            if let warehouse { config.warehouse = absolute(warehouse) }
            guard let found = keyFile.map(absolute) ?? config.keyFile ?? ProcessInfo.processInfo.environment["LIKVARD_KEY_FILE"] else {
                throw ConfigurationError("no key: pass --key-file FILE, set key_file in the pipeline file, or set LIKVARD_KEY_FILE")
            }
            key = found
        }
        var request = RunRequest(config: config, keyFile: key)
        request.waitSeconds = wait
        request.command = CommandLine.arguments.dropFirst().joined(separator: " ")
        let run = PipelineRun(request: request, logger: logger)
        run.onProgress = { feed, file, rows, rate in Progress.show(feed: feed, file: file, rows: rows, rate: rate) }
        let report = try run.execute()
        Progress.clearLine()
        if !logging.quiet { print(RunSummary.text(report)) }
        if demo {
            if !logging.quiet { print(try DemoPreview.text(warehouse: config.warehouse!)) }
            let folder = (config.warehouse! as NSString).deletingLastPathComponent + "/report"
            let report = try BoardReport(warehouse: config.warehouse!).write(to: folder)
            print("\nThe board report of the demo: \(report)")
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
