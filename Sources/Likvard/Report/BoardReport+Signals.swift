import Foundation
import LikvardSQL

/// "Skolor med signaler": which schools the signal system points out, and how many over
/// time. The trend compares like with like — one chart per grade year, one bar per term —
/// because an autumn term has only year 9's term grades while a spring term has years 6
/// and 9: counted together, every spring would look worse than the autumn before it.
extension BoardReport {
    func signalSection() throws -> String {
        let rows = try query("signals")
        var html = "<section id=\"signaler\"><h2>Skolor med signaler</h2>\n"
        html += "<p>Signalsystemet pekar ut skolor som kan behöva stöd: lågt meritvärde (vid eller under p10), låg behörighet (under \(lowEligibilityPercent) % i åk 9), sjunkande resultat (minst \(decliningPoints) poäng lägre än året innan), försenad kartläggning av nyanlända och låga enkätresultat inom fokusområdena.</p>\n"
        guard !rows.isEmpty else { return html + Page.missing("Inga resultat för årskurs 6 eller 9 ännu.") + "</section>\n" }
        let terms = rows.distinct("term")
        let latest = terms.last!
        for gradeYear in [9, 6] {
            let ofYear = rows.filter { $0["grade_year"].int == gradeYear }
            let termsOfYear = terms.filter { term in ofYear.contains { $0["term"].string == term } }
            guard !termsOfYear.isEmpty else { continue }
            let flagged = termsOfYear.map { term in Double(ofYear.filter { $0["term"].string == term && ($0["signal_count"].int ?? 0) > 0 }.count) }
            let schools = termsOfYear.map { term in ofYear.filter { $0["term"].string == term }.count }
            var chart = BarChart(title: "Årskurs \(gradeYear): antal skolor med minst en signal", categories: termsOfYear, values: flagged,
                                 yLabel: "antal skolor", color: "#b8462e")
            chart.valueDigits = 0
            let table = Markup.table(
                caption: "Årskurs \(gradeYear): skolor med minst en signal, per termin",
                header: ["Termin", "Skolor med signal", "Skolor med resultat"],
                rows: zip(termsOfYear, zip(flagged, schools)).map { [$0, "\(Int($1.0))", "\($1.1)"] },
                numeric: [1, 2])
            html += Page.figure(chart.svg(), caption: "Årskurs \(gradeYear): skolor med minst en signal, per termin.", table: table)
        }
        html += latestSignals(rows, terms: terms, latest: latest)
        return html + "</section>\n"
    }

    /// The latest term's flagged schools with each signal, and their counts in earlier terms.
    private func latestSignals(_ rows: [Row], terms: [String], latest: String) -> String {
        let flagged = rows.filter { $0["term"].string == latest && ($0["signal_count"].int ?? 0) > 0 }
            .sorted { ($0["signal_count"].int ?? 0) > ($1["signal_count"].int ?? 0) }
        guard !flagged.isEmpty else { return Page.missing("Inga skolor har signaler \(latest).") }
        func mark(_ r: Row, _ column: String) -> String { r[column].int == 1 ? "●" : "" }
        return Markup.table(
            caption: "\(latest): skolor med signaler och antal signaler per termin",
            header: ["Skola", "Åk", "Lågt meritvärde", "Låg behörighet", "Sjunkande", "Kartläggning försenad", "Låg enkät", "Signaler"] + terms.dropLast().map { "Signaler \($0)" },
            rows: flagged.map { r in
                let trend = terms.dropLast().map { term -> String in
                    rows.first { $0["term"].string == term && $0["school_unit_code"] == r["school_unit_code"] && $0["grade_year"] == r["grade_year"] }
                        .map { "\($0["signal_count"].int ?? 0)" } ?? "–"
                }
                return [r["school_name"].string ?? r["school_unit_code"].description, "\(r["grade_year"].int ?? 0)",
                        mark(r, "low_merit"), mark(r, "low_eligibility"), mark(r, "declining"), mark(r, "mapping_overdue"),
                        mark(r, "low_survey"), "\(r["signal_count"].int ?? 0)"] + trend
            },
            numeric: Set(7..<(8 + terms.count)))
    }
}
