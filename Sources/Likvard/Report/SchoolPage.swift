import Foundation
import LikvardSQL

/// `likvard report --school CODE…`: one printable page per school for its annual result
/// dialogue (*resultatdialog*), in Swedish, from the same public publication as the board
/// report — the school's results over the terms beside the city's spread, against what its
/// intake predicts, its signals and why each fired, its survey results and self-assessment
/// profile against the city's, and the targets that concern it. Laid out for A4; `--pdf`
/// prints each page through headless Chromium.
public struct SchoolPages {
    let report: BoardReport
    var publication: PublicationReader { report.publication }

    /// The pages of the publication a board report reads.
    public init(report: BoardReport) { self.report = report }

    /// Every school with results: (code, name).
    public func schools() throws -> [(code: String, name: String)] {
        try publication.reportRows("school/schools").map { ($0["school_unit_code"].string ?? "", $0["school_name"].string ?? "") }
    }

    /// Writes `skola-CODE.html` for each school (and `skolor.html`, the index) into `folder`;
    /// with `pdf`, also `skola-CODE.pdf` through headless Chromium. Returns the pages written.
    @discardableResult
    public func write(_ codes: [String], to folder: String, pdf: Bool) throws -> [String] {
        let known = try schools()
        let wanted = codes == ["all"] ? known.map(\.code) : codes
        for code in wanted where !known.contains(where: { $0.code == code }) {
            throw ConfigurationError("school \(code) has no results in the publication; `--school all` makes a page for every school that has")
        }
        let chromium = pdf ? try Self.chromium() : nil
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var written: [String] = []
            for code in wanted {
                let path = folder + "/skola-\(code).html"
                try html(school: code).write(toFile: path, atomically: true, encoding: .utf8)
                if let chromium { try Self.printPDF(path, to: folder + "/skola-\(code).pdf", with: chromium) }
                written.append(path)
            }
            let index = known.filter { wanted.contains($0.code) }
                .map { "<li><a href=\"skola-\($0.code).html\">\(Markup.escape($0.name))</a> (\($0.code))\(pdf ? " – <a href=\"skola-\($0.code).pdf\">pdf</a>" : "")</li>" }
                .joined(separator: "\n")
            try SchoolPage.wrap(title: "Resultatdialog – skolor", body: "<h1>Resultatdialog – skolor</h1>\n<ul>\n\(index)\n</ul>\n")
                .write(toFile: folder + "/skolor.html", atomically: true, encoding: .utf8)
            return written
        } catch let error as CocoaError {
            throw ConfigurationError("cannot write the school pages to \(folder): \(error.localizedDescription)")
        }
    }

    /// The page of one school.
    public func html(school code: String) throws -> String {
        let page = SchoolPage(code: code, report: report)
        return try page.html()
    }

    /// Chromium, where Debian puts it; missing is a usage problem (exit 2), not a crash.
    static func chromium() throws -> String {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw ConfigurationError("--pdf prints through headless Chromium, which is not installed (apt-get install chromium); the HTML pages need no browser")
    }

    static func printPDF(_ html: String, to pdf: String, with chromium: String) throws {
        let profile = NSTemporaryDirectory() + "likvard-chromium-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile)",
                             "--no-pdf-header-footer", "--print-to-pdf=\(pdf)", "file://\(html)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: pdf) else {
            throw PublicationError("Chromium could not print \(html) to PDF (exit \(process.terminationStatus))")
        }
    }
}

/// One school's page.
struct SchoolPage {
    let code: String
    let report: BoardReport
    var publication: PublicationReader { report.publication }

    func rows(_ query: String) throws -> [Row] { try publication.reportRows("school/\(query)", code) }

    func html() throws -> String {
        let results = try rows("results")
        let name = try publication.reportRows("school/schools").first { $0["school_unit_code"].string == code }
        let title = "\(name?["school_name"].string ?? code) – resultatdialog"
        var body = "<header><h1>\(Markup.escape(name?["school_name"].string ?? code))</h1>\n"
        body += "<p>Skolenhet \(Markup.escape(code))\(name?["district"].string.map { ", " + Markup.escape($0) } ?? ""). Underlag för den årliga resultatdialogen, ur den publicerade nivån: <strong>..</strong> betyder att värdet inte visas – färre än \(report.minPupils) elever (\(report.minRespondents) svarande i enkäter), eller dolt för att det inte ska gå att räkna fram ur andra visade rader.</p></header>\n"
        body += try resultsSection(results)
        body += try expectedSection()
        body += try signalSection()
        body += try surveySection()
        body += try targetSection()
        body += try resourceSection()
        body += try subjectSection()
        return Self.wrap(title: title, body: body)
    }

