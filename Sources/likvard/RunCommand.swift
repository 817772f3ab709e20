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

    @OptionGroup var writer: WriterOptions

    /// "Nothing to load" is checked in `run()`, not here: ArgumentParser reports an unknown
    /// option (with its "did you mean") only after `validate()` passes, and `run --pipline x`
    /// should hear about its typo rather than that nothing was named.
    func validate() throws {
        if demo && (pipeline != nil || inbox != nil || warehouse != nil || writer.keyFile != nil) {
            throw ValidationError("--demo runs the embedded demo with its own inbox, warehouse and key; it takes none of --pipeline, --inbox, --warehouse, --key-file")
        }
    }

    func run() throws {
        if !demo && pipeline == nil && inbox == nil {
            throw ConfigurationError("say what to load: --pipeline FILE, or --inbox DIR --warehouse FILE; or try the embedded demo with --demo")
        }
        var config: PipelineConfig
        var key: String
        if demo {
            let setup = try Demo.prepare(in: FileManager.default.currentDirectoryPath + "/likvard-demo")
            config = setup.config
            key = setup.keyFile
            print("Demo: the embedded demo inbox was written to \(config.inbox!)")
            print("      warehouse \(config.warehouse!) (made anew on every --demo run), fixture key — never use it for real data.")
        } else {
            config = try pipeline.map(PipelineConfig.load(path:)) ?? PipelineConfig()
            if let inbox { config.inbox = Paths.absolute(inbox) }
            if let warehouse { config.warehouse = Paths.absolute(warehouse) }
            key = try writer.key(config)
        }
        var request = RunRequest(config: config, keyFile: key)
        request.isDemo = demo
        request.runbook = demo ? .demo : .naming(pipeline: pipeline.map(Paths.absolute), warehouse: warehouse.map(Paths.absolute),
                                                 inbox: inbox.map(Paths.absolute), keyFile: writer.keyFile.map(Paths.absolute))
        guard let report = try writer.execute(request) else { return }
        if demo {
            if !writer.logging.quiet { print(try DemoPreview.text(warehouse: config.warehouse!)) }
            let folder = (config.warehouse! as NSString).deletingLastPathComponent + "/report"
            let path = try BoardReport(warehouse: config.warehouse!).write(to: folder)
            print("\nThe board report of the demo: \(path)")
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
