import ArgumentParser
import Foundation
import Likvard

/// `--warehouse` / `--pipeline` / `--demo`: how every command but `run` names the warehouse.
struct WarehouseOptions: ParsableArguments {
    @Option(name: .long, help: "The warehouse file.")
    var warehouse: String?

    @Option(name: .long, help: "A pipeline file naming the warehouse.")
    var pipeline: String?

    @Flag(name: .long, help: "The demo's warehouse, written by `likvard run --demo` in this folder.")
    var demo = false

    /// The folder `run --demo` writes in: `./likvard-demo`.
    static var demoFolder: String { FileManager.default.currentDirectoryPath + "/likvard-demo" }

    func validate() throws {
        if demo && (warehouse != nil || pipeline != nil) {
            throw ValidationError("--demo names the demo's warehouse; it takes neither --warehouse nor --pipeline")
        }
    }

    /// `--warehouse`, else the pipeline's, else with `--demo` the demo's. With none of them,
    /// in the folder where `run --demo` ran, the reading commands take the demo's warehouse
    /// (and say so on stderr), so the runbook can be practised on the demo. `rerun` does not
    /// take that default: it writes, so it asks for `--demo` by name.
    func resolve(demoByDefault: Bool = true) throws -> String {
        if let warehouse { return Paths.absolute(warehouse) }
        if let pipeline {
            if let path = try PipelineConfig.load(path: pipeline).warehouse { return path }
            throw ConfigurationError("pipeline file \(pipeline) names no warehouse: add 'warehouse', or give --warehouse FILE")
        }
        let demoWarehouse = Self.demoFolder + "/warehouse.sqlite"
        let found = FileManager.default.fileExists(atPath: demoWarehouse)
        if demo {
            guard found else { throw ConfigurationError("no demo here (\(demoWarehouse) does not exist): run `likvard run --demo` in this folder first") }
            return demoWarehouse
        }
        if demoByDefault, found {
            FileHandle.standardError.write(Data("likvard: the demo's warehouse (no --warehouse given): \(demoWarehouse)\n".utf8))
            return demoWarehouse
        }
        throw ValidationError("name the warehouse with --warehouse FILE, --pipeline FILE, or --demo")
    }

    /// How the lines this command suggests name the warehouse: as this command was told.
    func runbook(inbox: String? = nil, keyFile: String? = nil) -> RunbookFlags {
        if demo || (warehouse == nil && pipeline == nil) { return .demo }
        return .naming(pipeline: pipeline.map(Paths.absolute), warehouse: warehouse.map(Paths.absolute),
                       inbox: inbox.map(Paths.absolute), keyFile: keyFile.map(Paths.absolute))
    }
}

/// Output verbosity, shared by every command that logs.
struct LoggingOptions: ParsableArguments {
    @Flag(name: .long, help: "Print only warnings and errors.")
    var quiet = false

    @Flag(name: .long, help: "Print more detail (every file, also unchanged ones).")
    var verbose = false
}
