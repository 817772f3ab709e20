import Foundation

/// An inbox as the model sees it: every row with its meaning and the text a file carries
/// for it, every file with the night it arrives. `write(night:into:)` puts a night's files
/// into a real inbox folder; the model reads the same rows in processing order.
public struct ModelInbox: Sendable {
    public struct SchoolRow: Sendable {
        public var code: String
        public var name: String
        public var district: String?
        public var organiser: String?
        public var gradeSpan: String?
        /// The index and its text in the file (decimal comma or point).
        public var index: Double?
        public var indexText: String
        public var validFrom: Day?
    }

    public struct Registration: Sendable {
        public var pupil: Int               // the generator's pupil number, for shrinking
        public var registered: Day
        public var school: String
        public var personnummer: ModelIdentifier?
        public var temporary: ModelIdentifier?
        public var schoolStart: Day
        public var arrival: Day?
        public var needGroup: Int?
        public var mappingDone: Day?
        public var motherTongue: String?
        public var text: [String: String]   // column → field as written
    }

    public struct GradeRow: Sendable {
        public var pupil: Int
        public var identifier: ModelIdentifier
        public var school: String
        public var gradeYear: Int
        public var term: String             // normalised, `VT2024`
        public var subject: String          // upper case
        public var grade: String            // upper case
        public var date: Day
        public var text: [String: String]
    }

    public struct SurveyQuestion: Sendable {
        public var id: String
        public var focusArea: String
        public var reversed: Bool
        /// One of the definition's `delomraden`, or nil.
        public var delomrade: String? = nil
    }

    public struct SurveyDefinition: Sendable {
        public var survey: String
        public var scaleMin: Int
        public var scaleMax: Int
        public var dontKnow: [String]
        public var questions: [SurveyQuestion]
        /// The survey's own areas (the self-assessment's), or none.
        public var delomraden: [String] = []
    }

    public enum Answer: Sendable, Equatable {
        case value(Int)
        case dontKnow
    }

    public struct SurveyResponse: Sendable {
        public var responseID: String
        public var survey: String
        public var school: String
        /// The date of `inskickad` in Europe/Stockholm.
        public var submittedOn: Day
        public var role: String?
        public var answers: [String: Answer]   // question id → non-empty answer
        /// `niva`: individ, arbetslag, skola, or nil.
        public var level: String? = nil
        public var text: [String: String]
    }

    /// A row of feed `insatser`.
    public struct ActivityRow: Sendable {
        public var id: String
        public var school: String
        public var kind: String              // folded, as the warehouse stores it
        public var focusArea: String
        public var start: String             // term, `HT2023`
        public var end: String?
        public var cost: Int?
        public var text: [String: String]
    }

    /// A row of feed `resurser`.
    public struct ResourceRow: Sendable {
        public var school: String
        public var schoolYear: String        // `2023/24`
        public var pupils: Int
        public var supplement: Int
        public var newcomerAllocation: Int
        public var text: [String: String]
    }

    /// A row of feed `mal`.
    public struct TargetRow: Sendable {
        public var id: String
        public var scope: String             // stad | skola
        public var school: String?
        public var focusArea: String?
        public var measure: String
        public var population: String
        public var gradeYear: Int
        public var survey: String?
        public var surveyFocusArea: String?
        public var baseline: String
        public var target: String
        public var value: Double
        public var text: [String: String]
    }

    /// A row of feed `skolverket` as SIRIS writes it: figures as text, with its markers
    /// (`..` suppressed, `.` no value, `~100`) and a decimal comma.
    public struct OfficialRow: Sendable {
        public var code: String
        public var name: String
        public var municipality: String
        public var organiser: String          // Kommunal | Enskild
        public var pupils: String
        public var allPassed: String
        public var vocational: String
        public var merit: String
    }

    public enum Content: Sendable {
        case register([SchoolRow])
        case registrations([Registration])
        case grades([GradeRow])
        case definition(SurveyDefinition, json: String)
        case responses([SurveyResponse], questionColumns: [String])
        case activities([ActivityRow])
        case resources([ResourceRow])
        case targets([TargetRow])
        case official(schoolYear: String, rows: [OfficialRow])
    }

    public struct File: Sendable {
        public var path: String             // relative to the inbox, e.g. `betyg/vt2024.csv`
        public var night: Int
        public var gzip: Bool
        public var content: Content
        /// Column order of the header (a permutation of the feed's columns).
        public var columns: [String]
        /// How the file's bytes are written (the reader must give the same rows either way).
        public var format = Format()

        var feedOrder: Int {
            ["skolenheter", "nyanlanda", "betyg", "enkater", "skolverket", "insatser", "resurser", "mal"].firstIndex(of: String(path.split(separator: "/")[0]))!
        }
        var isDefinition: Bool { if case .definition = content { return true }; return false }
    }

    /// The ways a school system writes the same CSV: Windows-1252 instead of UTF-8, CRLF, an
    /// Excel `sep=;` line before the header, every field quoted.
    public struct Format: Sendable {
        public var windows1252 = false
        public var crlf = false
        public var sepLine = false
        public var quoteEveryField = false
        public init() {}
    }

    public var files: [File] = []
    /// The day the runs happen (a later register version without `giltig_from` is valid
    /// from the run's date).
    public var runDate: Day

    public init(files: [File] = [], runDate: Day) {
        self.files = files
        self.runDate = runDate
    }

