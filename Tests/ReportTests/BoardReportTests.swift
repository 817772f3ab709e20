import Foundation
import Likvard
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
        // Observatorielundens skola has 3 respondents in the digital survey: suppressed.
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
        #expect(allHidden >= 1, "the demo's newcomer groups are all under 10")
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

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"), "needs chromium (make test installs it)"))
    func aRealBrowserRendersTheReport() throws {
        let png = Self.demo.dir.path + "/report.png"
        let r = try ChildProcess.run("/usr/bin/chromium", [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(Self.demo.dir.path)/chromium-profile", "--window-size=1280,9000",
            "--screenshot=\(png)", "file://\(Self.demo.htmlPath)"])
        #expect(r.exitCode == 0, "\(r.stderr.suffix(500))")
        let image = try PNGImage(path: png)
        #expect(image.width == 1280)
        // Rendered: a good share of non-white pixels, and content down the long page
        // (five sections with charts and tables run well past 4,000 px at 1280 wide).
        #expect(image.inkFraction > 0.02, "ink \(image.inkFraction)")
        #expect(image.lastInkRow > 4000, "content ends at row \(image.lastInkRow)")
        #expect(image.lastInkRow < 8990, "content reaches the bottom: the window may be too short")
    }
}
