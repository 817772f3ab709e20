/// A school year, `2023/24`: HT2023 and VT2024 (1 July – 30 June). Resources are allocated
/// per school year; its terms are the refresh's (`schemas/derived/010_settings.sql`).
public struct SchoolYear: Hashable, Sendable, CustomStringConvertible {
    /// The calendar year it starts in (2023 for `2023/24`).
    public let firstYear: Int

    /// Accepts `2023/24` (also `2023/2024`); the second year must follow the first.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts[0].count == 4, parts[1].count == 2 || parts[1].count == 4,
              let first = Int(parts[0]), let second = Int(parts[1]), (1990...2098).contains(first) else { return nil }
        let follows = parts[1].count == 2 ? (first + 1) % 100 == second : first + 1 == second
        guard follows else { return nil }
        firstYear = first
    }

    /// `2023/24`, as stored.
    public var code: String {
        let second = (firstYear + 1) % 100
        return "\(firstYear)/\(second < 10 ? "0" : "")\(second)"
    }

    public var description: String { code }
}
