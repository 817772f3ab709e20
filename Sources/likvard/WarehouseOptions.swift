import ArgumentParser
import Foundation
import Likvard

/// `--warehouse` / `--pipeline`, shared by the commands that only read the warehouse.
struct WarehouseOptions: ParsableArguments {
    @Option(name: .long, help: "The warehouse file.")
    var warehouse: String?

    @Option(name: .long, help: "A pipeline file naming the warehouse.")
    var pipeline: String?

    /// `--warehouse`, else the pipeline's; with neither, in the folder where `run --demo`
    /// ran, the demo's warehouse (said on stderr), so the runbook can be practised on the
    /// demo. `rerun` does not take that default: it writes, and the demo is only ever
    /// written by `run --demo`.
    func resolve(demoByDefault: Bool = true) throws -> String {
        if let warehouse { return warehouse }
        if let pipeline, let path = try PipelineConfig.load(path: pipeline).warehouse { return path }
        let demo = FileManager.default.currentDirectoryPath + "/likvard-demo/warehouse.sqlite"
        if demoByDefault, FileManager.default.fileExists(atPath: demo) {
            FileHandle.standardError.write(Data("likvard: the demo's warehouse (no --warehouse given): \(demo)\n".utf8))
            return demo
        }
        throw ValidationError("name the warehouse with --warehouse FILE (or --pipeline FILE)")
    }
}

/// Output verbosity, shared by every command that logs.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .long, help: "Print only warnings and errors.")
    var quiet = false

    @Flag(name: .long, help: "Print more detail (every file, also unchanged ones).")
    var verbose = false
}
