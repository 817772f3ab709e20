import Foundation
import LikvardSQL

/// `likvard report`: one self-contained HTML page for the education board, in Swedish —
/// the regular report-back the audit found missing. It reads a **public** publication
/// only (queries in `schemas/report/`), never the warehouse: nothing in it can be combined
/// to undo a suppression. Suppressed values show as `..` like Skolverket's, and it says
/// what is missing instead of failing on an empty publication.
public struct BoardReport {
    let publication: PublicationReader
    let rules: PublishedRules
    let generatedAt: String

    /// The report of a public publication.
    public init(publication path: String) throws {
        publication = try PublicationReader(path: path, requiring: .public)
        rules = try publication.rules()
        generatedAt = Clock.timestamp()
    }

    /// The report of a warehouse: its public tier is published first (to a file that is
    /// gone once the report has read it), and the report reads that.
    public init(warehouse path: String) throws {
        let warehouse = try Warehouse(path: path, forWriting: false)
        guard try warehouse.hasTable("results_school_term") else {
            throw ConfigurationError("the warehouse \(path) has no results yet: let a `likvard run` load it first")
        }
        let folder = NSTemporaryDirectory() + "likvard-report-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try warehouse.publish(.public, to: folder + "/public.sqlite").path
        try self.init(publication: file)
    }

    /// The thresholds the text names, as the publication's `rules` states them.
    var minPupils: String { "\(rules.minPupils)" }
    var minRespondents: String { "\(rules.minRespondents)" }
    var lowEligibilityPercent: String { SwedishFormat.decimal(rules.lowEligibilityShare * 100, digits: 0) }
    var decliningPoints: String { SwedishFormat.decimal(rules.decliningPoints, digits: 0) }
    var minSchoolsExpected: String { "\(rules.minSchoolsExpected)" }
    /// "fyra år": the newcomer window in words.
    var newcomerYears: String { SwedishFormat.count(rules.newcomerYears) }

