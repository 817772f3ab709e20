import Foundation

/// Random inboxes for the differential tests: a city of schools, pupils with 0–21 grades a
/// term drawn from every subject code (SV and SVA together, ML, M1, M2, F and `-`, repeated
/// subjects with other dates), corrected exports, newcomers with temporary ids linked late
/// (and once in a while to two personnummer), register changes, two surveys with reversed
/// questions, don't-know answers, re-delivered responses and a replaced definition.
///
/// Dates are drawn near the contract's edges on purpose — the autumn term start of the year
/// a pupil turns 7, exactly four years before a reference date, the mapping deadline itself
/// — so that moving a rule by one step changes some row.
public struct RandomInbox {
    public static let terms = ["VT2023", "HT2023", "VT2024", "HT2024", "VT2025"].map(ContractModel.Term.init)
    static let subjects = ["BL", "BI", "EN", "FY", "GE", "HKK", "HI", "IDH", "KE", "MA", "M1", "M2", "ML", "MU", "RE", "SH",
                           "SL", "SV", "SVA", "TK", "TN"]
    /// The subjects nearly every pupil is graded in (16 + SV or SVA).
    static let usual = ["BL", "BI", "EN", "FY", "GE", "HKK", "HI", "IDH", "KE", "MA", "MU", "RE", "SH", "SL", "TK", "M2"]

    var random: SeededRandom
    let nights: Int
    var usedIdentifiers = Set<String>()
    var schools: [String] = []
    var schoolWeights: [Int] = []
    var gradeRows: [(term: ContractModel.Term, row: ModelInbox.GradeRow)] = []
    var registrations: [(night: Int, row: ModelInbox.Registration)] = []
    var evenSchools = false

    /// An inbox of about `pupils` pupils, its files spread over `nights` nights; by
    /// default one school per 45 pupils (cells on both sides of 10), fewer for a denser city.
    /// `evenSchools`: every school the same size (most cells over 10: the expected-results
    /// fit needs 20 qualifying schools in one term and grade year).
    public static func make(seed: UInt64, pupils: Int, nights: Int = 1, schools: Int? = nil, evenSchools: Bool = false) -> ModelInbox {
        var g = RandomInbox(random: SeededRandom(seed: seed), nights: nights)
        g.evenSchools = evenSchools
        return g.inbox(pupils: pupils, schools: schools ?? max(4, pupils / 45))
    }

    mutating func night() -> Int { random.int(1...nights) }

    // MARK: The inbox

    mutating func inbox(pupils: Int, schools count: Int) -> ModelInbox {
        let today = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        var inbox = ModelInbox(runDate: Day(today.year!, today.month!, today.day!))
        inbox.files += registerFiles(count: count)
        for p in 0..<pupils { addPupil(p) }
        twinSchools(pupils: pupils)
        inbox.files += gradeFiles()
        inbox.files += registrationFiles()
        inbox.files += surveyFiles()
        inbox.files += followUpFiles()
        inbox.files += officialFiles()
        // the CSV files in the ways school systems write them, each way on some files
        // (Skolverket's as SIRIS writes it: its encoding and line ends may vary, its layout not)
        for i in inbox.files.indices where !inbox.files[i].path.hasSuffix(".json") {
            let siris = inbox.files[i].path.hasPrefix("skolverket/")
            inbox.files[i].format.windows1252 = random.chance(0.3)
            inbox.files[i].format.crlf = random.chance(0.3)
            inbox.files[i].format.sepLine = !siris && random.chance(0.2)
            inbox.files[i].format.quoteEveryField = !siris && random.chance(0.2)
        }
        return inbox
    }

    // MARK: Skolverket

