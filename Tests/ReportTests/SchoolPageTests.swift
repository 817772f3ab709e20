import Foundation
import LikvardSQL
import LikvardTestSupport
import Testing

/// `likvard report --school all --pdf` on the demo's public publication: a page and a PDF of
/// one or two A4 pages for every school with results, each naming its school and showing
/// the figures the publication holds, and no identifier-like number. Chromium and poppler's
/// pdfinfo and pdftotext are real (`make test` installs them); without them the test fails.
@Suite struct SchoolPageTests {
    struct Demo: Sendable {
        let dir: TempDirectory, publication: String, out: String, exitCode: Int32, stderr: String
    }

    static let demo: Demo = {
        let dir = TempDirectory("likvard-school-pages")
        let r = try! ChildProcess.run(Built.likvard, ["run", "--demo"], directory: dir.path)
        precondition(r.exitCode == 3, r.stderr)
        let publication = dir.path + "/public.sqlite"
        let p = try! ChildProcess.run(Built.likvard, ["publish", "--warehouse", dir.path + "/likvard-demo/warehouse.sqlite",
                                                      "--tier", "public", "--out", publication])
        precondition(p.exitCode == 0, p.stderr)
        let out = dir.path + "/dialog"
        let report = try! ChildProcess.run(Built.likvard, ["report", "--publication", publication, "--out", out, "--school", "all", "--pdf"])
        return Demo(dir: dir, publication: publication, out: out, exitCode: report.exitCode, stderr: report.stderr)
    }()

    static func schools() throws -> [(code: String, name: String)] {
        let db = try Database(path: demo.publication, readOnly: true, create: false)
        return try db.rows("select distinct school_unit_code, school_name from results_school_term where term = 'VT2025' and sex = 'all' and population = 'all'")
            .map { ($0[0].string!, $0[1].string!) }
    }

    @Test func everySchoolGetsAPageAndAPDFOfOneOrTwoPages() throws {
        #expect(Self.demo.exitCode == 0, "\(Self.demo.stderr)")
        let schools = try Self.schools()
        #expect(schools.count >= 25)
        let db = try Database(path: Self.demo.publication, readOnly: true, create: false)
        for (code, name) in schools {
            let pdf = Self.demo.out + "/skola-\(code).pdf"
            let info = try ChildProcess.run("/usr/bin/pdfinfo", [pdf])
            #expect(info.exitCode == 0, "pdfinfo \(code): \(info.stderr)")
            let pages = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last!) }
            #expect(pages == 1 || pages == 2, "\(code): \(pages ?? 0) pages")
            let text = try ChildProcess.run("/usr/bin/pdftotext", ["-layout", pdf, "-"]).stdout
            #expect(text.contains(name), "\(code): the PDF does not name \(name)")
            // the school's VT2025 mean merit value, as the publication holds it, in Swedish form
            if let mean = try db.rows("""
                select mean_merit_value from results_school_term where school_unit_code = ? and term = 'VT2025'
                  and grade_year = 9 and population = 'all' and sex = 'all'
                """, code).first?[0].double {
                let shown = String(format: "%.1f", mean).replacingOccurrences(of: ".", with: ",")
                #expect(text.contains(shown), "\(code): \(shown) not in the PDF")
            }
            // the latest allocation, as the publication holds it, in the page's sentence
            if let funding = try db.rows("""
                select school_year, supplement_per_pupil_kr from funding_and_results where school_unit_code = ?
                order by school_year desc limit 1
                """, code).first, let year = funding[0].string, let perPupil = funding[1].double {
                let html = try String(contentsOfFile: Self.demo.out + "/skola-\(code).html", encoding: .utf8)
                var digits = String(Int(perPupil.rounded())), grouped = ""
                while digits.count > 3 { grouped = "\u{00A0}" + digits.suffix(3) + grouped; digits.removeLast(3) }
                #expect(html.contains("<strong>\(year)</strong>: socioekonomiskt tillägg \(digits + grouped) kr per elev"),
                        "\(code): the allocation of \(year) is not on the page")
            }
            #expect(text.range(of: #"\b\d{8}[-+ ]?\d{4}\b"#, options: .regularExpression) == nil, "\(code): an identifier-like number")
        }
    }

    @Test func thePagesAreForPrintAndListed() throws {
        let schools = try Self.schools()
        let index = try String(contentsOfFile: Self.demo.out + "/skolor.html", encoding: .utf8)
        for (code, _) in schools { #expect(index.contains("skola-\(code).html")) }
        let page = try String(contentsOfFile: Self.demo.out + "/skola-\(schools[0].code).html", encoding: .utf8)
        #expect(page.contains("@page { size: A4") && page.contains("@media print") && !page.contains("<nav"))
        // every chart with its data table
        #expect(page.components(separatedBy: "<svg").count - 1 <= page.components(separatedBy: "<table>").count - 1)
        #expect(page.contains("<strong>..</strong> betyder"))
    }

    /// Every school's page in a real browser, as the board report is checked: no chart text
    /// past its SVG's edge, and no empty chart frame (every SVG draws a point or a bar).
    /// The pages' bodies go into one probe document, so one Chromium run measures them all.
    @Test func noChartTextIsClippedAndNoChartIsEmptyInARealBrowser() throws {
        let schools = try Self.schools()
        var head = "", bodies = ""
        for (code, _) in schools {
            let page = try String(contentsOfFile: Self.demo.out + "/skola-\(code).html", encoding: .utf8)
            guard let start = page.range(of: "<body>"), let end = page.range(of: "</body>") else { Issue.record("\(code): no body"); continue }
            if head.isEmpty { head = String(page[..<start.upperBound]) }
            bodies += page[start.upperBound..<end.lowerBound]
        }
        let r = try BrowserProbe.run(head + bodies + "</body></html>", in: Self.demo.dir.path, name: "school-probe", window: "794,1123")
        #expect(r.exitCode == 0, "\(r.stderr.suffix(500))")
        #expect(r.svgs >= schools.count, "the probe did not run: \(r.dom.prefix(300))")
        #expect(r.attribute("clipped") == "[]", "text past an SVG's edge: \(r.attribute("clipped") ?? "?")")
        #expect(r.attribute("empty") == "[]", "charts without a mark: \(r.attribute("empty") ?? "?")")
    }

    @Test func anUnknownSchoolOrAPDFWithoutPagesIsUsage() throws {
        let dir = TempDirectory("likvard-school-usage")
        let unknown = try ChildProcess.run(Built.likvard, ["report", "--publication", Self.demo.publication, "--out", dir.path,
                                                           "--school", "99999999"])
        #expect(unknown.exitCode == 2 && unknown.stderr.contains("99999999"), "\(unknown.stderr)")
        let pdfAlone = try ChildProcess.run(Built.likvard, ["report", "--publication", Self.demo.publication, "--out", dir.path, "--pdf"])
        #expect(pdfAlone.exitCode == 2 && pdfAlone.stderr.contains("--school"), "\(pdfAlone.stderr)")
    }
}
