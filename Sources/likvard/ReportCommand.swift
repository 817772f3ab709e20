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

            --school adds one printable page per school for its annual result dialogue \
            (skola-CODE.html, and skolor.html listing them): give school unit codes, or all. \
            --pdf also prints each page to skola-CODE.pdf through headless Chromium.

            Examples:
              likvard report --publication /srv/www/likvard/public.sqlite --out /srv/www/likvard
              likvard report --pipeline pipelines/nightly.json --out report
              likvard report --publication public.sqlite --out dialog --school all --pdf
            """
    )

    @OptionGroup var options: WarehouseOptions

    @Option(name: .long, help: "A public publication to read (written by likvard publish --tier public).")
    var publication: String?

    @Option(name: .long, help: "The folder to write index.html into (created if needed).")
    var out: String

    @Option(name: .long, parsing: .upToNextOption, help: "School unit codes for a page each, or all.")
    var school: [String] = []

    @Flag(name: .long, help: "Also print each school page to PDF (needs Chromium).")
    var pdf = false

    func validate() throws {
        if pdf && school.isEmpty { throw ValidationError("--pdf prints the school pages: name them with --school CODE… or --school all") }
        if publication != nil && (options.warehouse != nil || options.pipeline != nil || options.demo) {
            throw ValidationError("give either --publication FILE or the warehouse (--warehouse FILE, --pipeline FILE or --demo), not both")
        }
    }

    func run() throws {
        let report = try publication.map { try BoardReport(publication: Paths.absolute($0)) }
            ?? BoardReport(warehouse: try options.resolve())
        print("Report written to \(try report.write(to: out))")
        guard !school.isEmpty else { return }
        let pages = try SchoolPages(report: report).write(school, to: Paths.absolute(out), pdf: pdf)
        print("School pages: \(pages.count) in \(Paths.absolute(out)) (skolor.html lists them)\(pdf ? ", each also as PDF" : "")")
    }
}