    /// SIRIS exports for three school years (one of them delivered twice: the later file
    /// replaces the earlier whole): most of the city's schools (municipality 0180) and some
    /// of other municipalities, with every marker — `..` suppressed, `.` no value, `~100`
    /// nearly every pupil eligible — and decimal commas.
    mutating func officialFiles() -> [ModelInbox.File] {
        func decimal(_ low: Double, _ high: Double) -> String {
            String(format: "%.1f", Double(random.int(Int(low * 10)...Int(high * 10))) / 10).replacingOccurrences(of: ".", with: ",")
        }
        var files: [ModelInbox.File] = []
        for (year, version) in [("2022/23", 1), ("2023/24", 1), ("2024/25", 1), ("2024/25", 2)] where random.chance(0.85) {
            var codes = schools.filter { _ in random.chance(0.85) }.map { ($0, "0180") }
            for _ in 0..<random.int(5...25) {
                codes.append((String(format: "%08d", random.int(10_000_000...99_999_999)), random.pick(["0180", "0114", "1480", "2281"])))
            }
            var seen = Set<String>()
            var rows: [ModelInbox.OfficialRow] = []
            for (code, municipality) in codes where seen.insert(code).inserted {
                let marker = random.int(0...19)
                rows.append(ModelInbox.OfficialRow(
                    code: code, name: "Skolenhet \(code)", municipality: municipality, organiser: random.pick(["Kommunal", "Enskild"]),
                    pupils: marker == 0 ? ".." : marker == 1 ? "." : "\(random.int(10...220))",
                    allPassed: marker == 0 || random.chance(0.1) ? ".." : random.chance(0.05) ? "." : decimal(30, 100),
                    vocational: marker == 0 ? ".." : random.chance(0.1) ? "~100" : random.chance(0.05) ? "." : decimal(40, 100),
                    merit: marker == 0 || random.chance(0.1) ? ".." : random.chance(0.05) ? "." : decimal(140, 310)))
            }
            let gzip = random.chance(0.3)
            files.append(ModelInbox.File(path: "skolverket/slutbetyg-\(year.replacingOccurrences(of: "/", with: "-"))-v\(version).csv" + (gzip ? ".gz" : ""),
                                         night: night(), gzip: gzip, content: .official(schoolYear: year, rows: rows), columns: []))
        }
        return files
    }

    // MARK: Register

    mutating func registerFiles(count: Int) -> [ModelInbox.File] {
        var rows: [ModelInbox.SchoolRow] = []
        while schools.count < count {
            let code = String(format: "%08d", random.int(10_000_000...99_999_999))
            guard !schools.contains(code) else { continue }
            schools.append(code)
            // a few big schools, many middling, some small: cells on both sides of 10 pupils
            schoolWeights.append(evenSchools ? 1 : random.pick([1, 2, 3, 3, 4, 4, 5, 8]))
            rows.append(schoolRow(code, name: "Skola \(schools.count)", from: random.chance(0.3) ? Day(2020, 1, 1) : nil))
        }
        var files = [ModelInbox.File(path: "skolenheter/a-register.csv", night: 1, gzip: false, content: .register(rows),
                                     columns: ["skolenhetskod", "skolnamn", "stadsdel", "huvudman", "arskurser",
                                               "socioekonomiskt_index", "giltig_from"])]
        // Changes: a new name from a date inside the terms, from the run's date (empty
        // giltig_from), or an identical row that changes nothing.
        var changes: [ModelInbox.SchoolRow] = []
        for (i, code) in schools.enumerated() where random.chance(0.3) {
            switch random.int(0...2) {
            case 0: changes.append(schoolRow(code, name: "Skola \(i + 1) (ny)", from: random.pick([Day(2024, 1, 1), Day(2024, 6, 30), Day(2024, 7, 1)])))
            case 1: changes.append(schoolRow(code, name: "Skola \(i + 1) (senare)", from: nil))
            default: changes.append(rows[i])
            }
        }
        let gzip = random.chance(0.5)
        files.append(ModelInbox.File(path: "skolenheter/b-andringar.csv" + (gzip ? ".gz" : ""), night: night(), gzip: gzip,
                                     content: .register(changes),
                                     columns: ["giltig_from", "skolnamn", "skolenhetskod", "stadsdel", "huvudman", "arskurser",
                                               "socioekonomiskt_index"]))
        return files
    }

    mutating func schoolRow(_ code: String, name: String, from: Day?) -> ModelInbox.SchoolRow {
        let index = Double(random.int(50...150)) / 100
        return ModelInbox.SchoolRow(code: code, name: name, district: random.pick(["Norr", "Söder", "Öster", "Väster"]),
                                    organiser: random.pick(["kommunal", "fristående", nil]), gradeSpan: random.pick(["F-9", "7-9", nil]),
                                    index: index, indexText: String(format: "%.2f", index).replacingOccurrences(of: ".", with: random.pick([",", "."])),
                                    validFrom: from)
    }

    mutating func weightedSchool() -> String {
        var r = random.int(1...schoolWeights.reduce(0, +))
        for (i, w) in schoolWeights.enumerated() {
            r -= w
            if r <= 0 { return schools[i] }
        }
        return schools[0]
    }

    // MARK: Pupils

    mutating func identifier(_ kind: ModelIdentifier.Kind, birth: Day) -> ModelIdentifier {
        while true {
            let serial = kind == .temporary
                ? "F" + String(format: "%02d", random.int(0...99))
                : String(format: "%03d", random.int(0...999))
            let id = ModelIdentifier(kind: kind, birth: birth, serial: serial)
            if usedIdentifiers.insert(id.normalized).inserted { return id }
        }
    }