    private func resultsSection(_ rows: [Row]) throws -> String {
        var html = "<section><h2>Resultat över tid</h2>\n"
        guard !rows.isEmpty else { return html + Page.missing("Inga resultat för skolan.") + "</section>\n" }
        for grade in [9, 6] {
            let ofGrade = rows.filter { $0["grade_year"].int == grade }
            guard !ofGrade.isEmpty else { continue }
            let terms = ofGrade.distinct("term")
            func series(_ population: String, _ column: String) -> [Double?] {
                ofGrade.series(column, population: population, over: terms)
            }
            let chart = LineChart(
                title: "Årskurs \(grade): meritvärde, skolan och staden",
                xLabels: terms,
                series: [
                    .init(name: "skolan, alla", values: series("all", "mean_merit_value"), color: "#1f5f9f", dashed: false),
                    .init(name: "skolan, exkl. nyinv.", values: series("excl_newcomers", "mean_merit_value"), color: "#1f5f9f", dashed: true),
                    .init(name: "stadens median", values: series("all", "median_school_mean"), color: "#3a8f3a", dashed: false),
                    .init(name: "stadens p10", values: series("all", "p10_school_mean"), color: "#b8462e", dashed: true),
                    .init(name: "stadens p90", values: series("all", "p90_school_mean"), color: "#b8462e", dashed: true),
                ],
                yLabel: "meritvärde", width: 520, height: 190)
            // one row per term: all pupils and excluding newly immigrated side by side
            func cell(_ term: String, _ population: String, _ column: String, percent: Bool = false) -> String {
                let v = ofGrade.first { $0["term"].string == term && $0["population"].string == population }?[column].double
                return percent ? SwedishFormat.percent(v) : SwedishFormat.decimal(v)
            }
            let table = Markup.table(
                caption: "Årskurs \(grade)",
                header: ["Termin", "Elever", "Meritvärde", "exkl. nyinv.", "Behöriga yrkesprogram", "exkl. nyinv.", "Staden: p10 – median – p90"],
                rows: terms.map { term in
                    let all = ofGrade.first { $0["term"].string == term && $0["population"].string == "all" }
                    let spread = all.map { r in
                        (r["n_schools"].int ?? 0) >= BoardReport.minimumSchoolsForSpread
                            ? "\(SwedishFormat.decimal(r["p10_school_mean"].double)) – \(SwedishFormat.decimal(r["median_school_mean"].double)) – \(SwedishFormat.decimal(r["p90_school_mean"].double))"
                            : ".."
                    } ?? ".."
                    return [term, "\(all?["n_pupils"].int ?? 0)", cell(term, "all", "mean_merit_value"),
                            cell(term, "excl_newcomers", "mean_merit_value"), cell(term, "all", "share_eligible_vocational", percent: true),
                            cell(term, "excl_newcomers", "share_eligible_vocational", percent: true), spread]
                },
                numeric: [1, 2, 3, 4, 5])
            html += Page.figure(chart.svg(), caption: "Årskurs \(grade): heldragen blå linje alla elever, streckad exklusive nyinvandrade; grönt stadens median, rött stadens p10 och p90.", table: table)
        }
        return html + "</section>\n"
    }

    private func expectedSection() throws -> String {
        let rows = try rows("expected")
        var html = "<section><h2>Resultat mot förväntat</h2>\n"
        guard let latest = rows.last else {
            return html + Page.missing("Ingen modell för förväntade resultat för skolan (det behövs minst \(report.minSchoolsExpected) skolor med resultat och index).") + "</section>\n"
        }
        let residual = latest["residual"].double ?? 0
        html += "<p>\(Markup.escape(latest["term"].string ?? "")), årskurs \(latest["grade_year"].int ?? 9): skolans meritvärde \(SwedishFormat.decimal(latest["mean_merit_value"].double)) mot förväntat \(SwedishFormat.decimal(latest["expected_merit_value"].double)) givet elevsammansättningen – \(SwedishFormat.decimal(abs(residual))) poäng \(residual >= 0 ? "över" : "under") det förväntade\((latest["below_expected"].int == 1) ? ", mer än en standardavvikelse under" : ""). En fråga att samtala om, ingen rangordning.</p>\n"
        html += Markup.table(
            caption: "Meritvärde mot förväntat, alla elever (de två senaste terminerna)",
            header: ["Termin", "Åk", "Meritvärde", "Förväntat", "Skillnad", "Skolor i modellen"],
            rows: rows.suffix(2).map { r in
                [r["term"].string ?? "", "\(r["grade_year"].int ?? 0)", SwedishFormat.decimal(r["mean_merit_value"].double),
                 SwedishFormat.decimal(r["expected_merit_value"].double), SwedishFormat.change(r["residual"].double),
                 "\(r["n_schools_in_model"].int ?? 0)"]
            },
            numeric: [1, 2, 3, 4, 5])
        return html + "</section>\n"
    }

