import Foundation
import LikvardSQL

/// "Spridning mellan skolor": the spread of school means per grade year over the terms —
/// p10, median, p90 for all pupils and excluding newly immigrated — with the table beside.
extension BoardReport {
    func disparitySection() throws -> String {
        let rows = try query("disparity")
        var html = "<section id=\"spridning\"><h2>Spridning mellan skolor</h2>\n"
        html += "<p>Skolornas genomsnittliga meritvärde: 10:e percentilen, median och 90:e percentilen bland skolor med minst \(minPupils) elever, för alla elever och exklusive nyinvandrade elever och elever med okänd bakgrund. Ett minskande gap mellan p90 och p10 betyder minskade skillnader mellan skolor.</p>\n"
        guard !rows.isEmpty else { return html + Page.missing("Inga skolor har ännu tillräckligt många elever med betyg för att jämföras.") + "</section>\n" }
        for gradeYear in [9, 6] {
            let year = rows.filter { $0["grade_year"].int == gradeYear }
            guard !year.isEmpty else { continue }
            let terms = year.distinct("term")
            // A percentile over fewer than 10 schools is close to one school's mean: never drawn
            // nor tabled; the note says how many schools the tier shows instead.
            func spread(_ r: Row) -> Bool { (r["n_schools"].int ?? 0) >= Self.minimumSchoolsForSpread }
            func series(_ population: String, _ column: String) -> [Double?] {
                year.series(column, population: population, over: terms, shown: spread)
            }
            let thin = year.filter { !spread($0) }
                .map { "\($0["term"].string ?? "") \($0["population"].string == "all" ? "alla" : "exkl. nyinvandrade") (\($0["n_schools"].int ?? 0))" }
            let chart = LineChart(
                title: "Årskurs \(gradeYear): skolornas meritvärde, p10 – median – p90",
                xLabels: terms,
                series: [("all", "alla", false), ("excl_newcomers", "exkl. nyinvandrade", true)].flatMap { population, label, dashed in
                    [("p90", "p90_school_mean", "#1f5f9f"), ("median", "median_school_mean", "#3a8f3a"), ("p10", "p10_school_mean", "#b8462e")]
                        .map { name, column, color in
                            LineChart.Series(name: "\(name), \(label)", values: series(population, column), color: color, dashed: dashed)
                        }
                },
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
}
