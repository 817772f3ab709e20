import LikvardIO

/// What each analyst view declares about its publication, in one place: the header of its
/// own `schemas/views/<view>.sql`. The publication's table list, each table's grain (the
/// key PostgreSQL enforces) and its public treatment are read from there, so a view added
/// without a declaration is never published — `likvard publish` refuses it — and never
/// copied into the public tier unprotected.
///
///     -- publish: internal public microdata
///     -- grain: term grade_year need_group? years_in_swedish_school
///     -- public: scratch results_school_term_facts
///
/// `publish` names the tiers; `grain` the columns that name one row (`?`: a column that
/// may be NULL as a group of its own, a `UNIQUE NULLS NOT DISTINCT` key in PostgreSQL);
/// `public` where the public tier's rows come from: `warehouse` (the view as it is: no
/// suppressed row in it can be rebuilt from the others) or `scratch TABLE` (the table the
/// public tier's protection and recomputation wrote, `Warehouse.derivePublicTier`).
public struct PublishedTable: Sendable {
    public enum PublicSource: Sendable, Equatable {
        case warehouse
        case scratch(String)
    }

    public let name: String
    public let tiers: Set<PublicationTier>
    public let grain: PublishedGrain
    /// nil when the table is not in the public tier.
    public let publicSource: PublicSource?

    /// Every declared view, in name order. A view file without a complete declaration is a
    /// build bug (`undeclared` lists it; a test holds every view to a declaration).
    public static let all: [PublishedTable] = declarations().tables
    /// Views whose file declares nothing or too little: refused by publish.
    public static let undeclared: [String] = declarations().undeclared

    public static func named(_ name: String) -> PublishedTable? { all.first { $0.name == name } }

    static func declarations() -> (tables: [PublishedTable], undeclared: [String]) {
        var tables: [PublishedTable] = []
        var undeclared: [String] = []
        for path in Resources.paths(under: "schemas/views") where path.hasSuffix(".sql") {
            let name = String(path.split(separator: "/").last!.dropLast(4))
            if let table = parse(name: name, sql: Resources.text(path) ?? "") { tables.append(table) } else { undeclared.append(name) }
        }
        return (tables, undeclared)
    }

    /// The declaration in a view file's leading comment lines, or nil when incomplete.
    public static func parse(name: String, sql: String) -> PublishedTable? {
        var fields: [String: [String]] = [:]
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("--") else { break }
            let text = String(line.dropFirst(2)).trimmingSpaces()
            guard let colon = text.firstIndex(of: ":") else { continue }
            let key = String(text[..<colon]), words = text[text.index(after: colon)...].split(separator: " ").map(String.init)
            if ["publish", "grain", "public"].contains(key) { fields[key] = words }
        }
        guard let tierNames = fields["publish"], let grainWords = fields["grain"], !grainWords.isEmpty else { return nil }
        let tiers = tierNames.compactMap(PublicationTier.init(rawValue:))
        guard tiers.count == tierNames.count, !tiers.isEmpty else { return nil }
        let grain = PublishedGrain(columns: grainWords.map { $0.hasSuffix("?") ? String($0.dropLast()) : $0 },
                                   nullable: grainWords.contains { $0.hasSuffix("?") })
        var source: PublicSource?
        if tiers.contains(.public) {
            switch fields["public"] ?? [] {
            case ["warehouse"]: source = .warehouse
            case let words where words.count == 2 && words[0] == "scratch": source = .scratch(words[1])
            default: return nil   // a public table must say where its protected rows come from
            }
        }
        return PublishedTable(name: name, tiers: Set(tiers), grain: grain, publicSource: source)
    }
}

/// A published table's grain — the columns that name one row — which PostgreSQL enforces as
/// the table's key.
public struct PublishedGrain: Sendable {
    public let columns: [String]
    public let nullable: Bool

    /// The grain of a published table: a view's declared one, or that of the two tables
    /// every publication adds.
    static func of(_ table: String) -> PublishedGrain? {
        switch table {
        case "warehouse_catalog": return PublishedGrain(columns: ["object_name", "column_name"], nullable: true)
        case "publication": return PublishedGrain(columns: ["tier"], nullable: false)
        default: return PublishedTable.named(table)?.grain
        }
    }
}