    private func signalSection() throws -> String {
        let rows = try rows("signals")
        var html = "<section><h2>Signaler</h2>\n"
        guard !rows.isEmpty else { return html + Page.missing("Inga resultat för årskurs 6 eller 9.") + "</section>\n" }
        let rules = report.rules
        // the latest two terms: what the dialogue is about this year
        var recent: [String] = []
        for r in rows { if let t = r["term"].string, !recent.contains(t), recent.count < 2 { recent.append(t) } }
        var items: [String] = []
        for r in rows where (r["signal_count"].int ?? 0) > 0 && recent.contains(r["term"].string ?? "") {
            let at = "\(r["term"].string ?? ""), åk \(r["grade_year"].int ?? 0)"
            if r["low_merit"].int == 1 {
                items.append("\(at): lågt meritvärde – \(SwedishFormat.decimal(r["mean_merit_value"].double)), vid eller under stadens 10:e percentil \(SwedishFormat.decimal(r["p10_school_mean"].double)).")
            }
            if r["low_eligibility"].int == 1 {
                items.append("\(at): låg behörighet – \(SwedishFormat.percent(r["share_eligible_vocational"].double)) behöriga till yrkesprogram, under \(SwedishFormat.percent(rules.lowEligibilityShare)).")
            }
            if r["declining"].int == 1 {
                items.append("\(at): sjunkande resultat – \(SwedishFormat.decimal(r["mean_merit_value"].double)) mot \(SwedishFormat.decimal(r["previous_mean"].double)) året innan, minst \(SwedishFormat.decimal(rules.decliningPoints, digits: 0)) poäng lägre.")
            }
            if r["mapping_overdue"].int == 1 { items.append("\(at): kartläggningen av en nyanländ elevs kunskaper är försenad (mer än \(rules.mappingDeadlineMonths) månader).") }
            if r["low_survey"].int == 1 { items.append("\(at): lågt enkätresultat i något fokusområde (under \(SwedishFormat.percent(rules.lowSurveyFraction)) av skalan).") }
        }
        html += items.isEmpty ? "<p>Inga signaler \(recent.joined(separator: " eller ")).</p>\n" : "<ul>\n" + items.map { "<li>\(Markup.escape($0))</li>" }.joined(separator: "\n") + "\n</ul>\n"
        return html + "</section>\n"
    }

    private func surveySection() throws -> String {
        let focus = try rows("focus_areas"), profile = try rows("profile")
        var html = "<section><h2>Enkäter och självskattning</h2>\n"
        if focus.isEmpty {
            html += Page.missing("Inga enkätsvar för skolan.")
        } else {
            html += Markup.table(
                caption: "Fokusområden: skolan mot staden (alla roller)",
                header: ["Enkät", "Termin", "Fokusområde", "Svarande", "Skolan", "Staden"],
                rows: focus.map { r in
                    [r["survey"].string ?? "", r["term"].string ?? "", r["focus_area"].string ?? "", "\(r["n_respondents"].int ?? 0)",
                     SwedishFormat.decimal(r["mean_score"].double, digits: 2), SwedishFormat.decimal(r["city_mean_score"].double, digits: 2)]
                },
                numeric: [3, 4, 5])
        }
        let areas = profile.distinct("delomrade"), levels = profile.distinct("niva")
        if !profile.isEmpty {
            html += Markup.table(
                caption: "Självskattning per delområde och nivå (medelvärde, svarande)",
                header: ["Delområde"] + levels,
                rows: areas.map { area in
                    [area] + levels.map { level in
                        guard let r = profile.first(where: { $0["delomrade"].string == area && $0["niva"].string == level }) else { return "–" }
                        return "\(SwedishFormat.decimal(r["mean_score"].double, digits: 2)) (\(r["n_respondents"].int ?? 0))"
                    }
                },
                numeric: Set(1...max(levels.count, 1)))
        }
        return html + "</section>\n"
    }

    private func targetSection() throws -> String {
        let rows = try rows("targets")
        var html = "<section><h2>Mål</h2>\n"
        guard !rows.isEmpty else { return html + Page.missing("Inga mål som gäller skolan.") + "</section>\n" }
        html += Markup.table(
            caption: "Skolans mål och stadens",
            header: ["Mål", "Gäller", "Mått", "Utgångsläge", "Senast", "Mål", "Status"],
            rows: rows.map { r in
                let status = r["achieved"].int == 1 ? "uppnått" : r["progress"].double == nil ? ".." : r["on_track"].int == 1 ? "i fas" : "efter"
                return [r["mal_id"].string ?? "", r["omfattning"].string == "stad" ? "staden" : "skolan",
                        BoardReport.measureNames[r["matt"].string ?? ""] ?? "",
                        "\(BoardReport.targetValue(r, "baseline_value")) (\(r["baseline_term"].string ?? ""))",
                        r["current_term"].string.map { "\(BoardReport.targetValue(r, "current_value")) (\($0))" } ?? "..",
                        "\(BoardReport.targetValue(r, "target_value")) (\(r["target_term"].string ?? ""))", status]
            },
            numeric: [3, 4, 5])
        return html + "</section>\n"
    }

