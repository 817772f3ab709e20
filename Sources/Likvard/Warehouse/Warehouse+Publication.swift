import Foundation
import LikvardSQL

/// `likvard publish`: what leaves the steward's file (docs/disclosure.md). A new
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
        /// The public tier's utility: the shares of excl_newcomers and all rows with at least
        /// min_pupils pupils whose mean it shows (nil for the other tiers).
        public let shownShareExclNewcomers: Double?
        public let shownShareAll: Double?
    }

    /// `rules`: every rule of the public tier; tests switch one off to watch its attack succeed.
    public func publish(_ tier: PublicationTier, to path: String, rules: PublicRules = .all) throws -> PublicationReport {
        guard try hasTable("results_school_term") else {
            throw ConfigurationError("the warehouse \(self.path) has no views yet: let a `likvard run` load it first, then publish")
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
        // Never over the warehouse itself, nor its WAL or shared memory: a publication is
        // renamed into place, and would replace the steward's file with the public tier.
        let realTarget = (realpath(folder, nil).map { p in defer { free(p) }; return String(cString: p) } ?? folder)
            + "/" + target.lastPathComponent
        let realWarehouse = realpath(self.path, nil).map { p in defer { free(p) }; return String(cString: p) } ?? self.path
        if ["", "-wal", "-shm", "-journal", ".lock"].contains(where: { realWarehouse + $0 == realTarget }) {
            throw ConfigurationError("cannot publish to \(path): that is the warehouse's own file; name a new file for the publication")
        }
        // The working file beside the target (same file system: the rename is atomic); one
        // left by a killed publish is removed first. The public tier's scratch database
        // holds unprotected rows: it lives in a private folder of its own, never beside a
        // publication that may be in a web server's folder.
        let working = folder + "/." + target.lastPathComponent + ".publishing"
        unlink(working)
        defer { unlink(working) }
        let privateFolder = try Self.privateWorkingFolder()
        defer { try? FileManager.default.removeItem(atPath: privateFolder) }
        let scratch = privateFolder + "/scratch.sqlite"
        close(open(scratch, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600))   // owner-only from its first byte
        let fd = open(working, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode_t(tier.fileMode))
        guard fd >= 0 else { throw ConfigurationError("cannot write \(working): \(String(cString: strerror(errno)))") }
        fchmod(fd, mode_t(tier.fileMode))   // whatever the umask
        close(fd)

        var tables: [(String, Int)] = []
        var shownShares: (exclNewcomers: Double?, all: Double?) = (nil, nil)
        do {
            let publication = try Database(path: working, create: false)
            // No journal for a file nobody reads until it is renamed; secure_delete so no
            // page of a dropped working table survives.
            try publication.execute("pragma journal_mode = off; pragma synchronous = off; pragma secure_delete = on")
            try publication.run("attach database ? as w", Database.readOnlyURI(self.path))
            var utility: (exclNewcomers: Double?, all: Double?) = (nil, nil)
            if tier == .public {
                utility = try derivePublicTier(in: scratch, rules: rules)
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
                                                   likvard_version TEXT, shown_share_excl_newcomers REAL, shown_share_all REAL);
                    """)
                try publication.run("""
                    insert into main.publication
                    select ?, ?, run_id, finished_at, ?, ?, ? from w.etl_runs
                    where status in ('succeeded', 'partial') order by run_id desc limit 1
                    """, tier.rawValue, Clock.timestamp(), LikvardVersion.current, utility.exclNewcomers, utility.all)
                shownShares = utility
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
        return PublicationReport(path: path, tier: tier, tables: tables, shownShareExclNewcomers: shownShares.exclNewcomers,
                                 shownShareAll: shownShares.all)
    }

    /// A folder of this process's own (0700) for the public tier's scratch rows, named with
    /// the pid: folders left by a publish that was killed (its pid gone) are removed first,
    /// so no unprotected rows linger in the temporary folder.
    static func privateWorkingFolder() throws -> String {
        let temporary = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where name.hasPrefix("likvard-publish-") {
            let parts = name.split(separator: "-")
            guard parts.count == 4, let pid = Int32(parts[2]), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: temporary + "/" + name)
        }
        var template = Array((temporary + "/likvard-publish-\(getpid())-XXXXXX").utf8CString)
        guard let folder = mkdtemp(&template).map({ String(cString: $0) }) else {
            throw ConfigurationError("cannot create a private working folder: \(String(cString: strerror(errno)))")
        }
        return folder
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
}
