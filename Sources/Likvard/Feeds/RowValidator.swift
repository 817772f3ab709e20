import LikvardIO

/// Validates one record of a CSV file against its feed's `SourceSchema`.
///
/// Columns are checked in the file's header order; each is checked for a missing value,
/// then its form, then lookups (such as `unknown_school`). The first problem rejects the
/// row. Values are trimmed; empty is missing.
public struct RowValidator {
    public let schema: SourceSchema
    /// Schema columns present in the file, in header order: (schema index, file index).
    private let checks: [(column: Int, field: Int)]
    private let recordDateField: Int?
    private let oneOf: Set<Int>
    private let oneOfFields: [Int]
    private let schools: Set<String>
    private let fallbackDate: CivilDate
    private let memo: FieldMemo
    public let headerCount: Int
    /// Header names (folded) not in the schema: ignored and listed in the file's record.
    public let extraColumns: [String]
    /// File indexes of the extra columns.
    public let extraFields: [Int]
    /// File indexes of the private schema columns (`larare`).
    public let privateFields: [Int]

    /// Matches the folded header against the schema. Throws `missing_column` /
    /// `duplicate_column`.
    public init(schema: SourceSchema, header: [String], schools: Set<String>,
                fallbackDate: CivilDate) throws {
        self.schema = schema
        self.schools = schools
        self.fallbackDate = fallbackDate
        memo = FieldMemo(columns: schema.columns.count)
        headerCount = header.count
        let folded = header.map(HeaderName.fold)
        var seen: [String: Int] = [:]
        for (i, name) in folded.enumerated() {
            if seen[name] != nil, !name.isEmpty {
                throw FileQuarantine(.duplicateColumn, "column '\(header[i])' occurs twice in the header (columns \(seen[name]! + 1) and \(i + 1))")
            }
            seen[name] = i
        }
        var checks: [(Int, Int)] = []
        for (c, column) in schema.columns.enumerated() {
            if let field = seen[column.name] {
                checks.append((c, field))
            } else if column.required {
                throw FileQuarantine(.missingColumn, "required column '\(column.name)' is not in the header")
            }
        }
        let oneOfNames = schema.oneOfRequired ?? []
        if !oneOfNames.isEmpty && !oneOfNames.contains(where: { seen[$0] != nil }) {
            throw FileQuarantine(.missingColumn, "the header needs at least one of the columns \(oneOfNames.joined(separator: ", "))")
        }
        self.checks = checks.sorted { $0.1 < $1.1 }
        oneOf = Set(oneOfNames.compactMap(schema.column))
        oneOfFields = oneOfNames.compactMap { seen[$0] }
        recordDateField = schema.recordDate.flatMap { seen[$0] }
        let known = Set(schema.columns.map(\.name))
        let extras = folded.enumerated().filter { !known.contains($0.element) }
        extraColumns = extras.map(\.element)
        extraFields = extras.map(\.offset)
        privateFields = schema.columns.filter(\.isPrivate).compactMap { seen[$0.name] }
    }

