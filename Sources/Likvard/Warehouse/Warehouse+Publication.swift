import Foundation
import LikvardSQL

/// `likvard publish`: what leaves the steward's file (shared/contract/publish.md). A new
/// SQLite file of tables only — the tier's views as tables, `warehouse_catalog` for them,
/// `publication` — written beside the target under a temporary name and renamed into
/// place, so readers of the previous publication see it whole until the new one replaces
/// it, and a publish killed at any point leaves the previous one as it was.
extension Warehouse {
    public struct PublicationReport: Sendable {
        public let path: String
        public let tier: PublicationTier
        /// Table → rows.
        public let tables: [(String, Int)]
    }

    public func publish(_ tier: PublicationTier, to path: String) throws -> PublicationReport {
        guard try hasTable("results_school_term") else {
            throw ConfigurationError("the warehouse \(self.path) has no views yet: run `likvard run` first, then publish")
        }
        // A view that declares no publication is refused rather than published unprotected.
        if let view = PublishedTable.undeclared.first {
            throw ConfigurationError("view \(view) declares no publication (its schemas/views file needs publish, grain and public lines): nothing published")
        }
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ConfigurationError("cannot publish to \(path): folder \(folder) does not exist")
        }
        // The working file beside the target (same file system: the rename is atomic); one
        // left by a killed publish is removed first. The public tier's scratch database
        // holds unprotected rows: it lives in a private folder of its own, never beside a
        // publication that may be in a web server's folder.
        let working = folder + "/." + target.lastPathComponent + ".publishing"
        unlink(working)
        defer { unlink(working) }
        var template = Array((NSTemporaryDirectory() + "likvard-publish-XXXXXX").utf8CString)
        guard let privateFolder = mkdtemp(&template).map({ String(cString: $0) }) else {
            throw ConfigurationError("cannot create a private working folder: \(String(cString: strerror(errno)))")
        }
        defer { try? FileManager.default.removeItem(atPath: privateFolder) }
        let scratch = privateFolder + "/scratch.sqlite"
        let fd = open(working, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode_t(tier.fileMode))
        guard fd >= 0 else { throw ConfigurationError("cannot write \(working): \(String(cString: strerror(errno)))") }
        fchmod(fd, mode_t(tier.fileMode))   // whatever the umask
        close(fd)