    mutating func addPupil(_ p: Int) {
        // grade year in a term: VT y → y − birth year − 7, HT y → y − birth year − 6 — and
        // for a few pupils two or three years ahead of their age: nothing in the rules ties
        // grade to age, and only such a pupil in grades 6–9 can have started school in
        // Sweden within four years of a term at the autumn term start of the year they
        // turned 7 (the newcomer rule's edge). Birth years that put nearly every pupil in
        // grades 6–9 in some term of 2023–2025.
        let ahead = random.chance(0.05) ? random.int(2...3) : 0
        let birthYear = ahead > 0 ? random.int(2010...2014) : random.int(2007...2012)
        let birth = Day(birthYear, random.int(1...12), random.int(1...28))
        // A few pupils repeat a grade (from a school year on, one grade behind) or skip one
        // (one ahead): the grade year of a pupil's terms need not rise by one a year.
        let change = random.int(0...99)
        let shift = change < 3 ? -1 : change < 6 ? 1 : 0
        let fromSchoolYear = random.int(2023...2024)
        func gradeYear(_ t: ContractModel.Term) -> Int {
            let schoolYear = t.season == "VT" ? t.year - 1 : t.year
            return t.year - birthYear + ahead - (t.season == "VT" ? 7 : 6) + (schoolYear >= fromSchoolYear ? shift : 0)
        }

        let r = random.int(0...99)
        let own: ModelIdentifier
        var temporary: ModelIdentifier?
        var registered = false
        switch r {
        case 0..<72: own = identifier(.personnummer, birth: birth); registered = random.chance(0.12)
        case 72..<80: own = identifier(.samordningsnummer, birth: birth); registered = random.chance(0.3)
        case 80..<90:   // a newcomer whose temporary id is linked to a personnummer
            own = identifier(.personnummer, birth: birth)
            temporary = identifier(.temporary, birth: birth)
            registered = true
        default:        // a newcomer known only by a temporary id
            own = identifier(.temporary, birth: birth)
            registered = true
        }

        let home = weightedSchool()
        let ability = Double(random.int(0...100)) / 100
        let newcomerish = temporary != nil || own.kind != .personnummer
        for term in Self.terms where (6...9).contains(gradeYear(term)) && random.chance(0.55) {
            let school = random.chance(0.1) ? weightedSchool() : home
            // which identifier the export files the pupil under
            let ids: [ModelIdentifier] = temporary.map { [$0, own] } ?? [own]
            addGrades(p, ids: ids, school: school, term: term, gradeYear: gradeYear(term), ability: ability,
                      secondLanguage: newcomerish)
        }
        if registered { addRegistrations(p, own: own, temporary: temporary, birth: birth, home: home) }
    }

    /// The second school's grades become the first school's, pupil for pupil under
    /// personnummer of their own: in every term the two schools' means tie, wherever they
    /// rank — a tie at a percentile, and at the low-merit signal's "at or below p10".
    mutating func twinSchools(pupils: Int) {
        guard schools.count >= 2 else { return }
        // the school with the most grade rows (its means are shown), and another
        let counts = Dictionary(grouping: gradeRows, by: \.row.school).mapValues(\.count)
        let ranked = schools.sorted { (counts[$0] ?? 0, $0) > (counts[$1] ?? 0, $1) }
        let (original, twin) = (ranked[0], ranked[1])
        gradeRows.removeAll { $0.row.school == twin }
        var clones: [Int: (pupil: Int, id: ModelIdentifier)] = [:]
        for (term, row) in gradeRows where row.school == original {
            if clones[row.pupil] == nil {
                clones[row.pupil] = (pupils + clones.count, identifier(.personnummer, birth: row.identifier.birth))
            }
            let clone = clones[row.pupil]!
            var copy = row
            copy.pupil = clone.pupil
            copy.identifier = clone.id
            copy.school = twin
            copy.text["personnummer"] = clone.id.spellings[0]
            copy.text["skolenhetskod"] = twin
            gradeRows.append((term, copy))
        }
    }

    mutating func grade(_ ability: Double) -> String {
        if random.chance(0.03) { return "-" }
        let score = ability + Double(random.int(-35...35)) / 100
        switch score {
        case ..<0.15: return "F"
        case ..<0.35: return "E"
        case ..<0.5: return "D"
        case ..<0.65: return "C"
        case ..<0.8: return "B"
        default: return "A"
        }
    }

