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
}
