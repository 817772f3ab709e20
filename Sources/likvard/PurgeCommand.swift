import ArgumentParser
import Foundation
import Likvard

struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Retention: delete rejected raw lines and audit detail older than a date, leaving no byte of them behind.",
        discussion: """
            Deletes the rejected rows (raw lines and messages) of files recorded before DATE and \
            the per-stage records of runs started before it, then rewrites the warehouse (VACUUM) \
            and empties its WAL, so the deleted bytes are gone from the file. Every file's and \
            run's own record stays (the same file is still recognised), and so do the rejected \
            rows of files still quarantined (the steward needs them to fix the file). A date \
            in the future is refused. --dry-run says what would go. Takes the run lock.

            Examples:
              likvard purge --warehouse /srv/likvard/warehouse.sqlite --before 2025-07-01
              likvard purge --pipeline pipelines/nightly.json --before 2024-07-01
            """
    )

    @OptionGroup var options: WarehouseOptions

    @Option(name: .long, help: "Delete what is older than this date (YYYY-MM-DD).")
    var before: String

    @Option(name: .long, help: "Wait up to this many seconds for a run to finish instead of exiting 4.")
    var wait: Double = 0

    @Flag(name: .long, help: "Print what would be deleted, delete nothing.")
    var dryRun = false

    func validate() throws {
        guard let date = CivilDate.parse(before) else { throw ValidationError("--before takes a date, YYYY-MM-DD, not '\(before)'") }
        let today = String(Clock.timestamp().prefix(10))
        if date.description > today {
            throw ValidationError("--before \(before) is in the future: retention deletes what is older than a past date (today is \(today))")
        }
    }

    func run() throws {
        let path = try options.resolve()
        let lock = try RunLock(warehouse: path, waitSeconds: wait)
        defer { withExtendedLifetime(lock) {} }
        let report = try Warehouse(path: path, forWriting: true).purge(before: CivilDate.parse(before)!, dryRun: dryRun)
        if dryRun {
            print("Would purge before \(before): \(report.rejects) rejected rows, \(report.stages) stage records (rejected rows of files still quarantined stay). Nothing deleted.")
            return
        }
        print("Purged before \(before): \(report.rejects) rejected rows, \(report.stages) stage records. "
              + "Warehouse rewritten: \(report.bytesBefore / 1024) KiB → \(report.bytesAfter / 1024) KiB.")
    }
}