    mutating func addGrades(_ p: Int, ids: [ModelIdentifier], school: String, term: ContractModel.Term, gradeYear: Int,
                            ability: Double, secondLanguage: Bool) {
        var subjects: [String]
        switch random.int(0...99) {
        case 0..<8: subjects = Array(Self.subjects.shuffled(using: &random).prefix(random.int(1...6)))
        case 8..<85:
            subjects = Array(Self.usual.shuffled(using: &random).prefix(random.int(13...16)))
            subjects.append(secondLanguage && random.chance(0.7) ? "SVA" : "SV")
        default:   // 18–21 grades: mother tongue, a second modern language, both Swedish subjects
            subjects = Self.usual + [secondLanguage ? "SVA" : "SV"]
            subjects += Array(["ML", "M1", "TN", secondLanguage ? "SV" : "SVA"].shuffled(using: &random).prefix(random.int(1...4)))
        }
        let baseDay = term.season == "VT" ? Day(term.year, 6, random.int(1...15)) : Day(term.year, 12, random.int(10...20))
        for subject in subjects {
            let date = random.chance(0.1) ? baseDay.adding(days: random.int(-20...5)) : baseDay
            addGradeRow(p, id: random.pick(ids), school: school, term: term, gradeYear: gradeYear, subject: subject,
                        grade: grade(ability), date: date)
            // the same subject again: another date, or the same date and a later line
            if random.chance(0.07) {
                addGradeRow(p, id: random.pick(ids), school: school, term: term,
                            gradeYear: random.chance(0.2) ? max(6, gradeYear - 1) : gradeYear, subject: subject,
                            grade: grade(ability), date: random.chance(0.4) ? date : date.adding(days: random.int(-10...10)))
            }
        }
    }

    mutating func addGradeRow(_ p: Int, id: ModelIdentifier, school: String, term: ContractModel.Term, gradeYear: Int,
                              subject: String, grade: String, date: Day) {
        let termText = random.chance(0.85) ? "\(term)" : random.pick(["\(term)".lowercased(), "\(term.season) \(term.year)"])
        let row = ModelInbox.GradeRow(
            pupil: p, identifier: id, school: school, gradeYear: gradeYear, term: "\(term)", subject: subject, grade: grade, date: date,
            text: ["personnummer": random.pick(id.spellings), "skolenhetskod": school, "arskurs": String(gradeYear),
                   "termin": termText, "amne": random.chance(0.9) ? subject : subject.lowercased(),
                   "betyg": random.chance(0.9) ? grade : grade.lowercased(),
                   "betygsdatum": random.chance(0.8) ? date.description : date.compact])
        gradeRows.append((term, row))
    }

    /// Every grade row in one export per term, sometimes split in two by school; then
    /// corrections of some (school, term) partitions: the partition's rows again, a few
    /// grades changed and a pupil sometimes left out.
    mutating func gradeFiles() -> [ModelInbox.File] {
        let columns = ["personnummer", "skolenhetskod", "arskurs", "termin", "amne", "betyg", "betygsdatum"]
        var files: [ModelInbox.File] = []
        for term in Self.terms {
            let rows = gradeRows.filter { $0.term == term }.map(\.row)
            guard !rows.isEmpty else { continue }
            let split = random.chance(0.3)
            let parts = split ? [rows.filter { $0.school < schools[schools.count / 2] }, rows.filter { $0.school >= schools[schools.count / 2] }] : [rows]
            for (i, part) in parts.enumerated() where !part.isEmpty {
                // Most exports list pupil by pupil; some are sorted otherwise (every pupil's
                // rows apart), which the load must fold into the same store.
                let ordered = random.chance(0.25) ? part.shuffled(using: &random) : part
                files.append(ModelInbox.File(path: "betyg/\(term.year)-\(term.season.lowercased())-export-\(i).csv\(random.chance(0.4) ? ".gz" : "")",
                                             night: night(), gzip: false, content: .grades(ordered),
                                             columns: random.chance(0.8) ? columns : columns.shuffled(using: &random)))
            }
            for school in Set(rows.map(\.school)).sorted() where random.chance(0.12) {
                let dropped = random.chance(0.3) ? rows.first { $0.school == school }?.pupil : nil
                let corrected = rows.filter { $0.school == school && $0.pupil != dropped }.map { row -> ModelInbox.GradeRow in
                    var r = row
                    if random.chance(0.15) {
                        r.grade = random.pick(["A", "B", "C", "D", "E", "F"])
                        r.text["betyg"] = r.grade
                    }
                    return r
                }
                guard !corrected.isEmpty else { continue }
                files.append(ModelInbox.File(path: "betyg/\(term.year)-\(term.season.lowercased())-rattelse-\(school).csv",
                                             night: night(), gzip: false, content: .grades(corrected), columns: columns))
            }
        }
        return files.map { f in var f = f; f.gzip = f.path.hasSuffix(".gz"); return f }
    }

    // MARK: Newcomer registrations

