import Crypto
import Foundation

/// An independent model of the contract (`docs/views.md`, `docs/feeds.md`): a
/// plain, slow, obviously-correct computation of every analyst view from the rows of a
/// `ModelInbox`, written from the contract's text and not from the warehouse's SQL. The
/// differential tests load the same inbox through the real pipeline and compare every row.
///
/// Each rule is a short function named as the contract names it, with the sentence it
/// implements quoted above it.
public struct ContractModel {
    /// The thresholds of docs/views.md (its defaults; pipelines may configure them).
    public struct Settings: Sendable {
        /// "fewer than 10 counted pupils (5 respondents for surveys)"
        public var minPupils = 10, minRespondents = 5
        /// low_eligibility "< 0.80", declining "≥ 10 points below", low_survey "< 0.375"
        public var lowEligibilityShare = 0.80, decliningPoints = 10.0, lowSurveyFraction = 0.375
        /// mapping_overdue: "two calendar months after skolstart_sverige"
        public var mappingDeadlineMonths = 2
        /// allocation_basis: "allocation_count_date (MM-DD, default 10-15)"
        public var allocationCountDate = (month: 10, day: 15)
        /// "newcomer_amounts_kr ({"1": 95000, …}); NULL where unset": group 4 left unset here
        public var newcomerAmounts: [Int: Int] = [1: 95_000, 2: 70_000, 3: 45_000]
        public init() {}
    }

    let inbox: ModelInbox
    let key: [UInt8]
    let settings: Settings

    /// One counted pupil at a school in a term (`pupil_term_results`).
    public struct PupilTerm {
        public var pupil: ModelIdentifier
        public var school: String
        public var term: Term
        public var gradeYear: Int
        public var sex: String?
        public var nGrades: Int
        public var nPassed: Int
        public var meritValue: Double
        public var allSubjectsPassed: Bool
        public var eligibleVocational: Bool
        public var eligibleHigherEd: Bool
        public var isNewcomer: Bool
        public var isNewlyImmigrated: Bool
        public var unknownBackground: Bool
        public var needGroup: Int?
        public var yearsInSwedishSchool: Int?
    }

    public init(inbox: ModelInbox, key: [UInt8], settings: Settings = Settings()) {
        self.inbox = inbox
        self.key = key
        self.settings = settings
        registrations = inbox.processingOrder.flatMap { file -> [ModelInbox.Registration] in
            if case .registrations(let rows) = file.content { return rows }
            return []
        }
        links = Self.links(registrations)
    }

    /// Every registration, in processing order (file order, then line).
    let registrations: [ModelInbox.Registration]
    /// Temporary id (normalised) → the personnummer it is linked to.
    let links: [String: ModelIdentifier]

    // MARK: Terms

    /// A term: `HT2023` / `VT2024`.
    public struct Term: Hashable, Comparable, Sendable, CustomStringConvertible {
        public let season: String
        public let year: Int

        public init(_ text: String) {
            season = String(text.prefix(2))
            year = Int(text.dropFirst(2))!
        }

        public init(season: String, year: Int) {
            self.season = season
            self.year = year
        }

        public var description: String { season + String(year) }
        /// "HT = 31 December, VT = 30 June of its year."
        public var referenceDate: Day { season == "HT" ? Day(year, 12, 31) : Day(year, 6, 30) }
        /// "School year 2023/24 = HT2023 + VT2024."
        public var schoolYear: String {
            let first = season == "HT" ? year : year - 1
            return String(first) + "/" + String(format: "%02d", (first + 1) % 100)
        }
        public var termStart: Day { season == "HT" ? Day(year, 7, 1) : Day(year, 1, 1) }
        /// "School year of a date: 1 July – 30 June."
        public var schoolYearSpan: ClosedRange<Day> {
            let first = season == "HT" ? year : year - 1
            return Day(first, 7, 1)...Day(first + 1, 6, 30)
        }
        /// The same season a year earlier (VT2024 → VT2023).
        public var previousYear: Term { Term(season: season, year: year - 1) }

        public static func < (a: Term, b: Term) -> Bool { a.referenceDate < b.referenceDate }

        /// "A response's term: VT for January–June, HT for July–December."
        public init(of day: Day) { self.init(season: day.month <= 6 ? "VT" : "HT", year: day.year) }
    }

    // MARK: Identifiers

    /// "When a newcomer registration carries both a temporary id and a personnummer, the
    /// temporary id is linked … If registrations link one temporary id to different
    /// personnummer, the latest registration (by registreringsdatum, ties: the one
    /// processed later) wins."
    static func links(_ registrations: [ModelInbox.Registration]) -> [String: ModelIdentifier] {
        var chosen: [String: (Day, Int, ModelIdentifier)] = [:]
        for (order, r) in registrations.enumerated() {
            guard let temp = r.temporary, let pnr = r.personnummer else { continue }
            if let current = chosen[temp.normalized], (current.0, current.1) > (r.registered, order) { continue }
            chosen[temp.normalized] = (r.registered, order, pnr)
        }
        return chosen.mapValues { $0.2 }
    }

