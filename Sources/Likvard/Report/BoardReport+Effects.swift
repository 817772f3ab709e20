import Foundation
import LikvardSQL

/// "Ger insatserna resultat?" — the audit's own question, answered from the publication:
/// each kind of activity's effect with its interval and placebo, the socio-economic
/// supplement beside results against expectation, and the targets with their status. Under
/// each chart, in plain words, what such an estimate can and cannot say.
extension BoardReport {
    static let activityNames = ["lararcoach": "Lärarcoacher", "analysstod": "Analysstöd", "kritiska_vanner": "Kritiska vänner",
                                "prio": "PRIO"]
    static let measureNames = ["mean_merit_value": "Meritvärde", "share_eligible_vocational": "Behöriga yrkesprogram",
                               "share_all_subjects_passed": "Godkänt i alla ämnen", "gap_p90_p10": "Gap p90–p10 mellan skolor",
                               "survey_mean_score": "Enkätens medelvärde"]

    func effectsSection() throws -> String {
        var html = "<section id=\"insatser\"><h2>Ger insatserna resultat?</h2>\n"
        html += "<p>Revisionen efterfrågade en uppföljning av om förvaltningens insatser ger resultat. Här jämförs skolor som fått en insats med skolor som ännu inte fått den, över samma år: hur mycket mer (eller mindre) skolornas genomsnittliga meritvärde i årskurs 9 har förändrats sedan året före starten.</p>\n"
        html += try effects()
        html += try funding()
        html += try targets()
        return html + "</section>\n"
    }

    private func effects() throws -> String {
        var html = "<h3>Insatsernas effekt på meritvärdet</h3>\n"
        let rows = publication.has("intervention_effects") ? try query("effects") : []
        guard !rows.isEmpty else {
            return html + Page.missing("Inga insatser med jämförbara resultat före och efter starten ännu: lägg förvaltningens insatser i inkorgens mapp insatser.")
        }
        let kinds = rows.distinct("insats")
        func label(_ k: Int) -> String { k == -1 ? "placebo (året före)" : "\(k) år efter" }
        let chart = IntervalChart(
            title: "Årskurs 9: skillnad i förändring av meritvärdet mot jämförelseskolor",
            groups: kinds.map { kind in
                .init(label: Self.activityNames[kind] ?? kind,
                      estimates: rows.filter { $0["insats"].string == kind }.map { r in
                          .init(label: label(r["years_after"].int ?? 0), value: r["effect"].double ?? 0, low: r["ci_low"].double,
                                high: r["ci_high"].double, placebo: r["years_after"].int == -1)
                      })
            },
            axisLabel: "meritvärdespoäng (0 = samma förändring som jämförelseskolorna)")
        let table = Markup.table(
            caption: "Årskurs 9, alla elever: effekt per insats och år",
            header: ["Insats", "År", "Skolor", "Jämförelseskolor", "Förändring, insats", "Förändring, jämförelse", "Effekt",
                     "95 %-intervall", "Insatser", "Kostnad, kr"],
            rows: rows.map { r in
                [Self.activityNames[r["insats"].string ?? ""] ?? r["insats"].string ?? "", label(r["years_after"].int ?? 0),
                 "\(r["n_schools"].int ?? 0)", "\(r["n_comparison_schools"].int ?? 0)",
                 SwedishFormat.change(r["mean_change_treated"].double), SwedishFormat.change(r["mean_change_comparison"].double),
                 SwedishFormat.change(r["effect"].double),
                 r["ci_low"].double.map { "\(SwedishFormat.change($0)) till \(SwedishFormat.change(r["ci_high"].double))" } ?? "..",
                 "\(r["n_activities"].int ?? 0)", SwedishFormat.integer(r["total_cost_kr"].int)]
            },
            numeric: [2, 3, 4, 5, 6, 8, 9])
        html += Page.figure(chart.svg(), caption: "Punkten är den genomsnittliga effekten, strecket ett ungefärligt 95 %-intervall; grått är placebo-året.", table: table)
        html += "<p class=\"note\">Så ska diagrammet läsas: en effekt är skillnaden mellan hur mycket skolorna med insatsen förändrades och hur mycket jämförbara skolor utan (ännu) någon sådan insats förändrades under samma år. Det är ett samband, inte ett bevis: det håller bara om skolorna hade utvecklats lika utan insatsen (parallella trender). Placebo-raden prövar det – året före starten borde visa ungefär 0; gör den inte det var skolorna redan på väg åt något håll. Skolor som valts ut för att de hade svaga resultat brukar också förbättras av sig själva. Med få skolor blir intervallet brett: ett intervall som omfattar 0 betyder att vi inte kan skilja effekten från slumpen.</p>\n"
        return html
    }

