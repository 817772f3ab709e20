import Foundation
import LikvardSQL

/// "Fokusområden": the survey follow-up of the administration's focus areas, one chart per
/// survey. The text counts the areas the surveys actually cover, so it says "fyra" only when
/// all four are there; questions under `ovrigt` are shown, named as belonging to none.
extension BoardReport {
    func focusAreaSection() throws -> String {
        let rows = try query("focus_areas")
        var html = "<section id=\"fokusomraden\"><h2>Fokusområden</h2>\n"
        let covered = FocusArea.followedUp.filter { area in rows.contains { $0["focus_area"].string == area.rawValue } }
        html += "<p>Uppföljning av " + Self.coverage(covered) + " från enkäterna. Medelvärde på enkätens skala, alla roller; skolor med färre än \(minRespondents) svarande visas med <strong>..</strong>.</p>\n"
        guard !rows.isEmpty else { return html + Page.missing("Inga enkätsvar ännu.") + "</section>\n" }
        let surveys = rows.distinct("survey")
        let city = publication.has("focus_area_city") ? try query("focus_area_city") : []
        for survey in surveys {
            html += surveyFigure(rows.filter { $0["survey"].string == survey }, city: city.filter { $0["survey"].string == survey },
                                 survey: survey)
        }
        return html + "</section>\n"
    }

    /// "förvaltningens fyra fokusområden – …" when the surveys cover all four; otherwise the
    /// ones they cover, and how many of the four that is.
    static func coverage(_ covered: [FocusArea]) -> String {
        let names = covered.map { $0.swedishName.lowercased() }
        let list = names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " och " + names.last!
        if covered.count == FocusArea.followedUp.count { return "förvaltningens fyra fokusområden – \(list) –" }
        if covered.isEmpty { return "förvaltningens fokusområden (inga enkätfrågor hör ännu till något av dem)" }
        return "de fokusområden som enkäterna täcker – \(list), \(SwedishFormat.count(covered.count)) av förvaltningens fyra –"
    }

    /// The city's mean per area (every answer pooled, as `focus_area_city` holds it) in the
    /// chart; each school's in the table.
    private func surveyFigure(_ ofSurvey: [Row], city: [Row], survey: String) -> String {
        let term = ofSurvey.last!["term"].string!
        let latest = ofSurvey.filter { $0["term"].string == term }
        let areas = latest.distinct("focus_area")
        func name(_ area: String) -> String { FocusArea(rawValue: area)?.swedishName ?? area }
        let cityMeans: [Double?] = areas.map { area in
            city.first { $0["term"].string == term && $0["focus_area"].string == area }?["mean_score"].double
        }
        let chart = BarChart(title: "\(survey), \(term): stadens medelvärde, alla svarande", categories: areas.map(name),
                             values: cityMeans, yLabel: "medelvärde", color: "#3a8f3a")
        let schools = latest.distinct("school_name")
        let table = Markup.table(
            caption: "\(survey), \(term): medelvärde (antal svarande) per skola och fokusområde",
            header: ["Skola"] + areas.map(name),
            rows: schools.map { school in
                [school] + areas.map { area in
                    guard let r = latest.first(where: { $0["school_name"].string == school && $0["focus_area"].string == area }) else { return "–" }
                    return "\(SwedishFormat.decimal(r["mean_score"].double, digits: 2)) (\(r["n_respondents"].int ?? 0))"
                }
            },
            numeric: Set(1...max(areas.count, 1)))
        // Every school under the respondent threshold: a sentence, not an empty frame.
        let figure = cityMeans.contains { $0 != nil } ? chart.svg()
            : Page.missing("Alla skolor har färre än \(minRespondents) svarande: inga medelvärden visas.")
        return Page.figure(figure, caption: "\(survey), \(term): medelvärde på enkätens skala, staden i diagrammet och varje skola i tabellen.", table: table)
    }
}