    /// The typed values of the current record, indexed like `schema.columns` (absent
    /// columns are `.missing`), or the first problem. `extraCheck` sees, in header order,
    /// every schema column that passed its own check and every extra column (survey
    /// question columns), and may reject the row.
    public func validate(
        _ reader: CSVReader,
        extraCheck: ((_ field: Int, _ column: String, _ text: String) -> RowReject?)? = nil
    ) -> Result<[FieldValue], RowReject> {
        var values = [FieldValue](repeating: .missing, count: schema.columns.count)
        // The record's date matters only for a 10-digit personnummer's century: read lazily.
        var knownRecordDate: CivilDate?
        func recordDate() -> CivilDate {
            if let d = knownRecordDate { return d }
            let d = recordDateField.flatMap { CivilDate.parse(reader.value($0)) } ?? fallbackDate
            knownRecordDate = d
            return d
        }
        var nextCheck = 0
        var nextExtra = 0
        while nextCheck < checks.count || (extraCheck != nil && nextExtra < extraFields.count) {
            let takeExtra = extraCheck != nil && nextExtra < extraFields.count
                && (nextCheck >= checks.count || extraFields[nextExtra] < checks[nextCheck].field)
            if takeExtra {
                let field = extraFields[nextExtra]
                nextExtra += 1
                if let reject = extraCheck!(field, extraColumns[nextExtra - 1], reader.value(field)) {
                    return .failure(reject)
                }
                continue
            }
            let (c, field) = checks[nextCheck]
            nextCheck += 1
            // A value seen before in this file: its remembered result, without a String.
            if extraCheck == nil, let key = reader.withTrimmedField(field, FieldMemo.Key.init(bytes:)) {
                let result: Result<FieldValue, RowReject>
                if let known = memo[c, key] {
                    result = known
                } else {
                    let column = schema.columns[c]
                    result = Self.check(column, reader.value(field), recordDate: recordDate(), schools: schools)
                    if Self.isRememberable(result, of: column, length: key.count) {
                        memo.remember(result, column: c, key: key)
                    }
                }
                switch result {
                case .success(let value): values[c] = value
                case .failure(let reject): return .failure(reject)
                }
                continue
            }
            let column = schema.columns[c]
            let text = reader.value(field)
            if text.isEmpty {
                if column.required {
                    return .failure(RowReject(.missingValue, column: column.name, "\(column.name) is empty"))
                }
                if oneOf.contains(c) && oneOfFields.allSatisfy({ reader.value($0).isEmpty }) {
                    let names = (schema.oneOfRequired ?? []).joined(separator: " and ")
                    return .failure(RowReject(.missingValue, column: column.name, "\(names) are both empty"))
                }
                continue
            }
            switch Self.check(column, text, recordDate: recordDate(), schools: schools) {
            case .success(let value): values[c] = value
            case .failure(let reject): return .failure(reject)
            }
            if let extraCheck, let reject = extraCheck(field, column.name, text) { return .failure(reject) }
        }
        return .success(values)
    }

    /// The file's field index of schema column `column`, if the header has it.
    public func fieldIndex(ofSchemaColumn column: Int) -> Int? {
        checks.first { $0.column == column }?.field
    }

    /// Whether `check`'s result depends on the text alone. A pupil identifier's may depend
    /// on the record's date (a 10-digit personnummer's century), so only the 12-digit and
    /// temporary forms that parsed are remembered.
    static func isRememberable(_ result: Result<FieldValue, RowReject>, of column: SourceSchema.Column, length: Int) -> Bool {
        switch column.type {
        case .personnummer, .temporaryID, .pupilID:
            if case .success = result { return length >= 12 }
            return false
        default:
            return true
        }
    }

