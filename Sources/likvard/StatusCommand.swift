import ArgumentParser
import Foundation
import Likvard

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Runs, their stages and files: status, row counts, rejects, timings.",
        discussion: """
            Examples:
              likvard status --warehouse warehouse.sqlite
              likvard status --warehouse warehouse.sqlite --run 12 --format json
              likvard status --demo
            """
    )

    enum Format: String, ExpressibleByArgument { case table, json }

    @OptionGroup var options: WarehouseOptions

    @Option(name: .customLong("run"), help: "Show this run (default: the latest).")
    var runID: Int?

    @Option(name: .long, help: "table, or json for monitoring.")
    var format: Format = .table

    func run() throws {
        let path = try options.resolve()
        let warehouse = try Warehouse(path: path, forWriting: false)
        var report = try warehouse.statusReport(runID: runID)
        report.runbook = options.runbook()
        let config = try options.pipeline.map(PipelineConfig.load(path:))
        report.freshness = try warehouse.freshness(rules: config?.freshness,
                                                   calendar: try config.map(SchoolCalendar.init(config:)) ?? warehouse.recordedCalendar())
        switch format {
        case .json: print(try report.json())
        case .table: print(report.table())
        }
    }
}
