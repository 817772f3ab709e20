import ArgumentParser
import Foundation
import Likvard

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the static HTML report for the education board (Swedish, charts, no network).",
        discussion: """
            Examples:
              likvard report --warehouse warehouse.sqlite --out /srv/www/likvard
              likvard report --pipeline pipelines/nightly.json --out report
            """
    )

    @OptionGroup var options: WarehouseOptions

    @Option(name: .long, help: "The folder to write index.html into (created if needed).")
    var out: String

    func run() throws {
        let path = try BoardReport(warehouse: try options.resolve()).write(to: out)
        print("Report written to \(path)")
    }
}
