import LikvardSQL

extension Array where Element == Row {
    /// The distinct text values of `column`, in the order the rows first give them (the
    /// report queries sort their rows: terms come out chronological, schools by name).
    func distinct(_ column: String) -> [String] {
        var seen = Set<String>()
        return compactMap { $0[column].string }.filter { seen.insert($0).inserted }
    }
}
