import Foundation
@testable import Likvard
import LikvardSQL
import LikvardTestSupport
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The board report: structure, suppression, no identifiers, valid SVG — and a real
/// browser rendering it.
@Suite struct BoardReportTests {
    /// The demo warehouse and its report, made once.
    static let demo: (dir: TempDirectory, html: String, htmlPath: String) = {
        let dir = TempDirectory("likvard-report")
        let r = try! ChildProcess.run(Built.likvard, ["run", "--demo"], directory: dir.path)
        precondition(r.exitCode == 3, r.stderr)
        precondition(r.stdout.contains("The board report of the demo:"), r.stdout)
        let path = dir.path + "/likvard-demo/report/index.html"
        return (dir, try! String(contentsOfFile: path, encoding: .utf8), path)
    }()

    @Test func everySectionIsPresent() {
        let html = Self.demo.html
        for heading in ["Spridning mellan skolor", "Nyanlända elever", "Skolor med signaler", "Fokusområden", "Underlag"] {
            #expect(html.contains("<h2>\(heading)</h2>"), "\(heading)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<html lang=\"sv\">"))
    }

    @Test func selfContainedNoNetworkNoScripts() {
        let html = Self.demo.html
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import"))
    }

    @Test func suppressedValuesShowAsTwoDotsAndNumbersUseDecimalComma() {
        let html = Self.demo.html
        // The demo's ninth school has 3 respondents in the digital survey: suppressed.
        #expect(html.contains(".. (3)"))
        #expect(html.range(of: #"<td class="num">\d+,\d</td>"#, options: .regularExpression) != nil)
        #expect(html.range(of: #"<td class="num">\d+\.\d</td>"#, options: .regularExpression) == nil)
    }

    @Test func everySVGIsValidXMLWithATitle() throws {
        let html = Self.demo.html
        let svgs = html.components(separatedBy: "<svg ").dropFirst().map { "<svg " + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
        #expect(svgs.count >= 5)
        for svg in svgs {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "invalid SVG: \(parser.parserError.map { "\($0)" } ?? "")")
            #expect(svg.contains("<title>"))
        }
        // each figure has a chart, or says why it has none (every group under the threshold:
        // no empty frame), and a data table beside it
        let allHidden = html.components(separatedBy: "Alla grupper har färre än").count - 1
        #expect(html.components(separatedBy: "<figure>").count - 1 == svgs.count + allHidden)
        #expect(html.components(separatedBy: "<table>").count - 1 >= svgs.count)
    }

    @Test func noClearTextIdentifierInTheReport() throws {
        let html = Self.demo.html
        #expect(html.range(of: #"\b\d{8}-?\d{4}\b"#, options: .regularExpression) == nil)
        #expect(html.range(of: #"\b\d{8}-?[Tt][0-9A-Za-z]{3}\b"#, options: .regularExpression) == nil)
        #expect(html.range(of: #"\b[0-9a-f]{32}\b"#, options: .regularExpression) == nil)   // no pupil_id either
    }

    @Test func anEmptyWarehouseSaysWhatIsMissing() throws {
        let h = Harness()
        try h.run()    // an empty inbox: the warehouse exists, nothing loaded
        let html = try BoardReport(warehouse: h.warehouse).html()
        #expect(html.contains("class=\"missing\""))
        #expect(html.contains("<h2>Underlag</h2>"))
    }

    @Test func aPartialWarehouseRendersWhatItHas() throws {
        let h = Harness()
        h.drop("skolenheter/r.csv", Feeds.register([("12345678", "A")]))
        h.drop("betyg/g.csv", ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: TestPupil.personnummer("2009-01-01", serial: 1), school: "12345678", term: "VT2024")).joined(separator: "\n"))
        try h.run()
        let html = try BoardReport(warehouse: h.warehouse).html()
        #expect(html.contains("Inga skolor har ännu tillräckligt många elever"))
        #expect(html.contains("Inga enkätsvar ännu."))
        let out = h.dir.path + "/report"
        let r = try ChildProcess.run(Built.likvard, ["report", "--warehouse", h.warehouse, "--out", out])
        #expect(r.exitCode == 0)
        #expect(FileManager.default.fileExists(atPath: out + "/index.html"))
    }

    @Test(.enabled(if: RequiredTool.runsTest(needing: "/usr/bin/chromium"), "needs chromium (make test installs it and requires it)"))
    func aRealBrowserRendersTheReport() throws {
        let png = Self.demo.dir.path + "/report.png"
        let r = try ChildProcess.run("/usr/bin/chromium", [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(Self.demo.dir.path)/chromium-profile", "--window-size=1280,16000",
            "--screenshot=\(png)", "file://\(Self.demo.htmlPath)"])
        #expect(r.exitCode == 0, "\(r.stderr.suffix(500))")
        let image = try PNGImage(path: png)
        #expect(image.width == 1280)
        // Rendered: a good share of non-white pixels, and content down the long page
        // (five sections with charts and tables run well past 4,000 px at 1280 wide).
        #expect(image.inkFraction > 0.02, "ink \(image.inkFraction)")
        #expect(image.lastInkRow > 4000, "content ends at row \(image.lastInkRow)")
        #expect(image.lastInkRow < 15990, "content reaches the bottom: the window may be too short")
    }

    /// No text of any chart reaches past its SVG's edge (the last x label, VT2025, did),
    /// measured by a real browser: a copy of the report with a script that compares each
    /// text's box with its SVG's, read back with --dump-dom.
    @Test(.enabled(if: RequiredTool.runsTest(needing: "/usr/bin/chromium"), "needs chromium (make test installs it and requires it)"))
    func noChartTextIsClippedInARealBrowser() throws {
        let r = try BrowserProbe.run(Self.demo.html, in: Self.demo.dir.path, name: "probe", window: "1280,2000")
        #expect(r.exitCode == 0, "\(r.stderr.suffix(500))")
        #expect(r.svgs >= 5, "the probe did not run: \(r.dom.prefix(300))")
        #expect(r.attribute("clipped") == "[]", "text past an SVG's edge: \(r.attribute("clipped") ?? "?")")
    }

    /// A city where 21 schools qualify: the scatter of school means against the index, one
    /// point per school of the fit, the schools below expectation marked, the model's line.
    @Test func theExpectedResultsScatterShowsEverySchoolOfTheFit() throws {
        let h = Harness(key: "report-scatter-key-0123456789-0123456789")
        try RandomInbox.make(seed: 401, pupils: 4_500, schools: 21, evenSchools: true).write(night: 1, into: h.inbox)
        try h.run()
        let publication = h.dir.path + "/public.sqlite"
        _ = try Warehouse(path: h.warehouse, forWriting: false).publish(.public, to: publication)
        let html = try BoardReport(publication: publication).html()
        let db = try Database(path: publication, readOnly: true, create: false)
        let latest = try db.rows("""
            select e.term, e.grade_year, count(*), sum(below_expected) from school_expected_results e join terms t using (term)
            where population = 'all' group by e.term, e.grade_year order by max(t.sort_key) desc, e.grade_year desc limit 1
            """).first
        let (term, grade, schools, below) = (latest?[0].string ?? "", latest?[1].int ?? 0, latest?[2].int ?? 0, latest?[3].int ?? 0)
        #expect(schools >= 20)
        let start = try #require(html.range(of: "\(term), årskurs \(grade): meritvärde och socioekonomiskt index"))
        let svg = String(html[start.lowerBound...].prefix { $0 != "§" }.split(separator: "</svg>", maxSplits: 1)[0])
        // one point per school, plus the legend's two; marked ones in red
        #expect(svg.components(separatedBy: "<circle").count - 1 == schools + 2)
        #expect(svg.components(separatedBy: "fill=\"#b8462e\"><title>").count - 1 == below)
        #expect(svg.contains("stroke=\"#3a8f3a\" stroke-width=\"2\"/>"))
        #expect(!html.contains("ingen modell för förväntade resultat"))
    }

    /// The section of the report between `<section id="ID">` and its end, tags kept.
    static func section(_ id: String, of html: String) throws -> String {
        let start = try #require(html.range(of: "<section id=\"\(id)\">"))
        return String(html[start.lowerBound...].split(separator: "</section>", maxSplits: 1)[0])
    }

    /// The rows of the table captioned `caption` in `html`, cells as text.
    static func tableRows(captioned caption: String, in html: String) throws -> [[String]] {
        let start = try #require(html.range(of: "<caption>\(caption)</caption>"), "no table \(caption)")
        let table = String(html[start.upperBound...].split(separator: "</table>", maxSplits: 1)[0])
        return table.components(separatedBy: "<tr>").dropFirst(2).map { row in
            row.matches(of: /<t[dh][^>]*>(.*?)<\/t[dh]>/).map { String($0.1) }
        }
    }

    /// Newcomers by one dimension: the report shows the margins as the public tier holds
    /// them, so the demo's year-9 newcomers by years in Swedish school have means where each
    /// cell of years × need group is mostly `..`.
    @Test func newcomersAreShownByOneDimensionAtATime() throws {
        let publication = Self.demo.dir.path + "/margins-public.sqlite"
        let r = try ChildProcess.run(Built.likvard, ["publish", "--demo", "--tier", "public", "--out", publication], directory: Self.demo.dir.path)
        #expect(r.exitCode == 0, "\(r.stderr)")
        let html = try BoardReport(publication: publication).html()
        let section = try Self.section("nyanlanda", of: html)
        let db = try Database(path: publication, readOnly: true, create: false)
        let margins = try db.rows("""
            select m.term, m.dimension, m.value, m.n_pupils, m.mean_merit_value from newcomer_results_margins m join terms t using (term)
            where m.grade_year = 9 and m.term = (select term from newcomer_results_margins join terms using (term) order by sort_key desc limit 1)
            and m.dimension = 'years_in_swedish_school' order by m.value
            """)
        #expect(margins.count == 4)
        let term = margins.first?[0].string ?? ""
        let shown = try Self.tableRows(captioned: "\(term), årskurs 9: en dimension i taget", in: section)
        for m in margins {
            let row = shown.first { $0.first == "\(m[2].int ?? -1) år i svensk skola" }
            #expect(row?[1] == "\(m[3].int ?? 0)")
            #expect(row?[2] == SwedishFormat.decimal(m[4].double), "\(m[2]) \(row ?? [])")
        }
        #expect(margins.filter { $0[4].double != nil }.count >= 3, "the demo's margins are large enough to show")
    }

    /// The signal trend compares like with like: one chart per grade year, each bar a term,
    /// counting that grade year's schools only (an autumn term has year 9 only).
    @Test func theSignalTrendCountsOneGradeYearPerChart() throws {
        let publication = Self.demo.dir.path + "/signals-public.sqlite"
        _ = try ChildProcess.run(Built.likvard, ["publish", "--demo", "--tier", "public", "--out", publication], directory: Self.demo.dir.path)
        let html = try BoardReport(publication: publication).html()
        let section = try Self.section("signaler", of: html)
        let db = try Database(path: publication, readOnly: true, create: false)
        for grade in [9, 6] {
            let expected = try db.rows("""
                select term, sum(signal_count > 0), count(*) from school_signals join terms t using (term)
                where grade_year = ? group by term order by max(t.sort_key)
                """, grade).map { ["\($0[0].string ?? "")", "\($0[1].int ?? 0)", "\($0[2].int ?? 0)"] }
            let shown = try Self.tableRows(captioned: "Årskurs \(grade): skolor med minst en signal, per termin", in: section)
            #expect(shown == expected, "grade \(grade)")
            #expect(section.contains("<title>Årskurs \(grade): antal skolor med minst en signal</title>"))
        }
        #expect(!section.contains("skolor och årskurser"))
    }

    /// "fyra fokusområden" only when the surveys cover all four.
    @Test func theFocusAreaTextCountsTheAreasTheSurveysCover() throws {
        let all = FocusArea.followedUp
        #expect(BoardReport.coverage(all).contains("fyra fokusområden – elevhälsa, nyanlända, fritidshem och digitalisering"))
        let two = BoardReport.coverage([.elevhalsa, .digitalisering])
        #expect(two.contains("elevhälsa och digitalisering, två av förvaltningens fyra"), "\(two)")
        #expect(!two.contains("fyra fokusområden"))

        let h = Harness.withSchool()
        h.drop("betyg/g.csv", ([Feeds.gradeHeader] + Feeds.gradeRows(pupil: TestPupil.personnummer("2009-01-01", serial: 1), school: "12345678", term: "VT2024")).joined(separator: "\n"))
        h.drop("enkater/kort.json", #"{"survey": "kort", "scale": {"min": 1, "max": 4}, "questions": [{"id": "q1", "focus_area": "elevhalsa"}, {"id": "q2", "focus_area": "ovrigt"}]}"#)
        h.drop("enkater/kort.csv", "svar_id;survey;skolenhetskod;inskickad;roll;q1;q2\n" + (1...6).map { "S\($0);kort;12345678;2024-10-22;elev;3;2" }.joined(separator: "\n"))
        try h.run()
        let section = try Self.section("fokusomraden", of: try BoardReport(warehouse: h.warehouse).html())
        #expect(section.contains("elevhälsa, ett av förvaltningens fyra"), "\(section.prefix(400))")
        #expect(!section.contains("fyra fokusområden"))
    }
}
