import LikvardSQL

extension Warehouse {
    /// The term calendar the last refresh ran with (its `pipeline_settings`), for commands
    /// given only the warehouse: `freshness --warehouse`, `status`.
    public func recordedCalendar() throws -> SchoolCalendar {
        var config = PipelineConfig()
        for row in try db.rows("select key, value from pipeline_settings where key in ('reference_date_ht', 'reference_date_vt', 'autumn_term_start')") {
            guard let value = row[1].string else { continue }
            switch row[0].string {
            case "reference_date_ht": config.referenceDateHT = value
            case "reference_date_vt": config.referenceDateVT = value
            default: config.autumnTermStart = value
            }
        }
        return SchoolCalendar(config: config)
    }
}
