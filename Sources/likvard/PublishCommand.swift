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

            With --postgres URL the tier goes into a PostgreSQL (15+) schema instead — likvard, \
            likvard_public or likvard_microdata — built as a new schema and renamed into place \
            in one transaction, readable by the roles likvard_reader, likvard_public_reader \
            and likvard_researcher (created NOLOGIN when missing). See docs/postgres.md.

            Examples:
              likvard publish --warehouse warehouse.sqlite --tier public --out /srv/www/likvard/public.sqlite
              likvard publish --pipeline pipelines/nightly.json --out /srv/share/likvard-internal.sqlite
              likvard publish --tier public --postgres postgresql://likvard_publisher@db.example/likvard
            """
    )

    @OptionGroup var options: WarehouseOptions

    @Option(name: .long, help: "internal, public or microdata.")
    var tier: PublicationTier = .internal

    @Option(name: .long, help: "The publication file to write (replaced atomically).")
    var out: String?

    @Option(name: .long, help: ArgumentHelp(
        "A PostgreSQL database to publish into, e.g. postgresql://likvard_publisher@db.example/likvard.",
        discussion: "Never with a password: libpq reads it from ~/.pgpass, PGPASSFILE or PGPASSWORD."))
    var postgres: String?

    func validate() throws {
        guard (out == nil) != (postgres == nil) else {
            throw ValidationError("name one target: --out FILE (an SQLite file) or --postgres URL (a PostgreSQL database)")
        }
    }

    func run() throws {
        let warehouse = try Warehouse(path: try options.resolve(), forWriting: false)
        let report = try postgres.map { try warehouse.publish(tier, toPostgres: $0) }
            ?? warehouse.publish(tier, to: Paths.absolute(out!))
        print("Published tier \(report.tier.rawValue) to \(postgres == nil ? report.path : "PostgreSQL schema " + report.path):")
        print(TextTable.render([["table", "rows"]] + report.tables.map { [$0.0, "\($0.1)"] }, rightAligned: [1]), terminator: "")
        if report.tier == .public {
            // The price of the protection: how many results with enough pupils still show a mean.
            func percent(_ share: Double?) -> String { share.map { String(format: "%.1f %%", $0 * 100) } ?? "–" }
            print("Shown means (results rows with at least min_pupils pupils): excl_newcomers \(percent(report.shownShareExclNewcomers)), all \(percent(report.shownShareAll))")
        }
    }
}

extension PublicationTier: ExpressibleByArgument {}