    /// The pupil an identifier belongs to: a linked temporary id belongs to the
    /// personnummer's pupil.
    func pupil(of id: ModelIdentifier) -> ModelIdentifier {
        id.kind == .temporary ? links[id.normalized] ?? id : id
    }

    /// "pupil_id = lower-case hex of HMAC-SHA256(key, id), first 32 hex digits."
    public func pupilID(_ id: ModelIdentifier) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(id.normalized.utf8), using: SymmetricKey(data: key))
        return mac.map { String(format: "%02x", $0) }.joined().prefix(32).description
    }

    /// "Unknown background: the pupil is known only by an unlinked temporary id or by a
    /// samordningsnummer."
    func unknownBackground(_ pupil: ModelIdentifier) -> Bool { pupil.kind != .personnummer }

    // MARK: Grades in force

    public struct Grade {
        public var subject: String
        public var grade: String
        public var gradeYear: Int
        public var date: Day
        public var order: Int   // file order, then line: "the later row"
    }

    /// "A grade file replaces every grade previously loaded for each (school, term) pair
    /// among its loaded rows — but only grades that came from files first seen before it."
    /// Every file here is new content, so the last file processed holding a partition owns
    /// it. Within it: "Two different rows for the same pupil, school, term and subject: the
    /// one with the later betygsdatum wins (ties: the later row)."
    /// Returns (school, term) → pupil → subject → grade, with every row of the pupil there.
    func gradesInForce() -> [PartitionKey: [ModelIdentifier: (grades: [String: Grade], rows: [Grade])]] {
        var owner: [PartitionKey: Int] = [:]
        var rowsByFile: [[ModelInbox.GradeRow]] = []
        for file in inbox.processingOrder {
            guard case .grades(let rows) = file.content else { continue }
            for row in rows { owner[PartitionKey(school: row.school, term: Term(row.term))] = rowsByFile.count }
            rowsByFile.append(rows)
        }
        var result: [PartitionKey: [ModelIdentifier: (grades: [String: Grade], rows: [Grade])]] = [:]
        for (fileIndex, rows) in rowsByFile.enumerated() {
            for (line, row) in rows.enumerated() {
                let key = PartitionKey(school: row.school, term: Term(row.term))
                guard owner[key] == fileIndex else { continue }
                let grade = Grade(subject: row.subject, grade: row.grade, gradeYear: row.gradeYear, date: row.date,
                                  order: fileIndex * 1_000_000 + line)
                let who = pupil(of: row.identifier)
                var entry = result[key, default: [:]][who] ?? (grades: [:], rows: [])
                entry.rows.append(grade)
                if let current = entry.grades[grade.subject], (current.date, current.order) > (grade.date, grade.order) {
                    // the earlier-dated (or earlier) row stays replaced
                } else {
                    entry.grades[grade.subject] = grade
                }
                result[key, default: [:]][who] = entry
            }
        }
        return result
    }

    public struct PartitionKey: Hashable {
        public let school: String
        public let term: Term
    }

    // MARK: Per-pupil rules

    /// "Grade points: A 20, B 17.5, C 15, D 12.5, E 10, F 0, - 0."
    static func points(_ grade: String) -> Double {
        ["A": 20, "B": 17.5, "C": 15, "D": 12.5, "E": 10][grade] ?? 0
    }

    /// "Passed: grade A–E."
    static func passed(_ grade: String) -> Bool { ["A", "B", "C", "D", "E"].contains(grade) }

    /// "Merit value: the sum of the 16 highest grade points over the pupil's grades except
    /// M2, plus the points of M2 … when present. SV and SVA count once: only the higher."
    static func meritValue(_ grades: [String: Grade]) -> Double {
        var candidates: [Double] = []
        for (subject, g) in grades where !["M2", "SV", "SVA"].contains(subject) { candidates.append(points(g.grade)) }
        let swedish = ["SV", "SVA"].compactMap { grades[$0] }.map { points($0.grade) }
        if let best = swedish.max() { candidates.append(best) }
        let best16 = candidates.sorted(by: >).prefix(16).reduce(0, +)
        return best16 + (grades["M2"].map { points($0.grade) } ?? 0)
    }

    /// "Eligible, vocational programme: passed in (SV or SVA), EN and MA, and in at least 5
    /// other subjects … higher-education preparatory: the same three and at least 9 other."
    static func eligibility(_ grades: [String: Grade]) -> (vocational: Bool, higherEd: Bool) {
        let passedSubjects = Set(grades.values.filter { passed($0.grade) }.map(\.subject))
        let core = (passedSubjects.contains("SV") || passedSubjects.contains("SVA"))
            && passedSubjects.contains("EN") && passedSubjects.contains("MA")
        let others = passedSubjects.subtracting(["SV", "SVA", "EN", "MA"]).count
        return (core && others >= 5, core && others >= 9)
    }

    /// "The earliest skolstart_sverige and the earliest ankomstdatum count."
    static func schoolStart(_ regs: [(order: Int, registration: ModelInbox.Registration)]) -> Day? {
        regs.map(\.registration.schoolStart).min()
    }

    /// "Newcomer at a term: the pupil's skolstart_sverige is after the autumn term start of
    /// the calendar year in which the pupil turns 7 (birth year + 7) and within 4 years
    /// before the term's reference date." "Within 4 years before R" means X ≤ R and whole
    /// years < 4.
    static func isNewcomer(birth: Day, schoolStart: Day?, term: Term) -> Bool {
        isNewcomer(birth: birth, schoolStart: schoolStart, on: term.referenceDate)
    }

    /// The newcomer rule with `r` as the reference date (allocation_basis: a count date).
    static func isNewcomer(birth: Day, schoolStart: Day?, on r: Day) -> Bool {
        guard let start = schoolStart else { return false }
        return start > Day(birth.year + 7, 8, 15) && start <= r && wholeYears(from: start, to: r) < 4
    }

    /// "Newly immigrated at a term: ankomstdatum (or, if missing, skolstart_sverige) is
    /// within 4 years before the term's reference date."
    static func isNewlyImmigrated(arrival: Day?, schoolStart: Day?, term: Term) -> Bool {
        guard let d = arrival ?? schoolStart else { return false }
        let r = term.referenceDate
        return d <= r && wholeYears(from: d, to: r) < 4
    }

    /// "The need group is that of the latest registration with a behovsgrupp dated on or
    /// before the term's reference date (else the earliest registration with one; none:
    /// NULL); on equal dates, the one processed later."
    static func needGroup(_ regs: [(order: Int, registration: ModelInbox.Registration)], term: Term) -> Int? {
        needGroup(regs, on: term.referenceDate)
    }

    static func needGroup(_ regs: [(order: Int, registration: ModelInbox.Registration)], on r: Day) -> Int? {
        let withGroup = regs.filter { $0.registration.needGroup != nil }
        let onOrBefore = withGroup.filter { $0.registration.registered <= r }
        if let latest = onOrBefore.max(by: { ($0.registration.registered, $0.order) < ($1.registration.registered, $1.order) }) {
            return latest.registration.needGroup
        }
        // the earliest date; among equal dates the one processed later
        let earliest = withGroup.min(by: { a, b in
            a.registration.registered != b.registration.registered ? a.registration.registered < b.registration.registered : a.order > b.order
        })
        return earliest?.registration.needGroup
    }

    /// `pupil_term_results`: "one row per (pupil, school, term) … Only counted pupils"
    /// (at least one grade at that school in that term).
    public func pupilTerms() -> [PupilTerm] {
        var result: [PupilTerm] = []
        var registrationsByPupil: [ModelIdentifier: [(order: Int, registration: ModelInbox.Registration)]] = [:]
        for (order, r) in registrations.enumerated() {
            registrationsByPupil[pupil(of: r.personnummer ?? r.temporary!), default: []].append((order, r))
        }
        for (partition, pupils) in gradesInForce() {
            for (who, entry) in pupils {
                let grades = entry.grades
                guard !grades.isEmpty else { continue }
                // "A pupil's arskurs at a school in a term is that of their row with the
                // latest betygsdatum (ties: the later row)."
                let latestRow = entry.rows.max { ($0.date, $0.order) < ($1.date, $1.order) }!
                let regs = registrationsByPupil[who] ?? []
                let start = Self.schoolStart(regs)
                let arrival = regs.compactMap(\.registration.arrival).min()
                let newcomer = Self.isNewcomer(birth: who.birth, schoolStart: start, term: partition.term)
                let eligibility = Self.eligibility(grades)
                let nPassed = grades.values.filter { Self.passed($0.grade) }.count
                result.append(PupilTerm(
                    pupil: who, school: partition.school, term: partition.term, gradeYear: latestRow.gradeYear,
                    sex: who.sex, nGrades: grades.count, nPassed: nPassed, meritValue: Self.meritValue(grades),
                    allSubjectsPassed: nPassed == grades.count,
                    eligibleVocational: eligibility.vocational, eligibleHigherEd: eligibility.higherEd,
                    isNewcomer: newcomer,
                    isNewlyImmigrated: Self.isNewlyImmigrated(arrival: arrival, schoolStart: start, term: partition.term),
                    unknownBackground: unknownBackground(who),
                    needGroup: newcomer ? Self.needGroup(regs, term: partition.term) : nil,
                    yearsInSwedishSchool: newcomer ? wholeYears(from: start!, to: partition.term.referenceDate) : nil))
            }
        }
        return result
    }
}
