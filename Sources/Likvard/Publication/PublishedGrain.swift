/// Each published table's grain — the columns that name one row (warehouse.md, "one row
/// per …") — which PostgreSQL enforces as the table's key. A grain with a column that may be
/// NULL as a group of its own (`newcomer_results.need_group`, the catalog's table rows) is a
/// `UNIQUE NULLS NOT DISTINCT` constraint (PostgreSQL 15) instead of a primary key.
struct PublishedGrain: Sendable {
    let columns: [String]
    let nullable: Bool

    static func of(_ table: String) -> PublishedGrain? { grains[table] }

    private static let grains: [String: PublishedGrain] = [
        "terms": .init(columns: ["term"], nullable: false),
        "results_school_term": .init(columns: ["school_unit_code", "term", "grade_year", "population", "sex"], nullable: false),
        "newcomer_results": .init(columns: ["term", "grade_year", "need_group", "years_in_swedish_school"], nullable: true),
        "school_disparity": .init(columns: ["term", "grade_year", "population"], nullable: false),
        "focus_area_followup": .init(columns: ["school_unit_code", "survey", "term", "focus_area", "role"], nullable: false),
        "school_signals": .init(columns: ["school_unit_code", "term", "grade_year"], nullable: false),
        "school_expected_results": .init(columns: ["school_unit_code", "term", "grade_year", "population"], nullable: false),
        "official_school_results": .init(columns: ["school_year", "school_unit_code"], nullable: false),
        "national_comparison": .init(columns: ["school_year", "scope"], nullable: false),
        "pupil_term_results": .init(columns: ["pupil_id", "school_unit_code", "term"], nullable: false),
        "warehouse_catalog": .init(columns: ["object_name", "column_name"], nullable: true),
        "publication": .init(columns: ["tier"], nullable: false),
    ]
}

extension PublicationTier {
    /// The PostgreSQL schema this tier is published into (publish.md).
    public var postgresSchema: String {
        switch self {
        case .internal: return "likvard"
        case .public: return "likvard_public"
        case .microdata: return "likvard_microdata"
        }
    }

    /// The contract's roles that may read this tier's schema.
    var postgresReaders: [String] {
        switch self {
        case .internal: return ["likvard_reader", "likvard_researcher"]
        case .public: return ["likvard_reader", "likvard_public_reader", "likvard_researcher"]
        case .microdata: return ["likvard_researcher"]
        }
    }
}
