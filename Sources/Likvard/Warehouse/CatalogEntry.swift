/// One line of the catalog's text: a view or table (`columnName` nil) or one of its columns,
/// described for analysts. The text is data (`schemas/catalog/entries.tsv`, tab-separated,
/// `#` lines are comments) so that adding a column to a view is one line there, not a
/// tuple in a SQL list; `warehouse_catalog.sql` fills in the thresholds.
struct CatalogEntry: Equatable {
    let objectName: String
    let objectKind: String
    let columnName: String?
    let description: String

    static let path = "schemas/catalog/entries.tsv"

    /// The embedded file's entries in file order. The file is part of the build, so a
    /// malformed line is a programming error, caught by the catalog tests.
    static var embedded: [CatalogEntry] {
        parse(Resources.text(path) ?? "")
    }

    static func parse(_ text: String) -> [CatalogEntry] {
        var entries: [CatalogEntry] = []
        var sawHeader = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            guard sawHeader else { sawHeader = true; continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            precondition(fields.count == 4, "\(path): a line has \(fields.count) fields, not 4: \(line)")
            entries.append(CatalogEntry(
                objectName: fields[0], objectKind: fields[1],
                columnName: fields[2].isEmpty ? nil : fields[2], description: fields[3]))
        }
        return entries
    }
}
