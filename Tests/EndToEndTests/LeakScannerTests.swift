import Foundation
import LikvardTestSupport
import Testing

/// issue #15's leak scanner: identifiers planted in every free position of an inbox, the
/// steward's whole round of commands run over it, and every byte they leave — warehouse,
/// WAL, SHM, stdout, stderr, the report — searched for each identifier in any spelling.
@Suite struct LeakScannerTests {
    /// Date 2009-03-14 with tail 9875, and temporary ids T042 and TF10, planted as:
    static let spellings = [
        "20090314-9875", "20090314 9875", "20090314\u{2013}9875", "2009-03-14-9875", "pnr200903149875", "090314+9875",
        // issue #25's forms: the date unchecked, a digit too many, any separator, full width
        "20091332-9875", "20090314-98751", "20090314\u{00A0}9875", "20090314\u{2212}9875", "20090314\t9875",
        "20090314\u{200B}9875", "20090314  9875", "20090314.9875", "20090314/9875", "20090314_9875",
        "２００９０３１４－９８７５",
    ]

    @Test func noPlantedIdentifierSurvivesAnywhere() throws {
        let h = Harness()
        h.drop("skolenheter/register.csv", "skolenhetskod;skolnamn;stadsdel\n12345678;Skolan 20090314-9875;Norr 20090314.9875\n")
        let pupils = (1...3).map { TestPupil.personnummer("2010-02-02", serial: $0) }
        // grades in a folder and a file named after pupils; larare and an unknown column
        // carrying identifiers; one row per malformed spelling in the personnummer column;
        // one over-long malformed line cut in the middle of an identifier
        // an extra header name and the register's free text carrying one too
        var rows = ["personnummer;skolenhetskod;arskurs;termin;amne;betyg;betygsdatum;larare;anteckning;Kommentar 20090314-9875"]
        for p in pupils {
            rows += Feeds.gradeRows(pupil: p, school: "12345678", term: "VT2024").map { $0 + ";L 20090314+9875;ring 20120315 TF10;x" }
        }
        rows += Self.spellings.map { "\($0);12345678;9;VT2024;MA;C;2024-06-10;;;" }
        rows.append("\"" + String(repeating: "x", count: 4084) + "200903149875;" + String(repeating: "y", count: 100))
        h.drop("betyg/Ali 20120315-T042/omprov 20090314-9875.csv", rows.joined(separator: "\n") + "\n")
        h.config.rejectThreshold["betyg"] = 0.2
        // a registration file named after a pupil, carrying a temporary id
        h.drop("nyanlanda/mottagning 20120315-TF10.csv",
               "registreringsdatum;skolenhetskod;tillfalligt_id;skolstart_sverige;modersmal\n2024-09-01;12345678;20120315-T042;2024-08-20;20090314 9875\n")
        // a survey whose question text and svar_id hold identifiers
        h.drop("enkater/s.json", #"{"survey":"s","title":"Enkät 20090314-9875","scale":{"min":1,"max":5},"questions":[{"id":"q1","text":"Fråga till 20120315-T042","focus_area":"elevhalsa"}]}"#)
        h.drop("enkater/svar.csv", "svar_id;survey;skolenhetskod;inskickad;q1\n20090314-9875;s;12345678;2024-10-01;3\n2009-03-14-9875;s;12345678;2024-10-01;9\n")

        let base = ["--warehouse", h.warehouse]
        let keyed = ["--inbox", h.inbox, "--key-file", h.keyFile] + base
        var results: [ChildProcess.Result] = []
        func run(_ args: [String]) throws {
            let r = try ChildProcess.run(Built.likvard, args)
            #expect(![1, 2].contains(r.exitCode), "\(args.first!): \(r.stderr.suffix(300))")
            results.append(r)
        }
        try run(["run", "--verbose"] + keyed)
        try run(["rerun", "--file", "nyanlanda/mottagning 20120315-TF10.csv"] + keyed)
        try run(["rejects"] + base)
        try run(["rejects", "--format", "csv", "--file", "betyg/Ali 20120315-T042/omprov 20090314-9875.csv"] + base)
        try run(["status"] + base)
        try run(["status", "--format", "json"] + base)
        try run(["report", "--out", h.dir.path + "/report"] + base)
        for tier in ["microdata", "internal", "public"] {
            try run(["publish", "--tier", tier, "--out", h.dir.path + "/\(tier).sqlite"] + base)
        }
        #expect(try h.scalar("select count(*) from etl_rejects").int! >= 6, "the malformed spellings were rejected")

        var haystacks: [(String, Data)] = results.enumerated().flatMap { i, r in
            [("stdout of command \(i)", Data(r.stdoutBytes)), ("stderr of command \(i)", Data(r.stderr.utf8))]
        }
        for file in [h.warehouse, h.warehouse + "-wal", h.warehouse + "-shm", h.dir.path + "/report/index.html",
                     h.dir.path + "/microdata.sqlite", h.dir.path + "/internal.sqlite", h.dir.path + "/public.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: file) || file.hasSuffix("-shm") || file.hasSuffix("-wal"), "\(file) missing")
            guard FileManager.default.fileExists(atPath: file) else { continue }
            haystacks.append((file, try Data(contentsOf: URL(fileURLWithPath: file))))
        }
        // Each identifier in any spelling: the tails after any separator, digits only.
        var needles = ["200903149875", "0903149875", "T042", "TF10", "32-9875", "98751", "９８７５"]
        for separator in ["-", " ", "+", "\u{2013}", "", "\u{00A0}", "\u{2212}", "\t", "\u{200B}", "  ", ".", "/", "_"] {
            needles.append("14" + separator + "9875")
        }
        for (name, bytes) in haystacks {
            for needle in needles where bytes.range(of: Data(needle.utf8)) != nil {
                Issue.record("\(needle) found in \(name)")
            }
        }
        // And after a purge, still none (and the rejects' bytes gone).
        try h.backdate()
        try run(["purge", "--before", Harness.today] + base)
        let after = try Data(contentsOf: URL(fileURLWithPath: h.warehouse))
        for needle in needles where after.range(of: Data(needle.utf8)) != nil { Issue.record("\(needle) found after purge") }
    }
}
