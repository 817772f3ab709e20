/// Who reads a publication, and so what it holds (shared/contract/publish.md): the
/// administration's analysts, the public, or named analysts with pupil-level access.
public enum PublicationTier: String, CaseIterable, Sendable {
    /// The aggregate tables with primary suppression, for the administration's analysts.
    case `internal`
    /// The same tables with differencing protection on top, for the board report and anyone.
    case `public`
    /// `internal` and the pseudonymised pupil rows, for named, authorised analysts.
    case microdata

    /// The aggregate views every tier publishes as tables (those the warehouse has).
    static let aggregates = ["terms", "results_school_term", "newcomer_results", "school_disparity", "focus_area_followup",
                             "school_signals", "school_expected_results", "official_school_results", "national_comparison"]

    /// The warehouse views this tier publishes, in this order.
    var views: [String] { self == .microdata ? Self.aggregates + ["pupil_term_results"] : Self.aggregates }

    /// The publication file's permissions: group-readable, world-readable, owner only.
    var fileMode: UInt16 {
        switch self {
        case .internal: return 0o640
        case .public: return 0o644
        case .microdata: return 0o600
        }
    }
}

/// The version a publication records as its `likvard_version`.
public enum LikvardVersion {
    public static let current = "0.4.0"
}
