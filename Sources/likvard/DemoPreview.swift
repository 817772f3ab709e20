import Foundation
import Likvard
import LikvardSQL

/// After the demo: a few lines of `school_disparity`, so a newcomer sees the point.
enum DemoPreview {
    static func text(warehouse: String) throws -> String {
        let db = try Database(path: warehouse, readOnly: true, create: false)
        guard try db.scalar("select count(*) from sqlite_schema where name = 'school_disparity'").int == 1 else { return "" }
        let rows = try db.rows("""
            select d.term, d.grade_year, d.population, d.n_schools, d.p10_school_mean, d.median_school_mean,
                   d.p90_school_mean, d.gap_p90_p10
            from school_disparity d join terms t using (term)
            order by t.sort_key, d.grade_year, d.population limit 12
            """)
        var table: [[String]] = [["term", "year", "population", "schools", "p10", "median", "p90", "gap"]]
        for r in rows {
            table.append(r.values.map { v in
                if let d = v.double, case .real = v { return String(format: "%.1f", d) }
                return v.description
            })
        }
        return "\nschool_disparity (first rows; query it with: sqlite3 \(warehouse)):\n" + Table.render(table, rightAligned: [1, 3, 4, 5, 6, 7])
    }
}
