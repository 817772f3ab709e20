import LikvardSQL

extension Array where Element == Row {
    /// The distinct text values of `column`, in the order the rows first give them (the
    /// report queries sort their rows: terms come out chronological, schools by name).
    func distinct(_ column: String) -> [String] {
        var seen = Set<String>()
        return compactMap { $0[column].string }.filter { seen.insert($0).inserted }
    }

    /// A line chart's series: for each of `terms`, `column` of the row of that term and
    /// population — nil where there is none or where `shown` refuses the row.
    func series(_ column: String, population: String, over terms: [String],
                shown: (Row) -> Bool = { _ in true }) -> [Double?] {
        terms.map { term in
            first { $0["term"].string == term && $0["population"].string == population }
                .flatMap { shown($0) ? $0[column].double : nil }
        }
    }
}