    static func check(_ column: SourceSchema.Column, _ text: String, recordDate: CivilDate,
                      schools: Set<String>) -> Result<FieldValue, RowReject> {
        let name = column.name
        func reject(_ reason: RejectReason, _ what: String) -> Result<FieldValue, RowReject> {
            .failure(RowReject(reason, column: name, "\(name) '\(IdentifierMask.mask(text))' \(what)"))
        }
        switch column.type {
        case .text:
            if let limit = column.maxLength, text.count > limit {
                return reject(.invalidValue, "is longer than \(limit) characters")
            }
            return .success(.text(text))
        case .freeText:
            return .success(.text(IdentifierMask.mask(text)))
        case .code:
            let folded = HeaderName.fold(text)
            guard !folded.isEmpty, folded.count <= (column.maxLength ?? 40),
                  folded.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
                return reject(.invalidValue, "is not a code of 1–\(column.maxLength ?? 40) characters a–z, 0–9 and _")
            }
            return .success(.text(folded))
        case .schoolYear:
            guard let year = SchoolYear(text) else { return reject(.invalidValue, "is not a school year such as 2023/24") }
            return .success(.text(year.code))
        case .date:
            guard let d = CivilDate.parse(text) else { return reject(.invalidDate, "is not a real date (YYYY-MM-DD or YYYYMMDD)") }
            return .success(.date(d))
        case .datetime:
            guard let d = StockholmTime.date(of: text) else { return reject(.invalidDate, "is not a date or ISO 8601 date-time") }
            return .success(.date(d))
        case .decimal:
            guard let v = Double(text.replacingOccurrences(of: ",", with: ".")), v.isFinite,
                  text.allSatisfy({ $0.isASCII }) else {
                return reject(.invalidValue, "is not a decimal number")
            }
            return .success(.decimal(v))
        case .integer:
            guard let v = Int(text), v >= (column.min ?? Int.min), v <= (column.max ?? Int.max) else {
                let range = switch (column.min, column.max) {
                case let (low?, high?): "from \(low) to \(high)"
                case let (low?, nil): "of at least \(low)"
                case let (nil, high?): "of at most \(high)"
                case (nil, nil): ""
                }
                return reject(.invalidValue, range.isEmpty ? "is not a whole number" : "is not a whole number \(range)")
            }
            return .success(.integer(v))
        case .enum:
            let folded = HeaderName.fold(text)
            guard let value = column.values?.first(where: { HeaderName.fold($0) == folded }) else {
                return reject(.invalidValue, "is not one of \((column.values ?? []).joined(separator: ", "))")
            }
            return .success(.text(value))
        case .schoolCode:
            guard text.utf8.count == 8, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                return reject(.invalidSchool, "is not an 8-digit school unit code")
            }
            if column.lookup && !schools.contains(text) {
                return reject(.unknownSchool, "is not in the school unit register")
            }
            return .success(.text(text))
        case .personnummer, .temporaryID, .pupilID:
            guard let id = PupilIdentifier.parse(text, recordDate: recordDate) else {
                return reject(.invalidPersonnummer, "is not a valid personnummer, samordningsnummer or temporary id")
            }
            if column.type == .personnummer && id.kind == .temporary {
                return reject(.invalidPersonnummer, "is a temporary id; it belongs in tillfalligt_id")
            }
            if column.type == .temporaryID && id.kind != .temporary {
                return reject(.invalidPersonnummer, "is not a temporary id (YYYYMMDD-TXXX)")
            }
            return .success(.pupil(id))
        case .gradeYear:
            guard let v = Int(text), (6...9).contains(v) else { return reject(.invalidGradeYear, "is not a grade year 6–9") }
            return .success(.integer(v))
        case .term:
            guard let t = Term(text) else { return reject(.invalidTerm, "is not a term such as HT2023 or VT2024") }
            return .success(.term(t))
        case .subject:
            guard let code = Subject.code(text) else { return reject(.invalidSubject, "is not a subject code") }
            return .success(.text(code))
        case .grade:
            guard let g = Grade(code: text) else {
                // the scale before 2011: a steward's likeliest mistake, said as such
                if ["IG", "G", "VG", "MVG"].contains(text.uppercased()) {
                    return reject(.invalidGrade, "is a grade of the old scale (IG, G, VG, MVG), which is not loaded: only A–F and -")
                }
                return reject(.invalidGrade, "is not a grade A–F or -")
            }
            return .success(.grade(g))
        case .municipalityCode:
            guard text.utf8.count == 4, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                return reject(.invalidValue, "is not a 4-digit municipality code")
            }
            return .success(.text(text))
        case .officialCount, .officialFigure:
            if let marker = column.values?.first(where: { $0 == text }) { return .success(.text(marker)) }
            let whole = column.type == .officialCount
            let low = Double(column.min ?? 0), high = column.max.map(Double.init) ?? .infinity
            let markers = (column.values ?? []).map { "'\($0)'" }.joined(separator: ", ")
            guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2C || $0 == 0x2E }),
                  let v = Double(text.replacingOccurrences(of: ",", with: ".")), v.isFinite, v >= low, v <= high,
                  !whole || v == v.rounded() else {
                let range = high.isInfinite ? "\(whole ? "a whole number" : "a number") of at least \(Int(low))"
                    : "a number from \(Int(low)) to \(Int(high))"
                return reject(.invalidValue, "is not \(range) nor a marker (\(markers))")
            }
            return .success(whole ? .integer(Int(v)) : .decimal(v))
        }
    }
}
