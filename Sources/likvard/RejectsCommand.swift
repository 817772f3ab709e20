import ArgumentParser
import Foundation
import Likvard

struct RejectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejects",
        abstract: "The rejected rows with line numbers, reasons and masked values.",
        discussion: """
            Examples:
              likvard rejects --warehouse warehouse.sqlite --file betyg/ht2024.csv
              likvard rejects --warehouse warehouse.sqlite --run 12 --format csv > rejects.csv
            """
    )

    enum Format: String, ExpressibleByArgument { case table, csv }

    @OptionGroup var options: WarehouseOptions

    @Option(name: .customLong("run"), help: "Only rejects of files recorded by this run.")
    var runID: Int?

    @Option(name: .long, help: "Only rejects of this file (path relative to the inbox).")
    var file: String?

    @Flag(name: .long, help: "With --file: every version of the file, not only the current one.")
    var allVersions = false

    @Option(name: .long, help: "table or csv.")
    var format: Format = .table

    func run() throws {
        let warehouse = try Warehouse(path: try options.resolve(), forWriting: false)
        let listing = try warehouse.rejects(runID: runID, fileName: file, allVersions: allVersions)
        let cells = listing.rows.map { row in row.map(format == .csv ? SafeOutput.csvCell : SafeOutput.terminal) }
        if let note = listing.note {
            // on stderr for csv, so the file stays a table
            if format == .csv { FileHandle.standardError.write(Data((SafeOutput.terminal(note) + "\n").utf8)) } else { print(SafeOutput.terminal(note)) }
        }
        let header = ["run", "file", "line", "reason", "column", "message", "raw_line"]
        switch format {
        case .csv:
            var out = header.joined(separator: ";") + "\n"
            for row in cells { out += row.map(CSVField.quote).joined(separator: ";") + "\n" }
            print(out, terminator: "")
        case .table:
            if cells.isEmpty { print("No rejected rows."); return }
            print(TextTable.render([header] + cells, rightAligned: [0, 2]), terminator: "")
            print("\(cells.count) rejected rows.")
        }
    }
}

enum CSVField {
    /// RFC 4180 quoting when a field holds `;`, `"` or a line break.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
