import Foundation
import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing

/// Every row of every analyst view, computed two ways on random inboxes: by the real
/// pipeline (files in a real inbox, the real SQLite warehouse) and by `ContractModel`, a
/// plain reading of the contract that shares no code with the warehouse's SQL. A failure
/// prints its seed and a shrunk case (the fewest pupils that still differ, written to a
/// folder that is kept).
///
/// The seeds are fixed so CI is reproducible; `LIKVARD_DIFF_SEEDS=N` adds N fresh ones
/// (printed) for a longer search on a developer's machine.
@Suite struct DifferentialTests {
    static let key = "differential-key-0123456789-0123456789"

    /// One night: every file in one run. About 5,000 graded pupils over the seeds.
    static let oneNightSeeds: [UInt64] = [1, 2, 3, 4, 5, 6, 7, 8] + extraSeeds
    /// Three nights, the files spread over them at random: the incremental refresh after
    /// each night, and late registrations and links changing earlier terms.
    static let threeNightSeeds: [UInt64] = [101, 102, 103, 104]

    static var extraSeeds: [UInt64] {
        guard let n = ProcessInfo.processInfo.environment["LIKVARD_DIFF_SEEDS"].flatMap(Int.init) else { return [] }
        var g = SystemRandomNumberGenerator()
        return (0..<n).map { _ in UInt64.random(in: 1_000...UInt64.max / 2, using: &g) }
    }

    @Test(arguments: oneNightSeeds)
    func oneNight(seed: UInt64) throws {
        try Self.check(RandomInbox.make(seed: seed, pupils: 600, nights: 1), seed: seed)
    }

    /// A dense city (six schools): most cells over 10 pupils, so the rules that compare
    /// shown results — declining, low eligibility at its share, disparity over many schools —
    /// meet their edges, which a sparse city's suppressed cells hide.
    @Test(arguments: [301, 302] as [UInt64])
    func denseCity(seed: UInt64) throws {
        try Self.check(RandomInbox.make(seed: seed, pupils: 850, schools: 6), seed: seed)
    }

    /// A city of 21 even schools and 4,500 pupils: at least 20 schools qualify in most terms
    /// and grade years, so `school_expected_results` has fits to compare (about 20 s).
    @Test(arguments: [401] as [UInt64])
    func cityLargeEnoughForExpectedResults(seed: UInt64) throws {
        let inbox = RandomInbox.make(seed: seed, pupils: 4_500, schools: 21, evenSchools: true)
        let model = ContractModel(inbox: inbox, key: Array(Self.key.utf8))
        let fits = model.views().first { $0.name == "school_expected_results" }!.rows
        #expect(fits.count >= 40, "the city is too small to exercise the fit: \(fits.count) rows")
        try Self.check(inbox, seed: seed)
    }

    /// The same city's files spread over three nights: the fits of the terms an incremental
    /// refresh recomputes (and the stored fits of those it leaves) equal the model's.
    @Test(arguments: [402] as [UInt64])
    func cityLargeEnoughForExpectedResultsOverThreeNights(seed: UInt64) throws {
        let inbox = RandomInbox.make(seed: seed, pupils: 4_500, nights: 3, schools: 21, evenSchools: true)
        let model = ContractModel(inbox: inbox, key: Array(Self.key.utf8))
        let fits = model.views().first { $0.name == "school_expected_results" }!.rows
        #expect(fits.count >= 40, "the city is too small to exercise the fit: \(fits.count) rows")
        try Self.check(inbox, seed: seed)
    }

    /// The one-term night: every file on the first night but the latest spring term's grade
    /// exports, which come alone on the second. That night's disparity takes the year
    /// before's gap from the row an earlier refresh kept (080 recomputes only the terms in
    /// scope), and every view must still equal the model's.
    @Test(arguments: [21, 22] as [UInt64])
    func aNewTermsGradesAloneOnTheirOwnNight(seed: UInt64) throws {
        var inbox = RandomInbox.make(seed: seed, pupils: 400)
        let springs = inbox.files.compactMap { file -> ContractModel.Term? in
            guard case .grades(let rows) = file.content, let row = rows.first else { return nil }
            return ContractModel.Term(row.term)
        }.filter { $0.season == "VT" }
        let latest = try #require(springs.max()).description
        for i in inbox.files.indices {
            guard case .grades(let rows) = inbox.files[i].content else { continue }
            inbox.files[i].night = rows.allSatisfy { $0.term == latest } ? 2 : 1
        }
        let secondNight = inbox.files.filter { $0.night == 2 }
        #expect(!secondNight.isEmpty && secondNight.allSatisfy { $0.path.hasPrefix("betyg/") })
        // the year before has a gap to take: the new term has a gap change to compare
        let disparity = ContractModel(inbox: inbox, key: Array(Self.key.utf8)).views().first { $0.name == "school_disparity" }!
        #expect(disparity.rows.contains { $0.first == .text(latest) && $0.last != .null }, "no gap change in \(latest)")
        try Self.check(inbox, seed: seed)
    }

    @Test(arguments: threeNightSeeds)
    func threeNights(seed: UInt64) throws {
        try Self.check(RandomInbox.make(seed: seed, pupils: 400, nights: 3), seed: seed)
    }

