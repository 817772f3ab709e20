import Foundation
import LikvardSQL

/// "Nyanlända elever": newcomers' results reported separately, for all schools together.
/// The chart and first table answer one question at a time — by years in Swedish school,
/// by need group — because the cells of both together are mostly too small to show; the
/// cells follow for the groups large enough.
extension BoardReport {
    func newcomerSection() throws -> String {
        let margins = publication.has("newcomer_results_margins") ? try query("newcomer_margins") : []
        let cells = try query("newcomers")
        var html = "<section id=\"nyanlanda\"><h2>Nyanlända elever</h2>\n"
        html += "<p>Nyanlända elevers resultat redovisas separat (skollagen 3 kap. 12 a §), för alla skolor tillsammans: efter antal år i svensk skola, efter behovsgrupp, och efter båda. Grupper med färre än \(minPupils) elever visas med <strong>..</strong>, och så även de grupper som tillsammans med de visade skulle röja en dold.</p>\n"
        guard let latest = margins.first?["term"].string ?? cells.first?["term"].string else {
            return html + Page.missing("Inga nyanlända elever med betyg ännu.") + "</section>\n"
        }
        for gradeYear in [9, 8, 7, 6] {
            let ofYear = margins.filter { $0["term"].string == latest && $0["grade_year"].int == gradeYear }
            let cellsOfYear = cells.filter { $0["term"].string == latest && $0["grade_year"].int == gradeYear }
            guard !ofYear.isEmpty || !cellsOfYear.isEmpty else { continue }
            html += marginFigure(ofYear, term: latest, gradeYear: gradeYear)
            html += cellTable(cellsOfYear, term: latest, gradeYear: gradeYear)
        }
        return html + "</section>\n"
    }

    private static func marginLabel(_ r: Row) -> String {
        if r["dimension"].string == "years_in_swedish_school" { return "\(r["value"].int ?? 0) år i svensk skola" }
        return r["value"].int.map { "behovsgrupp \($0)" } ?? "ingen behovsgrupp"
    }

    private func marginFigure(_ rows: [Row], term: String, gradeYear: Int) -> String {
        guard !rows.isEmpty else { return "" }
        let chart = BarChart(title: "\(term), årskurs \(gradeYear): meritvärde efter år i svensk skola och efter behovsgrupp",
                             categories: rows.map { Self.marginLabel($0).replacingOccurrences(of: " i svensk skola", with: "") },
                             values: rows.map { $0["mean_merit_value"].double }, yLabel: "meritvärde")
        let table = Markup.table(
            caption: "\(term), årskurs \(gradeYear): en dimension i taget",
            header: ["Grupp", "Elever", "Meritvärde", "Behöriga yrkesprogram"],
            rows: rows.map { [Self.marginLabel($0), "\($0["n_pupils"].int ?? 0)", SwedishFormat.decimal($0["mean_merit_value"].double),
                              SwedishFormat.percent($0["share_eligible_vocational"].double)] },
            numeric: [1, 2, 3])
        // A chart of nothing but hidden values would be an empty frame: say so instead.
        let shown = rows.contains { $0["mean_merit_value"].double != nil }
        let figure = shown ? chart.svg() : Page.missing("Alla grupper har färre än \(minPupils) elever: inga meritvärden visas.")
        return Page.figure(figure, caption: "\(term), årskurs \(gradeYear): nyanlända elever, alla skolor, efter en dimension i taget.", table: table)
    }

    private func cellTable(_ rows: [Row], term: String, gradeYear: Int) -> String {
        guard !rows.isEmpty else { return "" }
        func label(_ r: Row) -> String {
            "\(r["years_in_swedish_school"].int ?? 0) år, " + (r["need_group"].int.map { "grupp \($0)" } ?? "ingen behovsgrupp")
        }
        return Markup.table(
            caption: "\(term), årskurs \(gradeYear): år i svensk skola och behovsgrupp tillsammans",
            header: ["År i svensk skola, behovsgrupp", "Elever", "Meritvärde", "Behöriga yrkesprogram"],
            rows: rows.map { [label($0), "\($0["n_pupils"].int ?? 0)", SwedishFormat.decimal($0["mean_merit_value"].double),
                              SwedishFormat.percent($0["share_eligible_vocational"].double)] },
            numeric: [1, 2, 3])
    }
}