        var tables: [(String, Int)] = []
        do {
            let publication = try Database(path: working, create: false)
            // No journal for a file nobody reads until it is renamed; secure_delete so no
            // page of a dropped working table survives.
            try publication.execute("pragma journal_mode = off; pragma synchronous = off; pragma secure_delete = on")
            try publication.run("attach database ? as w", Database.readOnlyURI(self.path))
            if tier == .public {
                try derivePublicTier(in: scratch)
                try publication.run("attach database ? as s", Database.readOnlyURI(scratch))
            }
            CrashPoint.reach("publish-started")
            try publication.inTransaction {
                for table in tier.tables where try hasTable(table.name) {
                    let view = table.name
                    // the public tier reads the protected rows its table declares
                    let source: String
                    if tier == .public, case .scratch(let protected)? = table.publicSource { source = "s." + protected } else { source = "w." + view }
                    let columns = try publication.rows("select name, type from pragma_table_info(?, 'w')", view)
                        .map { (name: $0[0].string!, type: ($0[1].string ?? "").uppercased()) }
                    try publication.execute("create table main.\(view) (\(columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ")))")
                    let list = columns.map(\.name).joined(separator: ", ")
                    try publication.execute("insert into main.\(view) (\(list)) select \(list) from \(source)")
                    tables.append((view, try publication.scalar("select count(*) from main.\(view)").int ?? 0))
                }
                try writeCatalog(publication, tier: tier, tables: tables.map(\.0))
                try publication.run("""
                    create table main.publication (tier TEXT, published_at TEXT, source_run_id INTEGER, source_finished_at TEXT,
                                                   likvard_version TEXT);
                    """)
                try publication.run("""
                    insert into main.publication
                    select ?, ?, run_id, finished_at, ? from w.etl_runs
                    where status in ('succeeded', 'partial') order by run_id desc limit 1
                    """, tier.rawValue, Clock.timestamp(), LikvardVersion.current)
                CrashPoint.reach("publish-before-commit")
            }
            try publication.execute("detach database w")
            if tier == .public { try publication.execute("detach database s") }
        }
        // On disk before it takes the name; the name on disk before we say so.
        try FileSync.file(working)
        CrashPoint.reach("publish-before-rename")
        guard rename(working, path) == 0 else {
            throw ConfigurationError("cannot rename the publication into place at \(path): \(String(cString: strerror(errno)))")
        }
        try FileSync.file(folder)
        return PublicationReport(path: path, tier: tier, tables: tables)
    }

    /// `warehouse_catalog` for the published tables only, each saying its tier.
    private func writeCatalog(_ publication: Database, tier: PublicationTier, tables: [String]) throws {
        try publication.execute("""
            create table main.warehouse_catalog (object_name TEXT, object_kind TEXT, column_name TEXT, description TEXT, tier TEXT)
            """)
        let insert = try publication.statement("""
            insert into main.warehouse_catalog
            select object_name, 'table', column_name,
                   case when column_name is null then description || ' ' || ? else description end, ?
            from w.warehouse_catalog where object_name = ?
            """)
        for table in tables {
            try insert.execute(Self.tierNote(tier, table: table), tier.rawValue, table)
        }
    }

    static func tierNote(_ tier: PublicationTier, table: String) -> String {
        switch tier {
        case .internal: return "Tier internal: primary suppression (the warehouse's rules)."
        case .microdata: return table == "pupil_term_results"
            ? "Tier microdata: pseudonymised pupil rows, for named, authorised analysts only."
            : "Tier microdata: primary suppression (the warehouse's rules)."
        case .public: return "Tier public: primary suppression and differencing protection (docs/disclosure.md); disparity and signals are computed over the rows this tier shows."
        }
    }

    /// The public tier's rows, in a private scratch database: school results and survey
    /// follow-up with differencing protection, then disparity, expected results, the
    /// warehouse's side of the official comparison and signals recomputed over the rows the
    /// tier shows — by the refresh's own models (080, 085, 095, 100), which read the
    /// protected rows in place of the warehouse's (a table of the scratch database shadows
    /// the warehouse's of the same name).
    private func derivePublicTier(in path: String) throws {
        let scratch = try Database(path: path)
        try scratch.execute("pragma journal_mode = off; pragma synchronous = off")
        try scratch.run("attach database ? as w", Database.readOnlyURI(self.path))
        let settings = try db.rows("select min_pupils, min_respondents from settings").first
        let minPupils = settings?[0].int ?? 10, minRespondents = settings?[1].int ?? 5
        try scratch.execute("""
            create table results_school_term_facts as select * from w.results_school_term_facts;
            create table focus_area_facts as select * from w.focus_area_facts;
            create table school_disparity_facts as select * from w.school_disparity_facts where 0;
            create table school_expected_results_facts as select * from w.school_expected_results_facts where 0;
            create table results_city_term_facts as select * from w.results_city_term_facts;
            create table focus_area_city_facts as select * from w.focus_area_city_facts;
            create table allocation_basis_facts as select * from w.allocation_basis_facts where 0;
            create table school_signal_facts (placeholder);
            create table intervention_effect_facts (placeholder);
            create table funding_and_results_facts (placeholder);
            create table target_followup_facts (placeholder);
            create table official_school_results_facts (placeholder);
            create table national_comparison_facts (placeholder);
            """)
        try protect(scratch, table: "results_school_term_facts",
                    keys: ["school_unit_code", "term", "grade_year", "population", "sex"], count: "n_pupils",
                    hidden: ["mean_merit_value", "share_eligible_vocational", "share_eligible_higher_ed", "share_all_subjects_passed"],
                    threshold: minPupils) { key in
            // (population all ⊃ excl_newcomers, newcomers) for each sex; (sex all ⊃ female, male)
            // for each population; the margin {female, male} under sex all.
            let (school, term, year, population, sex) = (key[0], key[1], key[2], key[3], key[4])
            var outer: [[String]] = []
            if population != "all" { outer.append([school, term, year, "all", sex]) }
            if sex != "all" { outer.append([school, term, year, population, "all"]) }
            return (outer, sex == "all" ? [[school, term, year, population, "female"], [school, term, year, population, "male"]] : [])
        }
        let roles = try scratch.rows("select distinct role from focus_area_facts where role <> 'all' order by role").compactMap { $0[0].string }
        try protect(scratch, table: "focus_area_facts", keys: ["school_unit_code", "survey", "term", "focus_area", "role"],
                    count: "n_respondents", hidden: ["mean_score", "share_dont_know"], threshold: minRespondents) { key in
            // (role all ⊃ each role); the margin of the roles present under role all.
            let prefix = Array(key[0..<4])
            return key[4] == "all" ? ([], roles.map { prefix + [$0] }) : ([prefix + ["all"]], [])
        }
        // The follow-up over the shown rows too; the newcomer allocation's counts are not in
        // this tier, so funding_and_results shows no computed allocation here.
        for model in ["000_scope", "080_school_disparity", "085_school_expected_results", "095_official_statistics",
                      "100_school_signals", "120_intervention_effects", "130_funding_and_results",
                      "140_target_followup"] {
            if model == "080_school_disparity" {
                // every term, from the protected rows
                try scratch.execute("""
                    update refresh_mode set full = 1;
                    insert or ignore into scope_partitions select distinct school_unit_code, term from results_school_term_facts;
                    """)
            }
            try scratch.execute(Resources.text("schemas/derived/\(model).sql")!)
        }
    }

    /// Applies `DifferencingProtection` to `table` in the scratch database: cells whose
    /// group lies in another's (`relations(key).outer`) and margins under a total
    /// (`relations(key).margin`), by key; suppressed rows get NULL in `hidden` columns.
    private func protect(_ scratch: Database, table: String, keys: [String], count: String, hidden: [String], threshold: Int,
                         relations: ([String]) -> (outer: [[String]], margin: [[String]])) throws {
        let rows = try scratch.rows("select \(keys.joined(separator: ", ")), \(count), suppressed from \(table) order by \(keys.joined(separator: ", "))")
        let keyOf = rows.map { row in keys.indices.map { row[$0].description } }
        var index: [[String]: Int] = [:]
        for (i, key) in keyOf.enumerated() { index[key] = i }
        var protection = DifferencingProtection(
            counts: rows.map { (n: $0[keys.count].int ?? 0, suppressed: $0[keys.count + 1].int == 1) }, threshold: threshold)
        for (i, key) in keyOf.enumerated() {
            let (outer, margin) = relations(key)
            for o in outer { if let a = index[o] { protection.nest(i, in: a) } }
            let parts = margin.compactMap { index[$0] }
            if !parts.isEmpty { protection.margin(total: i, parts: parts) }
        }
        let suppressed = protection.apply()
        let update = try scratch.statement("""
            update \(table) set suppressed = 1, \(hidden.map { "\($0) = null" }.joined(separator: ", "))
            where \(keys.enumerated().map { "\($0.element) = ?\($0.offset + 1)" }.joined(separator: " and "))
            """)
        for (i, row) in rows.enumerated() where suppressed[i] && row[keys.count + 1].int != 1 {
            try update.bind(keys.indices.map { row[$0] }).run()
        }
    }
}