    /// A school start near an edge: the autumn term start of the year the pupil turns 7
    /// (on it, or the day after), exactly four years before a term's reference date (or
    /// the day after), or any day from age 6 to the last term.
    mutating func schoolStart(birth: Day) -> Day {
        let term = random.pick(Self.terms)
        switch random.int(0...5) {
        case 0: return Day(birth.year + 7, 8, 15).adding(days: random.int(0...1))
        case 1: return term.referenceDate.adding(years: -4).adding(days: random.int(0...1))
        default:
            let first = Day(birth.year + 6, 8, 1), last = Day(2025, 6, 30)
            guard first < last else { return last }
            let span = (last.year - first.year) * 365
            return min(last, first.adding(days: random.int(0...max(0, span))))
        }
    }

    mutating func addRegistrations(_ p: Int, own: ModelIdentifier, temporary: ModelIdentifier?, birth: Day, home: String) {
        var conflicting: ModelIdentifier?
        if temporary != nil && random.chance(0.05) { conflicting = identifier(.personnummer, birth: birth) }
        for k in 0..<random.int(1...3) {
            let start = schoolStart(birth: birth)
            let deadline = start.adding(months: 2)
            var mapping: Day?
            switch random.int(0...4) {
            case 0: mapping = nil
            case 1: mapping = deadline
            case 2: mapping = deadline.adding(days: 1)
            default: mapping = start.adding(days: random.int(0...100))
            }
            var pnr: ModelIdentifier? = own.kind == .temporary ? nil : own
            var temp = temporary ?? (own.kind == .temporary ? own : nil)
            if temporary != nil {
                // the link comes in some registration; others carry one of the two
                switch random.int(0...2) {
                case 0: break
                case 1: pnr = nil
                default: temp = nil
                }
                if k == 0, let c = conflicting { pnr = c; temp = temporary }
            }
            let registeredOn = random.chance(0.15) ? start : start.adding(days: random.int(0...60))
            let arrival: Day? = random.chance(0.3) ? nil
                : random.chance(0.2) ? random.pick(Self.terms).referenceDate.adding(years: -4).adding(days: random.int(0...1))
                : start.adding(days: -random.int(0...200))
            let needGroup: Int? = random.chance(0.25) ? nil : random.int(1...4)
            let school = random.chance(0.8) ? home : weightedSchool()
            let reg = ModelInbox.Registration(
                pupil: p, registered: registeredOn, school: school, personnummer: pnr, temporary: temp,
                schoolStart: start, arrival: arrival, needGroup: needGroup, mappingDone: mapping, motherTongue: nil,
                text: ["registreringsdatum": registeredOn.description, "skolenhetskod": school,
                       "personnummer": pnr.map { random.pick($0.spellings) } ?? "",
                       "tillfalligt_id": temp.map { random.pick($0.spellings) } ?? "",
                       "skolstart_sverige": random.chance(0.8) ? start.description : start.compact,
                       "ankomstdatum": arrival?.description ?? "", "behovsgrupp": needGroup.map(String.init) ?? "",
                       "kartlaggning_klar": mapping?.description ?? "", "modersmal": random.pick(["arabiska", "dari", "", "somaliska"])])
            registrations.append((night(), reg))
        }
    }

    mutating func registrationFiles() -> [ModelInbox.File] {
        let columns = ["registreringsdatum", "skolenhetskod", "personnummer", "tillfalligt_id", "skolstart_sverige",
                       "ankomstdatum", "behovsgrupp", "kartlaggning_klar", "modersmal"]
        return (1...nights).compactMap { n in
            let rows = registrations.filter { $0.night == n }.map(\.row)
            guard !rows.isEmpty else { return nil }
            return ModelInbox.File(path: "nyanlanda/mottagning-\(n).csv", night: n, gzip: false, content: .registrations(rows),
                                   columns: random.chance(0.5) ? columns : columns.shuffled(using: &random))
        }
    }

    // MARK: Surveys

    static let surveys: [ModelInbox.SurveyDefinition] = [
        ModelInbox.SurveyDefinition(survey: "elevenkat", scaleMin: 1, scaleMax: 5, dontKnow: ["Vet ej", "vet inte"], questions: [
            .init(id: "q1", focusArea: "elevhalsa", reversed: false), .init(id: "q2", focusArea: "elevhalsa", reversed: true),
            .init(id: "q3", focusArea: "nyanlanda", reversed: false), .init(id: "q4", focusArea: "fritidshem", reversed: false),
            .init(id: "q5", focusArea: "digitalisering", reversed: true), .init(id: "q6", focusArea: "ovrigt", reversed: false),
        ]),
        ModelInbox.SurveyDefinition(survey: "digital", scaleMin: 0, scaleMax: 4, dontKnow: ["Vet ej"], questions: [
            .init(id: "d1", focusArea: "digitalisering", reversed: false, delomrade: "Ledning"),
            .init(id: "d2", focusArea: "digitalisering", reversed: true, delomrade: "Undervisning"),
            .init(id: "d3", focusArea: "elevhalsa", reversed: false),
            .init(id: "d4", focusArea: "digitalisering", reversed: false, delomrade: "Ledning"),
        ], delomraden: ["Ledning", "Undervisning", "Kompetens"]),
    ]

