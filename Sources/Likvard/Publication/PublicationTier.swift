/// Who reads a publication, and so what it holds (docs/disclosure.md): the
/// administration's analysts, the public, or named analysts with pupil-level access.
public enum PublicationTier: String, CaseIterable, Sendable {
    /// The aggregate tables with primary suppression, for the administration's analysts.
    case `internal`
    /// The same tables with differencing protection on top, for the board report and anyone.
    case `public`
    /// `internal` and the pseudonymised pupil rows, for named, authorised analysts.
    case microdata

    /// The warehouse views this tier publishes, as their files declare (`PublishedTable`).
    var tables: [PublishedTable] { PublishedTable.all.filter { $0.tiers.contains(self) } }

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
    public static let current = "0.5.0"
}
