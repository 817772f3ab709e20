import LikvardIO

/// Feed `skolverket`: Skolverket's official statistics per school unit (SIRIS, "Grundskola
/// – Slutbetyg årskurs 9, samtliga elever"), read exactly as published: the school year
/// from the preamble's `Valt läsår: YYYY/YY`, the rows up to the first line whose fields
/// are all empty (Skolverket's notes follow), one row per school unit. Not pupil data.
struct OfficialStatistics: FeedParser {
    let feed = Feed.skolverket
    /// The file's school year, `2024/25`.
    let schoolYear: String
    // Column indexes looked up once, as in GradeExport, not by name for every row.
    private let name, code, municipality, organiser: Int
    /// Antal elever, the two shares, the mean merit value: where a `..` suppresses the row.
    private let pupils, allPassed, vocational, merit: Int

    init(schoolYear: String) {
        self.schoolYear = schoolYear
        let c = SchemaColumns(.skolverket)
        (name, code, municipality, organiser) = (c["skola"], c["skol-enhetskod"], c["kommun-kod"], c["typ av huvudman"])
        (pupils, allPassed, vocational, merit) = (c["antal elever"], c["andel (%) elever som uppfyllt betygskriterierna i alla amnen"],
                                                  c["andel (%) elever behoriga till yrkesprog."], c["genomsnittligt meritvarde (17 amnen)"])
    }

    /// A school unit may occur once per file.
    func uniqueKey(_ values: [FieldValue]) -> String? { values[code].text }

    func record(_ v: [FieldValue], extras: [String], line: Int) -> FeedRecord {
        .officialResult(OfficialSchoolResult(
            line: line, schoolYear: schoolYear, code: v[code].text!, name: v[name].text!,
            municipalityCode: v[municipality].text!, organiser: v[organiser].text!,
            pupils: v[pupils].integer,
            shareAllSubjectsPassed: v[allPassed].decimal.map { $0 / 100 },
            shareEligibleVocational: v[vocational].decimal.map { $0 / 100 },
            eligibleVocationalNearlyAll: v[vocational].text == "~100",
            meanMeritValue: v[merit].decimal,
            suppressed: [pupils, allPassed, vocational, merit].contains { v[$0].text == ".." }))
    }

    /// The school year a preamble line names (`Valt läsår: 2024/25`, padded with
    /// delimiters as SIRIS writes it), or nil. The two years must follow each other.
    static func schoolYear(inPreambleLine text: String) -> String? {
        let folded = HeaderName.fold(text)
        guard let marker = folded.range(of: "valt lasar:") else { return nil }
        let rest = folded[marker.upperBound...].drop { $0 == " " }
        let digits = Array(rest.prefix(7))
        guard digits.count == 7, digits[4] == "/", let first = Int(String(digits[0..<4])),
              let second = Int(String(digits[5..<7])), (first + 1) % 100 == second else { return nil }
        return String(digits)
    }

    /// The header line: the first whose first field is `Skola`.
    static func isHeader(_ firstField: String) -> Bool { HeaderName.fold(firstField) == "skola" }

    /// Reads SIRIS's preamble and header: the header's names and the school year the
    /// preamble names. No line at all: `empty_file`; no header line: `missing_column`; no
    /// `Valt läsår`: `unknown_school_year`.
    static func readHeader(_ reader: CSVReader) throws -> (header: [String], schoolYear: String) {
        var preambleLines = 0
        var schoolYear: String?
        guard let header = try reader.readHeader(isHeader: isHeader, preamble: {
            preambleLines += 1
            schoolYear = schoolYear ?? Self.schoolYear(inPreambleLine: $0)
        }) else {
            throw preambleLines == 0 ? FileQuarantine(.emptyFile, "the file holds no header line")
                : FileQuarantine(.missingColumn, "no header line: no line's first field is 'Skola'")
        }
        guard let schoolYear else {
            throw FileQuarantine(.unknownSchoolYear, "no 'Valt läsår: YYYY/YY' line before the header (line \(reader.headerLine)): the file's school year is unknown")
        }
        return (header, schoolYear)
    }
}

/// One school unit's official figures for a school year. Percentages are fractions 0–1;
/// a marker is nil (`..`, `.`), with `~100` and "any `..`" kept as flags.
struct OfficialSchoolResult: Sendable {
    let line: Int
    let schoolYear: String
    let code: String
    let name: String
    let municipalityCode: String
    /// `kommunal` or `enskild`.
    let organiser: String
    let pupils: Int?
    let shareAllSubjectsPassed: Double?
    let shareEligibleVocational: Double?
    let eligibleVocationalNearlyAll: Bool
    let meanMeritValue: Double?
    let suppressed: Bool
}
