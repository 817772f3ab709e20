import ArgumentParser
import Foundation
import Likvard

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the static HTML report for the education board (Swedish, charts, no network).",
        discussion: """
            The report reads a public publication only: --publication FILE, or with \
            --warehouse (or --pipeline) it publishes the public tier first and reads that.

            Examples:
              likvard report --publication /srv/www/likvard/public.sqlite --out /srv/www/likvard
              likvard report --pipeline pipelines/nightly.json --out report
            """
    )

    @OptionGroup var options: WarehouseOptions

    @Option(name: .long, help: "A public publication to read (written by likvard publish --tier public).")
    var publication: String?

    @Option(name: .long, help: "The folder to write index.html into (created if needed).")
    var out: String

    func validate() throws {
        if publication != nil && (options.warehouse != nil || options.pipeline != nil) {
            throw ValidationError("give either --publication FILE or --warehouse FILE (--pipeline FILE), not both")
        }
    }

    func run() throws {
        let report = try publication.map { try BoardReport(publication: Paths.absolute($0)) }
            ?? BoardReport(warehouse: try options.resolve())
        print("Report written to \(try report.write(to: out))")
    }
}
