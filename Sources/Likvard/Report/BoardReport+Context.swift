import Foundation
import LikvardSQL

/// "Skolorna i sitt sammanhang": each school against what its intake predicts, the city
/// against Sweden and the municipality, and the warehouse's own figures against Skolverket's.
extension BoardReport {
    func contextSection() throws -> String {
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
}
