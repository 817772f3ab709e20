import Likvard

/// After the demo: a few lines of `school_disparity`, so a newcomer sees the point.
enum DemoPreview {
    static func text(warehouse path: String) throws -> String {
        guard let rows = try Warehouse(path: path, forWriting: false).disparityPreview(rows: 12) else { return "" }
        let table = [["term", "year", "population", "schools", "p10", "median", "p90", "gap"]] + rows
        return "\nschool_disparity (first rows; query it with: sqlite3 \(path)):\n" + TextTable.render(table, rightAligned: [1, 3, 4, 5, 6, 7])
    }
}