    private func funding() throws -> String {
        var html = "<h3>Socioekonomiskt tillägg och resultat mot förväntat</h3>\n"
        let rows = publication.has("funding_and_results") ? try query("funding") : []
        guard let year = rows.first?["school_year"].string else {
            return html + Page.missing("Inga resurser med resultat mot förväntat ännu: det behövs resurser per skola (mappen resurser) och minst \(minSchoolsExpected) skolor i modellen för förväntade resultat.")
        }
        var chart = ScatterChart(
            title: "\(year): tillägg per elev och skillnad mot förväntat meritvärde",
            points: rows.map { r in
                .init(label: r["school_name"].string ?? r["school_unit_code"].description, x: r["supplement_per_pupil_kr"].double ?? 0,
                      y: r["residual"].double ?? 0, marked: false)
            },
            line: nil, xLabel: "socioekonomiskt tillägg per elev, kr", yLabel: "meritvärde mot förväntat",
            legend: (plain: "skola", marked: "", line: ""))
        chart.xDigits = 0
        let table = Markup.table(
            caption: "\(year), årskurs 9: tillägg per elev och resultat mot förväntat",
            header: ["Skola", "Elever i tilldelningen", "Tillägg per elev, kr", "Mot förväntat", "Förändring mot året innan"],
            rows: rows.map { r in
                [r["school_name"].string ?? "", "\(r["n_pupils_allocated"].int ?? 0)", SwedishFormat.decimal(r["supplement_per_pupil_kr"].double, digits: 0),
                 SwedishFormat.change(r["residual"].double), SwedishFormat.change(r["residual_change_vs_prev_year"].double)]
            },
            numeric: [1, 2, 3, 4])
        html += Page.figure(chart.svg(), caption: "\(year): varje punkt en skola. Över 0: bättre meritvärde än elevsammansättningen förutsäger.", table: table)
        html += "<p class=\"note\">Tillägget går till skolor med svårare förutsättningar, och modellen för förväntade resultat tar bara delvis hänsyn till dem. Ett samband mellan tillägg och resultat här är därför ingen effekt av pengarna; förändringen mot året innan säger mer än nivån.</p>\n"
        return html
    }

    /// A target's value in its measure's form: shares in percent, survey scores with two
    /// decimals, merit values and gaps with one (the board report and the school page alike).
    static func targetValue(_ r: Row, _ column: String) -> String {
        let v = r[column].double
        switch r["matt"].string {
        case "share_eligible_vocational", "share_all_subjects_passed": return SwedishFormat.percent(v)
        case "survey_mean_score": return SwedishFormat.decimal(v, digits: 2)
        default: return SwedishFormat.decimal(v)
        }
    }

    private func targets() throws -> String {
        var html = "<h3>Målbilder: är vi på väg?</h3>\n"
        let rows = publication.has("target_followup") ? try query("targets") : []
        guard !rows.isEmpty else { return html + Page.missing("Inga mål är laddade ännu: lägg treårsplanernas mål i inkorgens mapp mal.") }
        func status(_ r: Row) -> String {
            if r["achieved"].int == 1 { return "✔ uppnått" }
            guard r["progress"].double != nil else { return ".." }   // not yet measurable
            return r["on_track"].int == 1 ? "● i fas" : "▲ efter"
        }
        func bar(_ r: Row) -> String {
            guard let p = r["progress"].double else { return ".." }
            let shown = min(max(p, 0), 1), elapsed = min(max(r["elapsed_share"].double ?? 0, 0), 1)
            // a bar of plain HTML (not a chart: it has its numbers beside it), the elapsed time as a mark
            return "<span class=\"progress\" title=\"\(SwedishFormat.percent(p)) av vägen, \(SwedishFormat.percent(elapsed)) av tiden\"><span class=\"done\(r["on_track"].int == 1 ? "" : " behind")\" style=\"width: \(f(100 * shown))%\"></span><span class=\"elapsed\" style=\"left: \(f(100 * elapsed))%\"></span></span> \(SwedishFormat.percent(p))"
        }
        html += Markup.table(
            caption: "Målbilder: utgångsläge, senaste värde och mål",
            header: ["Mål", "Gäller", "Fokusområde", "Mått", "Utgångsläge", "Senast", "Mål", "Framsteg (streck: tid som gått)", "Status"],
            rows: rows.map { r in
                [r["mal_id"].string ?? "", r["omfattning"].string == "stad" ? "Staden" : (r["school_name"].string ?? r["school_unit_code"].string ?? ""),
                 r["fokusomrade"].string ?? "–",
                 (Self.measureNames[r["matt"].string ?? ""] ?? "")
                    + (r["matt"].string == "survey_mean_score" ? ", \(r["survey"].string ?? "")" : " (åk \(r["grade_year"].int ?? 9))"),
                 "\(Self.targetValue(r, "baseline_value")) (\(r["baseline_term"].string ?? ""))",
                 r["current_term"].string.map { "\(Self.targetValue(r, "current_value")) (\($0))" } ?? "..",
                 "\(Self.targetValue(r, "target_value")) (\(r["target_term"].string ?? ""))", bar(r), status(r)]
            },
            numeric: [4, 5, 6], rawColumns: [7])
        html += "<p class=\"note\">Framsteg är hur stor del av vägen från utgångsläget till målet som nåtts; strecket visar hur stor del av tiden som gått. I fas: framsteget är minst lika stort som tiden som gått. <strong>..</strong>: värdet saknas eller döljs (för få elever).</p>\n"
        return html
    }
}
