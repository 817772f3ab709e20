import ArgumentParser
import Foundation
import Likvard

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Write a publication of the warehouse for readers other than the steward: tables only.",
        discussion: """
            Tiers: internal (the administration's analysts: the aggregate tables, primary \
            suppression; file mode 0640), public (anyone, the board report: differencing \
            protection on top; 0644), microdata (named, authorised analysts: internal plus the \
            pseudonymised pupil rows; 0600). The file is written beside --out and renamed into \
            place: readers of the previous publication see it whole until then.

            Examples:
              likvard publish --warehouse warehouse.sqlite --tier public --out /srv/www/likvard/public.sqlite
              likvard publish --pipeline pipelines/nightly.json --out /srv/share/likvard-internal.sqlite
            """
    )

    @OptionGroup var options: WarehouseOptions

    @Option(name: .long, help: "internal, public or microdata.")
    var tier: PublicationTier = .internal

    @Option(name: .long, help: "The publication file to write (replaced atomically).")
    var out: String?

    @Option(name: .long, help: "A PostgreSQL URL to publish into (not available yet).")
    var postgres: String?

    func validate() throws {
        if postgres != nil { throw ValidationError("--postgres is not available yet: publish to a file with --out FILE") }
        guard out != nil else { throw ValidationError("name the publication with --out FILE") }
    }

    func run() throws {
        let warehouse = try Warehouse(path: try options.resolve(), forWriting: false)
        let report = try warehouse.publish(tier, to: Paths.absolute(out!))
        print("Published tier \(report.tier.rawValue) to \(report.path):")
        print(Table.render([["table", "rows"]] + report.tables.map { [$0.0, "\($0.1)"] }, rightAligned: [1]), terminator: "")
    }
}

extension PublicationTier: ExpressibleByArgument {}
