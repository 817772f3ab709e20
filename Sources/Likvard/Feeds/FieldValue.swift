/// A validated, typed cell.
public enum FieldValue: Sendable {
    case missing
    case text(String)
    case date(CivilDate)
    case integer(Int)
    case decimal(Double)
    case pupil(PupilIdentifier)
    case term(Term)
    case grade(Grade)

    public var text: String? { if case .text(let v) = self { return v }; return nil }
    public var date: CivilDate? { if case .date(let v) = self { return v }; return nil }
    public var integer: Int? { if case .integer(let v) = self { return v }; return nil }
    public var decimal: Double? { if case .decimal(let v) = self { return v }; return nil }
    public var pupil: PupilIdentifier? { if case .pupil(let v) = self { return v }; return nil }
    public var term: Term? { if case .term(let v) = self { return v }; return nil }
    public var grade: Grade? { if case .grade(let v) = self { return v }; return nil }
}