    static func json(_ d: ModelInbox.SurveyDefinition) -> String {
        let words = d.dontKnow.map { "\"\($0)\"" }.joined(separator: ", ")
        let questions = d.questions.map { q in
            "{\"id\": \"\(q.id)\", \"text\": \"Fråga \(q.id)\", \"focus_area\": \"\(q.focusArea)\", \"reversed\": \(q.reversed)"
                + (q.delomrade.map { ", \"delomrade\": \"\($0)\"" } ?? "") + "}"
        }
        let areas = d.delomraden.isEmpty ? "" : ", \"delomraden\": [" + d.delomraden.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        return "{\"survey\": \"\(d.survey)\", \"title\": \"\(d.survey)\"\(areas), \"scale\": {\"min\": \(d.scaleMin), \"max\": \(d.scaleMax), \"dont_know\": [\(words)]}, \"questions\": [\(questions.joined(separator: ", "))]}\n"
    }

    /// `inskickad` as a date, or a date-time in Stockholm time, in UTC, or with an offset;
    /// returns the text and its date in Europe/Stockholm.
    mutating func submitted() -> (String, Day) {
        let term = random.pick(Array(Self.terms.suffix(3)))
        // near the turn of the term (30 June / 1 July) now and then
        let day = random.chance(0.15) ? Day(term.year, 6, 30) : term.termStart.adding(days: random.int(10...150))
        let hour = random.int(0...23), minute = random.int(0...59)
        switch random.int(0...3) {
        case 0: return (day.description, day)
        case 1: return (String(format: "%@T%02d:%02d:00", day.description, hour, minute), day)
        default:
            let offset = random.pick(["Z", "+02:00", "-05:00", "+01:00"])
            let text = String(format: "%@T%02d:%02d:00%@", day.description, hour, minute, offset)
            let formatter = ISO8601DateFormatter()
            let instant = formatter.date(from: text)!
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Europe/Stockholm")!
            let c = calendar.dateComponents([.year, .month, .day], from: instant)
            return (text, Day(c.year!, c.month!, c.day!))
        }
    }

    mutating func surveyFiles() -> [ModelInbox.File] {
        var files: [ModelInbox.File] = []
        for definition in Self.surveys {
            files.append(ModelInbox.File(path: "enkater/\(definition.survey).json", night: 1, gzip: false,
                                         content: .definition(definition, json: Self.json(definition)), columns: []))
        }
        // A new version of the first survey: a question turned around, another moved.
        var revised = Self.surveys[0]
        revised.questions[1].reversed.toggle()
        revised.questions[2].focusArea = "elevhalsa"
        files.append(ModelInbox.File(path: "enkater/elevenkat-v2.json", night: night(), gzip: false,
                                     content: .definition(revised, json: Self.json(revised)), columns: []))

        var responseNumber = 0
        for definition in Self.surveys {
            var delivered: [ModelInbox.SurveyResponse] = []
            for school in schools where random.chance(0.7) {
                for _ in 0..<random.int(1...9) {
                    responseNumber += 1
                    delivered.append(response(id: "r\(responseNumber)", definition: definition, school: school))
                }
            }
            // the first export, then a second one re-delivering some responses changed
            let redelivered = delivered.filter { _ in random.chance(0.1) }.map { old in
                response(id: old.responseID, definition: definition, school: random.chance(0.7) ? old.school : random.pick(schools))
            }
            let columns = ["svar_id", "survey", "skolenhetskod", "inskickad", "roll", "niva"] + definition.questions.map(\.id)
            files.append(ModelInbox.File(path: "enkater/\(definition.survey)-1.csv", night: night(), gzip: random.chance(0.3),
                                         content: .responses(delivered, questionColumns: definition.questions.map(\.id)),
                                         columns: columns))
            if !redelivered.isEmpty {
                // some questions left out of the export: simply unanswered
                let asked = definition.questions.map(\.id).filter { _ in random.chance(0.8) }
                files.append(ModelInbox.File(path: "enkater/\(definition.survey)-2.csv", night: nights, gzip: false,
                                             content: .responses(redelivered.map { r in
                                                 var r = r
                                                 r.answers = r.answers.filter { asked.contains($0.key) }
                                                 r.level = nil   // this export has no niva column
                                                 return r
                                             }, questionColumns: asked),
                                             columns: ["svar_id", "survey", "skolenhetskod", "inskickad", "roll"] + asked))
            }
        }
        return files.map { f in
            var f = f
            if f.gzip { f.path += ".gz" }
            return f
        }
    }

