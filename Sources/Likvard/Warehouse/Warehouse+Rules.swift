import LikvardSQL

extension Warehouse {
    /// What the refresh's SQL reads from the code rather than repeating it: the pipeline's
    /// settings (`pipeline_settings`, typed by the `settings` view of 010), the grade
    /// points (`grade_points`) and the catalog's text (`catalog_entries`, kept as data in
    /// `schemas/catalog/entries.tsv`). Written at the start of every refresh, in its
    /// transaction; a model run by hand reads what the last refresh wrote.
    public func writeRules(_ config: PipelineConfig) throws {
        try db.execute("delete from pipeline_settings; delete from grade_points; delete from catalog_entries;")
        for (key, value) in config.sqlSettings {
            let bound: SQLValue
            switch value {
            case let v as Int: bound = .integer(Int64(v))
            case let v as Double: bound = .real(v)
            default: bound = .text("\(value)")
            }
            try db.run("insert into pipeline_settings (key, value) values (?, ?)", key, bound)
        }
        for grade in Grade.allCases {
            try db.run("insert into grade_points (grade, points) values (?, ?)", grade.rawValue, grade.points)
        }
        for (position, entry) in CatalogEntry.embedded.enumerated() {
            try db.run("""
                insert into catalog_entries (position, object_name, object_kind, column_name, description)
                values (?, ?, ?, ?, ?)
                """, position, entry.objectName, entry.objectKind, entry.columnName, entry.description)
        }
    }
}
