/// A school term: `HT2023` (autumn) or `VT2024` (spring). School year `2023/24` is HT2023
/// followed by VT2024. School year, reference date and order are the refresh's
/// (`schemas/derived/010_settings.sql`).
public struct Term: Hashable, Sendable, CustomStringConvertible {
    public enum Season: String, Sendable { case autumn = "HT", spring = "VT" }

    public let season: Season
    public let year: Int

    /// `HT2023`: the canonical code stored everywhere (built once, bound per row).
    public let code: String

    public init(season: Season, year: Int) {
        self.season = season
        self.year = year
        code = "\(season.rawValue)\(year)"
    }

    /// Accepts `HT2023`, `ht2023`, `HT 2023`; years 1990–2099.
    public init?(_ text: String) {
        let compact = text.uppercased().filter { $0 != " " }
        guard compact.count == 6 else { return nil }
        guard let season = Season(rawValue: String(compact.prefix(2))),
              let year = Int(compact.suffix(4)), compact.suffix(4).allSatisfy(\.isASCII),
              (1990...2099).contains(year) else { return nil }
        self.init(season: season, year: year)
    }

    public var description: String { code }
}

extension Term: Comparable {
    /// Chronological: VT2024 before HT2024 before VT2025.
    public var sortKey: Int { year * 2 + (season == .autumn ? 1 : 0) }

    public static func < (a: Term, b: Term) -> Bool { a.sortKey < b.sortKey }
}
