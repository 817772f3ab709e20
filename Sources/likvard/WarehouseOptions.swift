import ArgumentParser
import Likvard

/// `--warehouse` / `--pipeline`, shared by the commands that only read the warehouse.
struct WarehouseOptions: ParsableArguments {
    @Option(name: .long, help: "The warehouse file.")
    var warehouse: String?

    @Option(name: .long, help: "A pipeline file naming the warehouse.")
    var pipeline: String?

    func resolve() throws -> String {
        if let warehouse { return warehouse }
        if let pipeline, let path = try PipelineConfig.load(path: pipeline).warehouse { return path }
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
