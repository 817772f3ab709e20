import ArgumentParser
import Foundation
import Likvard

struct RerunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerun",
        abstract: "Complete a failed run, or re-process one file of the inbox.",
        discussion: """
            Without --file: re-runs the latest failed run (or --run ID) from the stage where it \
            failed (or --from STAGE), without redoing what already committed; recorded as a new \
            run that names the one it resumes. With --file: re-processes that file (path relative \
            to the inbox) — a quarantined file the steward fixed, or with --accept-rejects one \
            quarantined for too many rejects, to load its good rows anyway.

            Examples:
              likvard rerun --pipeline pipelines/nightly.json
              likvard rerun --warehouse warehouse.sqlite --run 12 --from refresh
              likvard rerun --pipeline pipelines/nightly.json --file betyg/vt2025.csv --accept-rejects
              likvard rerun --demo --file skolenheter/2024-10-01-felaktig.csv --accept-rejects
            """
    )

    @OptionGroup var options: WarehouseOptions

    @Option(name: .customLong("run"), help: "The run to complete (default: the latest failed one).")
    var runID: Int?

    @Option(name: .long, help: ArgumentHelp("The stage to start from: extract, validate, transform, load or refresh.",
                                            discussion: "A file's first four stages commit together, so those four names are one resume point: each re-processes the files the failed run did not commit, then refreshes. refresh only refreshes, in full."))
    var from: String?

    @Option(name: .long, help: "Re-process this file (path relative to the inbox).")
    var file: String?

    @Flag(name: .long, help: "With --file: load the good rows of a file quarantined for too many rejects.")
    var acceptRejects = false

    @Option(name: .long, help: "The inbox (default: the pipeline's, else that of the run being completed).")
    var inbox: String?

    @OptionGroup var writer: WriterOptions

    func validate() throws {
        if let from, Stage(rawValue: from) == nil {
            throw ValidationError("--from takes one of \(Stage.allCases.map(\.rawValue).joined(separator: ", ")), not '\(from)'")
        }
        if acceptRejects && file == nil { throw ValidationError("--accept-rejects goes with --file NAME") }
        if file != nil && (runID != nil || from != nil) { throw ValidationError("--file re-processes one file; it takes neither --run nor --from") }
        if options.demo && (inbox != nil || writer.keyFile != nil) {
            throw ValidationError("--demo re-runs the demo with its own inbox and key; it takes neither --inbox nor --key-file")
        }
    }

    func run() throws {
        var request = try options.demo ? demoRequest() : request()
        request.runbook = options.runbook(inbox: inbox, keyFile: writer.keyFile)
        if let file {
            request.mode = .file(name: file, acceptRejects: acceptRejects)
        } else {
            request.mode = .resume(runID: runID, from: from.flatMap(Stage.init(rawValue:)))
        }
        let report = try writer.execute(request) { run, report in
            if let resumed = run.resumed { print("Run \(report.runID) completes run \(resumed.runID) from stage \(resumed.from.rawValue).") }
        }
        if let report, report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    private func request() throws -> RunRequest {
        var config = try options.pipeline.map(PipelineConfig.load(path:)) ?? PipelineConfig()
        config.warehouse = try options.resolve(demoByDefault: false)
        if let inbox { config.inbox = Paths.absolute(inbox) }
        if config.inbox == nil {
            // the inbox the completed (or latest) run read
            let warehouse = try Warehouse(path: config.warehouse!, forWriting: false)
            config.inbox = try warehouse.inbox(ofRun: runID)
            guard config.inbox != nil else { throw ConfigurationError("no inbox: pass --inbox DIR or --pipeline FILE") }
        }
        return RunRequest(config: config, keyFile: try writer.key(config))
    }

    /// The demo as `run --demo` left it: its settings, inbox, warehouse and (public) key.
    private func demoRequest() throws -> RunRequest {
        _ = try options.resolve()
        let setup = try Demo.pipeline(in: WarehouseOptions.demoFolder)
        var request = RunRequest(config: setup.config, keyFile: setup.keyFile)
        request.isDemo = true
        return request
    }
}
