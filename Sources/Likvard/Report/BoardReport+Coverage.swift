import Foundation
import LikvardSQL

/// "Underlag": what the report rests on — terms, schools, pupils, hidden rows — and how the
/// numbers are made.
extension BoardReport {
    func coverageSection(refreshed: Bool) throws -> String {
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
