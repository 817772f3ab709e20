import Foundation
import LikvardIO
import LikvardSQL

/// A survey definition (`enkater/*.json`): its scale, don't-know words and questions,
/// each with the focus area it follows up. A later definition of the same survey
/// replaces the earlier one; answers are always scored with the current definition.
struct SurveyDefinition {
    struct Question {
        let id: String
        let text: String?
        let focusArea: String
        let reversed: Bool
    }

    static let focusAreas: Set<String> = ["elevhalsa", "nyanlanda", "fritidshem", "digitalisering", "ovrigt"]
    static let fixedColumns: Set<String> = ["svar_id", "survey", "skolenhetskod", "inskickad", "roll", "niva"]

    let survey: String
    let title: String?
    let scaleMin: Int
    let scaleMax: Int
    /// Lower-cased, trimmed.
    let dontKnow: [String]
    let questions: [Question]

    /// Parses and checks a definition; every problem is `invalid_definition`.
    static func parse(_ data: Data) throws -> SurveyDefinition {
        func fail(_ why: String) -> FileQuarantine { FileQuarantine(.invalidDefinition, why) }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw fail("not valid JSON: \(PipelineConfig.describe(error))")
        }
        guard let root = object as? [String: Any] else { throw fail("the file must hold a JSON object") }
        guard let survey = (root["survey"] as? String)?.trimmingCharacters(in: .whitespaces), !survey.isEmpty else {
            throw fail("'survey' (the survey's id) is missing or not a string")
        }
        guard let scale = root["scale"] as? [String: Any],
              let min = (scale["min"] as? NSNumber)?.intValue, let max = (scale["max"] as? NSNumber)?.intValue,
              min < max else {
            throw fail("'scale' needs integer 'min' < 'max'")
        }
        let dontKnowRaw = scale["dont_know"] ?? []
        guard let words = dontKnowRaw as? [String] else { throw fail("'scale.dont_know' must be a list of words") }
        guard let list = root["questions"] as? [[String: Any]], !list.isEmpty else {
            throw fail("'questions' must be a non-empty list of objects")
        }
        var seen = Set<String>()
        var questions: [Question] = []
        for (i, q) in list.enumerated() {
            guard let rawID = q["id"] as? String, !rawID.isEmpty else { throw fail("question \(i + 1) has no 'id'") }
            let id = HeaderName.fold(rawID)
            guard !fixedColumns.contains(id) else { throw fail("question id '\(rawID)' is a fixed column name") }
            guard seen.insert(id).inserted else { throw fail("question id '\(rawID)' occurs twice") }
            guard let area = q["focus_area"] as? String, focusAreas.contains(area) else {
                throw fail("question '\(rawID)': 'focus_area' must be one of \(focusAreas.sorted().joined(separator: ", "))")
            }
            let reversed: Bool
            switch q["reversed"] {
            case nil: reversed = false
            case let b as Bool: reversed = b
            default: throw fail("question '\(rawID)': 'reversed' must be true or false")
            }
            questions.append(Question(id: id, text: q["text"] as? String, focusArea: area, reversed: reversed))
        }
        return SurveyDefinition(survey: survey, title: root["title"] as? String, scaleMin: min, scaleMax: max,
                                dontKnow: words.map { $0.trimmingSpacesLowercased() }, questions: questions)
    }

    func store(in db: Database, fileID: Int) throws {
        let words = String(decoding: try JSONSerialization.data(withJSONObject: dontKnow), as: UTF8.self)
        try db.run("insert into survey_definitions (survey, file_id, title, scale_min, scale_max, dont_know) values (?, ?, ?, ?, ?, ?)",
                   survey, fileID, title, scaleMin, scaleMax, words)
        for q in questions {
            try db.run("insert into survey_questions (survey, file_id, question_id, text, focus_area, reversed) values (?, ?, ?, ?, ?, ?)",
                       survey, fileID, q.id, q.text, q.focusArea, q.reversed)
        }
    }

    /// The current (latest processed) definition of `survey`, if any.
    static func current(_ survey: String, in db: Database) throws -> SurveyDefinition? {
        guard let row = try db.rows("""
            select file_id, title, scale_min, scale_max, dont_know from survey_definitions
            where survey = ? order by file_id desc limit 1
            """, survey).first, let fileID = row[0].int else { return nil }
        let words = (try? JSONSerialization.jsonObject(with: Data((row[4].string ?? "[]").utf8))) as? [String] ?? []
        let questions = try db.rows("select question_id, text, focus_area, reversed from survey_questions where survey = ? and file_id = ?",
                                    survey, fileID).map {
            Question(id: $0[0].string!, text: $0[1].string, focusArea: $0[2].string!, reversed: $0[3].int == 1)
        }
        return SurveyDefinition(survey: survey, title: row[1].string, scaleMin: row[2].int!, scaleMax: row[3].int!,
                                dontKnow: words, questions: questions)
    }
}

extension String {
    func trimmingSpacesLowercased() -> String { trimmingCharacters(in: .whitespaces).lowercased() }
}
