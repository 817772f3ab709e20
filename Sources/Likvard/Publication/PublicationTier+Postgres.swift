extension PublicationTier {
    /// The PostgreSQL schema this tier is published into (docs/disclosure.md).
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