    /// Writes `index.html` into `folder` (created if needed) and returns its path.
    @discardableResult
    public func write(to folder: String) throws -> String {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let path = folder + "/index.html"
            try html().write(toFile: path, atomically: true, encoding: .utf8)
            return path
        } catch let error as CocoaError {
            throw ConfigurationError("cannot write the report to \(folder): \(error.localizedDescription)")
        }
    }

    public func html() throws -> String {
        let refreshed = try publication.reportRows("coverage").first?["result_rows"].int ?? 0 > 0
        var body = ""
        if refreshed {
            body += try disparitySection()
            body += try newcomerSection()
            body += try signalSection()
            body += try focusAreaSection()
            body += try effectsSection()
            body += try contextSection()
        } else {
            body += "<section><h2>Inga resultat ännu</h2><p>Lagret har ännu inte laddats och uppdaterats: kör <code>likvard run</code> först.</p></section>"
        }
        body += try coverageSection(refreshed: refreshed)
        return Page.wrap(title: "Likvärdighet i grundskolan – uppföljning", generatedAt: generatedAt, body: body)
    }

    func query(_ name: String) throws -> [Row] { try publication.reportRows(name) }

    /// A percentile line or row needs at least this many schools behind it.
    static let minimumSchoolsForSpread = 10

    // MARK: - Spridning mellan skolor

    private func disparitySection() throws -> String {
        let rows = try query("disparity")
        var html = "<section id=\"spridning\"><h2>Spridning mellan skolor</h2>\n"
        html += "<p>Skolornas genomsnittliga meritvärde: 10:e percentilen, median och 90:e percentilen bland skolor med minst \(minPupils) elever, för alla elever och exklusive nyinvandrade elever och elever med okänd bakgrund. Ett minskande gap mellan p90 och p10 betyder minskade skillnader mellan skolor.</p>\n"
        guard !rows.isEmpty else { return html + Page.missing("Inga skolor har ännu tillräckligt många elever med betyg för att jämföras.") + "</section>\n" }
        for gradeYear in [9, 6] {
            let year = rows.filter { $0["grade_year"].int == gradeYear }
            guard !year.isEmpty else { continue }
            var terms: [String] = []
            for r in year { if let t = r["term"].string, !terms.contains(t) { terms.append(t) } }
            // A percentile over fewer than 10 schools is close to one school's mean: never drawn
            // nor tabled; the note says how many schools the tier shows instead.
            func spread(_ r: Row) -> Bool { (r["n_schools"].int ?? 0) >= Self.minimumSchoolsForSpread }
            func series(_ population: String, _ column: String) -> [Double?] {
                terms.map { term in
                    year.first { $0["term"].string == term && $0["population"].string == population }.flatMap { spread($0) ? $0[column].double : nil }
                }
            }
            let thin = year.filter { !spread($0) }
                .map { "\($0["term"].string ?? "") \($0["population"].string == "all" ? "alla" : "exkl. nyinvandrade") (\($0["n_schools"].int ?? 0))" }
            let chart = LineChart(
                title: "Årskurs \(gradeYear): skolornas meritvärde, p10 – median – p90",
                xLabels: terms,
                series: [
                    .init(name: "p90, alla", values: series("all", "p90_school_mean"), color: "#1f5f9f", dashed: false),
                    .init(name: "median, alla", values: series("all", "median_school_mean"), color: "#3a8f3a", dashed: false),
                    .init(name: "p10, alla", values: series("all", "p10_school_mean"), color: "#b8462e", dashed: false),
                    .init(name: "p90, exkl. nyinvandrade", values: series("excl_newcomers", "p90_school_mean"), color: "#1f5f9f", dashed: true),
                    .init(name: "median, exkl. nyinvandrade", values: series("excl_newcomers", "median_school_mean"), color: "#3a8f3a", dashed: true),
                    .init(name: "p10, exkl. nyinvandrade", values: series("excl_newcomers", "p10_school_mean"), color: "#b8462e", dashed: true),
                ],
                yLabel: "meritvärde")
            let table = Markup.table(
                caption: "Årskurs \(gradeYear): spridning per termin",
                header: ["Termin", "Elever", "Skolor", "p10", "Median", "p90", "Gap p90–p10", "Förändring mot året innan", "Andel av variationen mellan skolor"],
                rows: year.map { r in
                    let shown = spread(r)
                    return [r["term"].string ?? "", r["population"].string == "all" ? "alla" : "exkl. nyinvandrade",
                            "\(r["n_schools"].int ?? 0)", SwedishFormat.decimal(shown ? r["p10_school_mean"].double : nil),
                            SwedishFormat.decimal(shown ? r["median_school_mean"].double : nil),
                            SwedishFormat.decimal(shown ? r["p90_school_mean"].double : nil),
                            SwedishFormat.decimal(shown ? r["gap_p90_p10"].double : nil),
                            SwedishFormat.change(shown ? r["gap_change_vs_prev_year"].double : nil),
                            SwedishFormat.percent(shown ? r["between_school_variance_share"].double : nil)]
                },
                numeric: [2, 3, 4, 5, 6, 7, 8])
            let rests = "Bygger på skolornas medelvärden som den publicerade nivån visar (kolumnen Skolor); skolor med dolda resultat räknas inte."
            let hidden = thin.isEmpty ? "" : " Färre än \(Self.minimumSchoolsForSpread) skolor med visade medelvärden, ingen spridning visas: \(thin.joined(separator: ", "))."
            html += Page.figure(chart.svg(), caption: "Årskurs \(gradeYear). Heldragen linje: alla elever; streckad: exklusive nyinvandrade och okänd bakgrund. \(rests)\(hidden)", table: table)
        }
        return html + "</section>\n"
    }

    // MARK: - I sitt sammanhang: förväntade resultat, riket, Skolverkets siffror

    private func contextSection() throws -> String {
        var html = "<section id=\"sammanhang\"><h2>Skolorna i sitt sammanhang</h2>\n"
        html += try expectedResults()
        html += try nationalComparison()
        html += try officialDifferences()
        return html + "</section>\n"
    }

    /// School means against the socio-economic index, the model's line, the schools below
    /// expectation marked.
    private func expectedResults() throws -> String {
        let html = "<h3>Resultat jämfört med förväntat</h3>\n<p>Vilka skolor når bättre eller sämre resultat än elevsammansättningen förutsäger? Som Skolverkets SALSA: skolornas genomsnittliga meritvärde förklaras av skolans socioekonomiska index, andelen nyanlända och andelen pojkar (viktat efter antal elever). En skola mer än en standardavvikelse under det förväntade är markerad. En modell av skolors medelvärden, inte av elever, och ingen rangordning.</p>\n"
        let rows = publication.has("school_expected_results") ? try query("expected") : []
        guard let first = rows.first else {
            return html + Page.missing("Färre än \(minSchoolsExpected) skolor har både minst \(minPupils) elever med meritvärde och ett socioekonomiskt index i registret: ingen modell för förväntade resultat.")
        }
        let term = first["term"].string ?? "", grade = first["grade_year"].int ?? 9
        let points = rows.map { r in
            ScatterChart.Point(label: r["school_name"].string ?? r["school_unit_code"].description, x: r["socioeconomic_index"].double ?? 0,
                               y: r["mean_merit_value"].double ?? 0, marked: r["below_expected"].int == 1)
        }
        // The model's line over the index: the weighted least-squares line through the
        // schools' expected values (the other covariates as they are at those schools).
        let weights = rows.map { Double($0["n_pupils_in_mean"].int ?? 0) }, xs = points.map(\.x)
        let expected = rows.map { $0["expected_merit_value"].double ?? 0 }
        let sw = weights.reduce(0, +)
        let mx = zip(weights, xs).map(*).reduce(0, +) / sw, my = zip(weights, expected).map(*).reduce(0, +) / sw
        let sxx = zip(weights, xs).map { $0 * ($1 - mx) * ($1 - mx) }.reduce(0, +)
        let sxy = zip(zip(weights, xs), expected).map { $0.0 * ($0.1 - mx) * ($1 - my) }.reduce(0, +)
        let slope = sxx > 0 ? sxy / sxx : 0
        let (lo, hi) = (xs.min() ?? 0, xs.max() ?? 0)
        let chart = ScatterChart(
            title: "\(term), årskurs \(grade): meritvärde och socioekonomiskt index",
            points: points, line: ((lo, my + slope * (lo - mx)), (hi, my + slope * (hi - mx))),
            xLabel: "socioekonomiskt index (registrets)", yLabel: "meritvärde",
            legend: (plain: "skola", marked: "under förväntat (≤ −1 sd)", line: "förväntat, modellens linje"))
        let table = Markup.table(
            caption: "\(term), årskurs \(grade): \(first["n_schools_in_model"].int ?? 0) skolor i modellen, R² \(SwedishFormat.decimal(first["r_squared"].double, digits: 2))",
            header: ["Skola", "Elever", "Index", "Meritvärde", "Förväntat", "Skillnad", "Standardiserad", "Under förväntat"],
            rows: rows.map { r in
                [r["school_name"].string ?? "", "\(r["n_pupils_in_mean"].int ?? 0)", SwedishFormat.decimal(r["socioeconomic_index"].double, digits: 2),
                 SwedishFormat.decimal(r["mean_merit_value"].double), SwedishFormat.decimal(r["expected_merit_value"].double),
                 SwedishFormat.change(r["residual"].double), SwedishFormat.decimal(r["standardized_residual"].double, digits: 2),
                 r["below_expected"].int == 1 ? "●" : ""]
            },
            numeric: [1, 2, 3, 4, 5, 6])
        return html + Page.figure(chart.svg(), caption: "\(term), årskurs \(grade), alla elever: varje punkt en skola; röd: mer än en standardavvikelse under det förväntade.", table: table)
    }

    /// The city's p10 – median – p90 of school means beside Sweden's and the municipality's.
    private func nationalComparison() throws -> String {
        let html = "<h3>Jämfört med riket och kommunen</h3>\n<p>Spridningen av skolornas genomsnittliga meritvärde i årskurs 9: lagrets skolor (vårterminen) bredvid alla skolenheter i riket och i kommunen enligt Skolverkets officiella statistik. Stapeln går från 10:e till 90:e percentilen; strecket är medianen.</p>\n"
        let rows = publication.has("national_comparison") ? try query("national") : []
        guard let year = rows.first?["school_year"].string else {
            return html + Page.missing("Ingen fil från Skolverket (SIRIS) är laddad: lägg slutbetygsstatistiken i inkorgens mapp skolverket.")
        }
        let latest = rows.filter { $0["school_year"].string == year }
        func name(_ scope: String?) -> String {
            switch scope { case "warehouse": return "Lagrets skolor"; case "municipality": return "Kommunen (officiell)"; default: return "Riket (officiell)" }
        }
        let chart = RangeChart(
            title: "\(year), årskurs 9: skolornas meritvärde, p10 – median – p90",
            ranges: latest.compactMap { r in
                guard let p10 = r["p10_school_mean"].double, let m = r["median_school_mean"].double, let p90 = r["p90_school_mean"].double else { return nil }
                return .init(label: name(r["scope"].string), p10: p10, median: m, p90: p90)
            },
            axisLabel: "meritvärde")
        let table = Markup.table(
            caption: "\(year): spridning av skolornas meritvärde",
            header: ["Urval", "Skolor", "Elever", "p10", "Median", "p90", "Gap p90–p10"],
            rows: latest.map { r in
                [name(r["scope"].string), "\(r["n_schools"].int ?? 0)", "\(r["n_pupils"].int ?? 0)", SwedishFormat.decimal(r["p10_school_mean"].double),
                 SwedishFormat.decimal(r["median_school_mean"].double), SwedishFormat.decimal(r["p90_school_mean"].double),
                 SwedishFormat.decimal(r["gap_p90_p10"].double)]
            },
            numeric: [1, 2, 3, 4, 5, 6])
        return html + Page.figure(chart.svg(), caption: "\(year), årskurs 9: lagrets egna skolor och Skolverkets officiella siffror.", table: table)
    }

    /// For the steward: where the warehouse's own mean and Skolverket's differ by more than 2.
    private func officialDifferences() throws -> String {
        let html = "<h3>Egna siffror mot Skolverkets (för dataförvaltaren)</h3>\n<p>Skolor där lagrets eget meritvärde för årskurs 9 (vårterminen) skiljer sig mer än 2 poäng från Skolverkets officiella. En skillnad är en fråga om underlaget – andra elever räknade, betyg före eller efter prövning, en sen betygsfil – inte ett resultat.</p>\n"
        guard publication.has("official_school_results") else { return html + Page.missing("Ingen fil från Skolverket är laddad.") }
        let rows = try query("official_differences")
        guard !rows.isEmpty else { return html + Page.missing("Ingen skola skiljer sig mer än 2 poäng från Skolverkets siffror.") }
        return html + Markup.table(
            caption: "Skolor med mer än 2 poängs skillnad",
            header: ["Läsår", "Skola", "Skolverket", "Lagret", "Skillnad"],
            rows: rows.map { r in
                [r["school_year"].string ?? "", r["school_name"].string ?? "", SwedishFormat.decimal(r["mean_merit_value"].double),
                 SwedishFormat.decimal(r["warehouse_mean_merit_value"].double), SwedishFormat.change(r["difference"].double)]
            },
            numeric: [2, 3, 4])
    }

    // MARK: - Underlag

    private func coverageSection(refreshed: Bool) throws -> String {
        var html = "<section id=\"underlag\"><h2>Underlag</h2>\n"
        guard refreshed, let c = try query("coverage").first else {
            return html + Page.missing("Publiceringen har inga resultat ännu.") + "</section>\n"
        }
        html += Markup.table(
            caption: "Vad rapporten bygger på",
            header: ["Uppgift", "Värde"],
            rows: [
                ["Terminer", c["terms"].string ?? "–"],
                ["Skolenheter med resultat", "\(c["schools"].int ?? 0)"],
                ["Resultatrader", "\(c["result_rows"].int ?? 0)"],
                ["Varav dolda (färre än \(minPupils) elever, eller skyddade mot differensröjande)", "\(c["suppressed_rows"].int ?? 0)"],
                ["Laddat i lagret (körning \(c["source_run_id"].int ?? 0))", c["source_finished_at"].string ?? "–"],
                ["Publicerat", c["published_at"].string ?? "–"],
                ["Rapporten skapad", generatedAt],
            ])
        html += "<p class=\"note\">Meritvärdet beräknas som Skolverkets (16 bästa betyg plus moderna språk, högst 340) också på terminsbetyg. Nyinvandrade avser elever som kommit till Sverige de senaste \(newcomerYears) åren; föräldrarnas födelseland finns inte i underlaget. Grupper med färre än \(minPupils) elever (\(minRespondents) svarande i enkäter) redovisas inte: <strong>..</strong>.</p>\n"
        return html + "</section>\n"
    }
}