    mutating func response(id: String, definition: ModelInbox.SurveyDefinition, school: String) -> ModelInbox.SurveyResponse {
        let (text, day) = submitted()
        let role = random.pick(["elev", "elev", "larare", "rektor", "ovrig", nil])
        var answers: [String: ModelInbox.Answer] = [:]
        let level = random.pick(["individ", "arbetslag", "skola", nil])
        var fields = ["svar_id": id, "survey": definition.survey, "skolenhetskod": school, "inskickad": text, "roll": role ?? "",
                      "niva": level ?? ""]
        let leaning = random.int(definition.scaleMin...definition.scaleMax)
        for q in definition.questions {
            switch random.int(0...19) {
            case 0...2: fields[q.id] = ""
            case 3...4:
                answers[q.id] = .dontKnow
                fields[q.id] = random.chance(0.5) ? definition.dontKnow[0] : definition.dontKnow.last!.uppercased()
            default:
                let v = random.chance(0.6) ? leaning : random.int(definition.scaleMin...definition.scaleMax)
                answers[q.id] = .value(v)
                fields[q.id] = String(v)
            }
        }
        return ModelInbox.SurveyResponse(responseID: id, survey: definition.survey, school: school, submittedOn: day, role: role,
                                         answers: answers, level: level, text: fields)
    }

    // MARK: The administration's records

    static let activityKinds = ["lararcoach", "analysstod", "prio"]
    /// Terms an activity may start in: before the first grades, inside them, after them.
    static let startTerms = ["HT2022", "VT2023", "HT2023", "VT2024", "HT2024", "VT2025", "HT2025"]

    /// Activities (about half the schools, some with two kinds, a few rows replaced by a
    /// later file), resources per school and school year (some replaced), and targets of
    /// every measure for the city and for schools.
    mutating func followUpFiles() -> [ModelInbox.File] {
        var activities: [ModelInbox.ActivityRow] = []
        for school in schools where random.chance(0.8) {
            for _ in 0..<random.int(1...3) {
                activities.append(activityRow(id: "A\(activities.count + 1)", school: school))
            }
        }
        let replaced = activities.filter { _ in random.chance(0.15) }.map { activityRow(id: $0.id, school: random.pick(schools)) }
        var resources: [ModelInbox.ResourceRow] = []
        for school in schools {
            for year in ["2022/23", "2023/24", "2024/25"] where random.chance(0.7) { resources.append(resourceRow(school, year)) }
        }
        let reallocated = resources.filter { _ in random.chance(0.1) }.map { resourceRow($0.school, $0.schoolYear) }
        var targets: [ModelInbox.TargetRow] = []
        for measure in ["mean_merit_value", "share_eligible_vocational", "share_all_subjects_passed", "gap_p90_p10", "survey_mean_score"] {
            for scope in ["stad", "skola", "skola"] { targets.append(targetRow(id: "M\(targets.count + 1)", measure: measure, scope: scope)) }
        }
        let retargeted = targets.filter { _ in random.chance(0.2) }.map { targetRow(id: $0.id, measure: $0.measure, scope: $0.scope) }

        let activityColumns = ["insats_id", "skolenhetskod", "insats", "fokusomrade", "start_termin", "slut_termin", "kostnad_kr", "beskrivning"]
        let resourceColumns = ["skolenhetskod", "lasar", "antal_elever", "socioekonomiskt_tillagg_kr", "nyanlandpeng_kr"]
        let targetColumns = ["mal_id", "omfattning", "skolenhetskod", "fokusomrade", "matt", "population", "arskurs", "survey",
                             "focus_area", "utgangslage_termin", "maltermin", "malvarde", "beskrivning"]
        var files = [
            ModelInbox.File(path: "insatser/a-insatser.csv", night: night(), gzip: false, content: .activities(activities),
                            columns: random.chance(0.5) ? activityColumns : activityColumns.shuffled(using: &random)),
            ModelInbox.File(path: "resurser/a-resurser.csv", night: night(), gzip: false, content: .resources(resources),
                            columns: resourceColumns),
            ModelInbox.File(path: "mal/a-mal.csv", night: night(), gzip: false, content: .targets(targets),
                            columns: random.chance(0.5) ? targetColumns : targetColumns.shuffled(using: &random)),
        ]
        // the corrections come on the last night, after the first files whatever their night
        if !replaced.isEmpty {
            files.append(ModelInbox.File(path: "insatser/b-andringar.csv", night: nights, gzip: false, content: .activities(replaced),
                                         columns: activityColumns))
        }
        if !reallocated.isEmpty {
            files.append(ModelInbox.File(path: "resurser/b-andringar.csv", night: nights, gzip: false, content: .resources(reallocated),
                                         columns: resourceColumns))
        }
        if !retargeted.isEmpty {
            files.append(ModelInbox.File(path: "mal/b-andringar.csv", night: nights, gzip: false, content: .targets(retargeted),
                                         columns: targetColumns))
        }
        for i in files.indices { files[i].night = max(files[i].night, files[i].path.contains("/b-") ? nights : 1) }
        return files
    }