    /// The generator exercises what the rules must survive: nearly every pupil has grades;
    /// some repeat a grade and some skip one; files come in every way they are written.
    @Test func theGeneratorCoversWhatTheRulesMustSurvive() {
        let inbox = RandomInbox.make(seed: 1, pupils: 1_000)
        var graded: [Int: [(term: ContractModel.Term, year: Int)]] = [:]
        for file in inbox.files {
            guard case .grades(let rows) = file.content else { continue }
            for row in rows { graded[row.pupil, default: []].append((ContractModel.Term(row.term), row.gradeYear)) }
        }
        #expect(Double(graded.count) / Double(inbox.pupils.count) > 0.9, "\(graded.count) of \(inbox.pupils.count) pupils have grades")
        // the grade year a year later, per pupil: the same (repeated) or two more (skipped)
        var repeated = 0, skipped = 0
        for rows in graded.values {
            for a in rows where a.term.season == "VT" {
                guard let b = rows.first(where: { $0.term.season == "VT" && $0.term.year == a.term.year + 1 }) else { continue }
                if b.year == a.year { repeated += 1 }
                if b.year == a.year + 2 { skipped += 1 }
            }
        }
        #expect(repeated > 0 && skipped > 0, "repeated \(repeated), skipped \(skipped)")
        // groups at the suppression edge: results over exactly 10 pupils (shown) and 9 (hidden)
        let results = ContractModel(inbox: inbox, key: Array(Self.key.utf8)).schoolResults(ContractModel(inbox: inbox, key: Array(Self.key.utf8)).pupilTerms())
        #expect(results.contains { $0.nPupils == 10 && !$0.suppressed } && results.contains { $0.nPupils == 9 && $0.suppressed },
                "no group of exactly 10 and 9 pupils")
        // ties between school means (the twin schools), among the shown means of a term
        let shown = results.filter { $0.population == "all" && $0.sex == "all" && $0.meanMerit != nil }
        #expect(Dictionary(grouping: shown) { "\($0.term)|\($0.gradeYear)|\($0.meanMerit!)" }.values.contains { $0.count > 1 },
                "no two schools tie")
        let csv = inbox.files.filter { !$0.path.hasSuffix(".json") }
        #expect(csv.contains { $0.format.windows1252 } && csv.contains { $0.format.crlf } && csv.contains { $0.format.sepLine }
                && csv.contains { $0.format.quoteEveryField } && csv.contains { !$0.format.windows1252 && !$0.format.crlf })
    }

    /// Loads `inbox` night by night, compares every view with the model; on a difference,
    /// shrinks the inbox to fewer pupils while it still differs, and fails with both.
    static func check(_ inbox: ModelInbox, seed: UInt64) throws {
        let differences = try run(inbox).differences
        guard !differences.isEmpty else { return }
        let (small, smallDifferences, folder) = try shrink(inbox)
        Issue.record("""
            seed \(seed): \(differences.count) difference(s) between the warehouse and the model; first:
            \(differences.prefix(12).joined(separator: "\n"))
            shrunk to \(small.pupils.count) pupil(s), inbox kept in \(folder):
            \(smallDifferences.prefix(12).joined(separator: "\n"))
            """)
    }

    static func run(_ inbox: ModelInbox) throws -> (differences: [String], harness: Harness) {
        let h = Harness(key: key)
        h.config.newcomerAmountsKr = ContractModel.Settings().newcomerAmounts
        var differences: [String] = []
        for night in inbox.nights {
            try inbox.write(night: night, into: h.inbox)
            let report = try h.run()
            // the generator writes valid files: a quarantined one is a bug of one side
            let quarantined = report.files.filter { $0.outcome.status == .quarantined }
            if !quarantined.isEmpty {
                return (quarantined.map { "quarantined: \($0.fileName): \($0.outcome.message ?? "")" }, h)
            }
            // after every night, not only the last: each night's views are what analysts read
            let model = ContractModel(inbox: inbox.through(night: night), key: Array(key.utf8))
            differences = try ViewComparison.differences(model.views(), in: h.db()).map { "after night \(night): " + $0 }
            if !differences.isEmpty { break }
        }
        // sort_key: an INTEGER whose order is the terms' chronological order
        let sorted = try h.rows("select term from terms order by sort_key").map { $0[0] }
        let chronological = sorted.map(ContractModel.Term.init).sorted().map(\.description)
        if sorted != chronological { differences.append("terms: sort_key orders \(sorted), chronological is \(chronological)") }
        if try h.scalar("select count(*) from terms where typeof(sort_key) <> 'integer'").int != 0 {
            differences.append("terms: sort_key is not an INTEGER")
        }
        return (differences, h)
    }

    /// Removes pupils while the difference stays (delta debugging, coarse), within a
    /// budget of pipeline runs: a failing test must fail in seconds, not hours.
    static func shrink(_ inbox: ModelInbox, runs budget: Int = 24) throws -> (ModelInbox, [String], String) {
        var current = inbox
        var differences = try run(inbox).differences
        var chunks = 2
        var runs = 0
        while current.pupils.count > 1 && chunks <= current.pupils.count && runs < budget {
            let pupils = current.pupils.sorted()
            let size = (pupils.count + chunks - 1) / chunks
            var reduced = false
            for start in stride(from: 0, to: pupils.count, by: size) where runs < budget {
                runs += 1
                let remaining = Set(pupils).subtracting(pupils[start..<min(start + size, pupils.count)])
                let candidate = current.restricted(to: remaining)
                let d = try run(candidate).differences
                if !d.isEmpty {
                    (current, differences, reduced) = (candidate, d, true)
                    break
                }
            }
            chunks = reduced ? max(2, chunks - 1) : chunks * 2
        }
        let folder = NSTemporaryDirectory() + "likvard-shrunk-\(UUID().uuidString)"
        for night in current.nights { try current.write(night: night, into: folder + "/night-\(night)") }
        return (current, differences, folder)
    }
}