/// The page around the sections: inline CSS only, nothing fetched.
enum Page {
    static func wrap(title: String, generatedAt: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="sv">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Markup.escape(title))</title>
        <style>
        body { font-family: sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
        h1 { font-size: 1.7rem; margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #1f5f9f; padding-bottom: 0.2rem; margin-top: 2.5rem; }
        nav a { margin-right: 1rem; } figure { margin: 1.5rem 0; display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
        figcaption { flex-basis: 100%; font-size: 0.9rem; color: #444; }
        table { border-collapse: collapse; font-size: 0.85rem; margin-bottom: 1rem; } caption { text-align: left; font-weight: bold; margin-bottom: 0.3rem; }
        th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; } thead th { background: #eef3f8; } .num { text-align: right; }
        .missing { background: #fff6e0; border-left: 4px solid #e0a800; padding: 0.5rem 1rem; } .note { font-size: 0.85rem; color: #444; }
        .progress { display: inline-block; position: relative; width: 100px; height: 8px; background: #e3e3e3; vertical-align: middle; }
        .progress .done { position: absolute; left: 0; top: 0; height: 8px; background: #3a8f3a; } .progress .behind { background: #b8462e; }
        .progress .elapsed { position: absolute; top: -3px; width: 2px; height: 14px; background: #1a1a1a; }
        </style>
        </head>
        <body>
        <header>
        <h1>\(Markup.escape(title))</h1>
        <p>Rapport till utbildningsnämnden från Likvärd: gör strategierna mot ökande kunskapsskillnader skillnad? Skapad \(Markup.escape(generatedAt)).</p>
        <nav><a href="#spridning">Spridning mellan skolor</a><a href="#nyanlanda">Nyanlända elever</a><a href="#signaler">Skolor med signaler</a><a href="#fokusomraden">Fokusområden</a><a href="#insatser">Ger insatserna resultat?</a><a href="#sammanhang">I sitt sammanhang</a><a href="#underlag">Underlag</a></nav>
        </header>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    static func figure(_ svg: String, caption: String, table: String) -> String {
        "<figure>\n\(svg)\n<div class=\"data\">\n\(table)</div>\n<figcaption>\(Markup.escape(caption))</figcaption>\n</figure>\n"
    }

    static func missing(_ text: String) -> String { "<p class=\"missing\">\(Markup.escape(text))</p>\n" }
}