    mutating func activityRow(id: String, school: String) -> ModelInbox.ActivityRow {
        let kind = random.pick(Self.activityKinds)
        let start = random.pick(Self.startTerms)
        let end: String? = random.chance(0.5) ? nil : Self.startTerms.filter { ContractModel.Term($0) >= ContractModel.Term(start) }.randomElement(using: &random)
        let cost: Int? = random.chance(0.2) ? nil : random.int(0...40) * 25_000
        // the kind as a person writes it: capitals, å ä ö, surrounding spaces
        let written = random.chance(0.7) ? kind : kind == "lararcoach" ? " Lärarcoach " : kind.uppercased()
        let area = random.pick(["elevhalsa", "nyanlanda", "fritidshem", "digitalisering", "maluppfyllelse"])
        return ModelInbox.ActivityRow(
            id: id, school: school, kind: kind, focusArea: area, start: start, end: end, cost: cost,
            text: ["insats_id": id, "skolenhetskod": school, "insats": written, "fokusomrade": area,
                   "start_termin": random.chance(0.8) ? start : start.lowercased(), "slut_termin": end ?? "",
                   "kostnad_kr": cost.map(String.init) ?? "", "beskrivning": random.pick(["", "Coach i matematik; två dagar i veckan", "Analysstöd \"PRIO\""])])
    }

    mutating func resourceRow(_ school: String, _ year: String) -> ModelInbox.ResourceRow {
        let pupils = random.int(80...700)
        let supplement = random.int(0...60) * 50_000, newcomer = random.int(0...20) * 45_000
        return ModelInbox.ResourceRow(school: school, schoolYear: year, pupils: pupils, supplement: supplement, newcomerAllocation: newcomer,
                                      text: ["skolenhetskod": school, "lasar": year, "antal_elever": String(pupils),
                                             "socioekonomiskt_tillagg_kr": String(supplement), "nyanlandpeng_kr": String(newcomer)])
    }

    mutating func targetRow(id: String, measure: String, scope: String) -> ModelInbox.TargetRow {
        let school: String? = scope == "skola" ? random.pick(schools) : nil
        let season = random.pick(["VT", "HT"])
        let baseline = season + String(season == "VT" ? random.int(2022...2024) : random.int(2022...2023))
        let target = season + String(Int(baseline.suffix(4))! + random.int(1...3))
        let population = random.pick(["all", "excl_newcomers", "newcomers", nil])
        let gradeYear: Int? = random.pick([6, 9, nil])
        let survey = measure == "survey_mean_score" ? random.pick(Self.surveys).survey : nil
        let area = survey.map { _ in random.pick(["elevhalsa", "nyanlanda", "fritidshem", "digitalisering", "ovrigt"]) }
        let value: Double = switch measure {
        case "mean_merit_value": Double(random.int(180...260))
        case "gap_p90_p10": Double(random.int(40...120))
        case "survey_mean_score": Double(random.int(10...45)) / 10
        default: Double(random.int(50...95)) / 100
        }
        let focus: String? = random.chance(0.7) ? random.pick(["elevhalsa", "nyanlanda", "fritidshem", "digitalisering", "maluppfyllelse"]) : nil
        return ModelInbox.TargetRow(
            id: id, scope: scope, school: school, focusArea: focus, measure: measure, population: population ?? "all",
            gradeYear: gradeYear ?? 9, survey: survey, surveyFocusArea: area, baseline: baseline, target: target, value: value,
            text: ["mal_id": id, "omfattning": scope, "skolenhetskod": school ?? "", "fokusomrade": focus ?? "", "matt": measure,
                   "population": population ?? "", "arskurs": gradeYear.map(String.init) ?? "", "survey": survey ?? "",
                   "focus_area": area ?? "", "utgangslage_termin": baseline, "maltermin": target,
                   "malvarde": String(value).replacingOccurrences(of: ".", with: random.pick([".", ","])), "beskrivning": ""])
    }
}