    /// The school's allocation beside its result against intake: one sentence for the latest
    /// year (the change against the year before in it), to keep the page at two sheets.
    /// Which activities a school had is not published school by school (it names the schools
    /// the administration singled out), so the page says where their results are instead.
    private func resourceSection() throws -> String {
        let rows = publication.has("funding_and_results") ? try rows("resources") : []
        var html = "<section><h2>Resurser och insatser</h2>\n"
        if rows.isEmpty { html += Page.missing("Inga resurser för skolan i publiceringen.") }
        if let r = rows.last {
            let supplement = SwedishFormat.integer(r["supplement_per_pupil_kr"].double.map { Int($0.rounded()) })
            var text = "<strong>\(Markup.escape(r["school_year"].string ?? ""))</strong>: socioekonomiskt tillägg \(supplement) kr per elev"
                + " (\(SwedishFormat.integer(r["n_pupils_allocated"].int)) elever i tilldelningen), nyanländpeng \(SwedishFormat.integer(r["nyanlandpeng_kr"].int)) kr"
            if let residual = r["residual"].double {
                text += "; meritvärdet i årskurs 9 \(SwedishFormat.change(residual)) mot förväntat"
                if let change = r["residual_change_vs_prev_year"].double { text += " (\(SwedishFormat.change(change)) mot året innan)" }
            }
            html += "<p>\(text).</p>\n"
        }
        html += "<p class=\"note\">Vilka insatser skolan har haft publiceras inte skola för skola; insatsernas effekt för staden står i nämndrapporten.</p>\n"
        return html + "</section>\n"
    }

    private func subjectSection() throws -> String {
        let rows = publication.has("subject_results") ? try rows("subjects") : []
        var html = "<section><h2>Resultat per ämne, årskurs 9</h2>\n"
        guard let term = rows.first?["term"].string else { return html + Page.missing("Inga ämnesbetyg i årskurs 9 för skolan.") + "</section>\n" }
        // two tables side by side: 21 subjects in half the height
        let half = (rows.count + 1) / 2
        let tables = [Array(rows[..<half]), Array(rows[half...])].map { part in
            Markup.table(
                caption: "",
                header: ["Ämne", "Elever", "Godkända", "Staden", "Poäng", "Staden"],
                rows: part.map { r in
                    [r["subject"].string ?? "", "\(r["n_graded"].int ?? 0)", SwedishFormat.percent(r["share_passed"].double),
                     SwedishFormat.percent(r["city_share_passed"].double), SwedishFormat.decimal(r["mean_points"].double),
                     SwedishFormat.decimal(r["city_mean_points"].double)]
                },
                numeric: [1, 2, 3, 4, 5])
        }
        html += "<p>\(Markup.escape(term)): andel godkända (A–E) och genomsnittliga betygspoäng per ämne, skolan och staden (skolor med visade rader).</p>\n"
        html += "<div class=\"pair\">\n" + tables.joined() + "</div>\n"
        return html + "</section>\n"
    }

    /// A page for A4: no navigation, sections kept whole where they fit.
    static func wrap(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="sv">
        <head>
        <meta charset="utf-8">
        <title>\(Markup.escape(title))</title>
        <style>
        @page { size: A4; margin: 12mm; }
        body { font-family: sans-serif; max-width: 190mm; margin: 1rem auto; color: #1a1a1a; font-size: 9pt; line-height: 1.25; }
        h1 { font-size: 16pt; margin: 0 0 0.2rem; } h2 { font-size: 12pt; border-bottom: 2px solid #1f5f9f; margin: 0.6rem 0 0.3rem; }
        figure { margin: 0.5rem 0; } figcaption { font-size: 8.5pt; color: #444; }
        table { border-collapse: collapse; font-size: 8pt; margin: 0.3rem 0; } caption { text-align: left; font-weight: bold; }
        th, td { border: 1px solid #ccc; padding: 0.12rem 0.35rem; } thead th { background: #eef3f8; } .num { text-align: right; }
        .missing { background: #fff6e0; border-left: 4px solid #e0a800; padding: 0.3rem 0.6rem; }
        svg { max-width: 100%; height: auto; } .pair { display: flex; gap: 0.8rem; align-items: flex-start; }
        figure { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: flex-start; } figcaption { flex-basis: 100%; }
        @media print { figure, table, ul { break-inside: avoid; } h2 { break-after: avoid; } a { color: inherit; text-decoration: none; } }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
