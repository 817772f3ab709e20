/// The administration's four focus areas, the areas a survey question is followed up under,
/// and `ovrigt` for a question that belongs to none of them. One home for the list: the
/// survey definitions are checked against it and the report names the areas from it (the
/// warehouse's `CHECK` in migration 002 is append-only history).
public enum FocusArea: String, CaseIterable, Sendable {
    case elevhalsa, nyanlanda, fritidshem, digitalisering, ovrigt

    /// The four the administration follows up; `ovrigt` counts in no signal or total.
    public static let followedUp: [FocusArea] = allCases.filter { $0 != .ovrigt }

    /// As the report writes it.
    public var swedishName: String {
        switch self {
        case .elevhalsa: "Elevhälsa"
        case .nyanlanda: "Nyanlända"
        case .fritidshem: "Fritidshem"
        case .digitalisering: "Digitalisering"
        case .ovrigt: "Övrigt (inget fokusområde)"
        }
    }
}
