import ArgumentParser
import Foundation
import Likvard

struct FreshnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freshness",
        abstract: "Whether each feed's files still arrive: the newest file per feed against the pipeline's freshness setting.",
        discussion: """
            The rules come from the pipeline file (--pipeline), else from the last run's \
            record in the warehouse. A feed past its error limit (or never seen, with one) \
            is exit 5; warnings are printed and exit 0.

            Examples:
              likvard freshness --pipeline pipelines/nightly.json
              likvard freshness --warehouse warehouse.sqlite --format json
            """
    )

    enum Format: String, ExpressibleByArgument { case table, json }

    @OptionGroup var options: WarehouseOptions

    @Option(name: .long, help: "table, or json for monitoring.")
    var format: Format = .table

    func run() throws {
        let config = try options.pipeline.map(PipelineConfig.load(path:))
        let warehouse = try Warehouse(path: try options.resolve(), forWriting: false)
        let calendar = try config.map(SchoolCalendar.init(config:)) ?? warehouse.recordedCalendar()
        let feeds = try warehouse.freshness(rules: config?.freshness, calendar: calendar)
        switch format {
        case .json: print(try FreshnessReport.json(feeds))
        case .table: print(FreshnessReport.table(feeds), terminator: "")
        }
        if feeds.contains(where: { $0.status == .error }) { throw ExitCode(5) }
    }
}