    /// docs/feeds.md, "Which files, in which order": night by night; within a night the feeds
    /// in order, within a feed the paths byte-wise, survey definitions before exports.
    public var processingOrder: [File] {
        files.sorted { a, b in
            let ka = (a.night, a.feedOrder, a.isDefinition ? 0 : 1), kb = (b.night, b.feedOrder, b.isDefinition ? 0 : 1)
            if ka != kb { return ka < kb }
            return Array(a.path.utf8).lexicographicallyPrecedes(b.path.utf8)
        }
    }

    public var nights: [Int] { Array(Set(files.map(\.night))).sorted() }

    /// The inbox as it stood after `night`: what the analysts saw then.
    public func through(night: Int) -> ModelInbox {
        var copy = self
        copy.files = files.filter { $0.night <= night }
        return copy
    }

    /// The files' text, as written.
    public static func text(of file: File) -> String {
        switch file.content {
        case .definition(_, let json): return json
        case .register(let rows): return csv(file.columns, rows.map { row in
            ["skolenhetskod": row.code, "skolnamn": row.name, "stadsdel": row.district ?? "", "huvudman": row.organiser ?? "",
             "arskurser": row.gradeSpan ?? "", "socioekonomiskt_index": row.indexText,
             "giltig_from": row.validFrom?.description ?? ""] }, quoteEveryField: file.format.quoteEveryField)
        case .registrations(let rows): return csv(file.columns, rows.map(\.text), quoteEveryField: file.format.quoteEveryField)
        case .grades(let rows): return csv(file.columns, rows.map(\.text), quoteEveryField: file.format.quoteEveryField)
        case .responses(let rows, _): return csv(file.columns, rows.map(\.text), quoteEveryField: file.format.quoteEveryField)
        case .activities(let rows): return csv(file.columns, rows.map(\.text), quoteEveryField: file.format.quoteEveryField)
        case .resources(let rows): return csv(file.columns, rows.map(\.text), quoteEveryField: file.format.quoteEveryField)
        case .targets(let rows): return csv(file.columns, rows.map(\.text), quoteEveryField: file.format.quoteEveryField)
        case .official(let year, let rows): return siris(schoolYear: year, rows)
        }
    }

    static func csv(_ columns: [String], _ rows: [[String: String]], quoteEveryField: Bool = false) -> String {
        // RFC 4180: a field holding the delimiter, a quote or a line break is quoted
        func field(_ text: String) -> String {
            quoteEveryField || text.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        return ([columns.joined(separator: ";")] + rows.map { row in columns.map { field(row[$0] ?? "") }.joined(separator: ";") })
            .joined(separator: "\n") + "\n"
    }

    /// SIRIS's export: a preamble naming the school year, the header, the rows, an empty
    /// line and Skolverket's notes (which are not data).
    static func siris(schoolYear: String, _ rows: [OfficialRow]) -> String {
        let pad = String(repeating: ";", count: 10)
        var lines = ["Statistik från Skolverket, https://www.skolverket.se" + pad, pad, "Grundskola - Slutbetyg årskurs 9, samtliga elever" + pad,
                     "Valt läsår: \(schoolYear)" + pad, pad,
                     "Skola;Skol-enhetskod;Skolkommun;Kommun-kod;Typ av huvudman;Huvudman;Huvudman orgnr;Antal elever;Andel (%) elever som uppfyllt betygskriterierna i alla ämnen;Andel (%) elever behöriga till yrkesprog.;Genomsnittligt meritvärde (17 ämnen)"]
        for r in rows {
            lines.append([r.name, r.code, "Kommun \(r.municipality)", r.municipality, r.organiser, "Huvudman", "2120000000",
                          r.pupils, r.allPassed, r.vocational, r.merit].joined(separator: ";"))
        }
        lines += [pad, "Förklaringar:" + pad, ".. Uppgiften är dold (färre än 10 elever)" + pad]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The file's bytes in its format (UTF-8 when a character has no Windows-1252 byte).
    static func bytes(of file: File) -> Data {
        var text = text(of: file)
        guard !file.isDefinition else { return Data(text.utf8) }
        if file.format.sepLine { text = "sep=;\n" + text }
        if file.format.crlf { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
        if file.format.windows1252, let data = text.data(using: .windowsCP1252) { return data }
        return Data(text.utf8)
    }

    /// Writes the files of `night` into `inbox` (gzip where the file says so).
    public func write(night: Int, into inbox: String) throws {
        for file in files where file.night == night {
            let full = inbox + "/" + file.path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            if file.gzip {
                let plain = String(full.dropLast(3))
                try Self.bytes(of: file).write(to: URL(fileURLWithPath: plain))
                try Built.shell("gzip -f '\(plain)'")
            } else {
                try Self.bytes(of: file).write(to: URL(fileURLWithPath: full))
            }
        }
    }

    /// The same inbox with only the rows of `pupils` (survey and register files whole):
    /// what a failing case is shrunk by.
    public func restricted(to pupils: Set<Int>) -> ModelInbox {
        var copy = self
        copy.files = files.map { file in
            var f = file
            switch file.content {
            case .registrations(let rows): f.content = .registrations(rows.filter { pupils.contains($0.pupil) })
            case .grades(let rows): f.content = .grades(rows.filter { pupils.contains($0.pupil) })
            default: break
            }
            return f
        }
        return copy
    }

    public var pupils: Set<Int> {
        var all = Set<Int>()
        for file in files {
            switch file.content {
            case .registrations(let rows): all.formUnion(rows.map(\.pupil))
            case .grades(let rows): all.formUnion(rows.map(\.pupil))
            default: break
            }
        }
        return all
    }
}
