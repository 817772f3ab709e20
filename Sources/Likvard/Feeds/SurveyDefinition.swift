import Foundation
import LikvardIO

/// A survey definition (`enkater/*.json`): its scale, don't-know words and questions,
/// each with the focus area it follows up. A later definition of the same survey
/// replaces the earlier one; answers are always scored with the current definition.
struct SurveyDefinition: Sendable {
    struct Question: Sendable {
        let id: String
        let text: String?
        let focusArea: String
        let reversed: Bool
        /// The area of the survey's own `delomraden` the question belongs to (the digital
        /// self-assessment's five areas of the city's IT strategy), if any.
        var delomrade: String? = nil
    }

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
            throw fail("not valid JSON: \(PipelineConfig.describe(error, in: data))")
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
        // The survey's own areas (delomraden), which its questions may be tagged with.
        var areas: [String] = []
        if let raw = root["delomraden"] {
            guard let list = raw as? [String], !list.isEmpty,
                  list.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }), Set(list).count == list.count else {
                throw fail("'delomraden' must be a list of distinct, non-empty names")
            }
            areas = list
        }
        var seen = Set<String>()
        var questions: [Question] = []
        for (i, q) in list.enumerated() {
            guard let rawID = q["id"] as? String, !rawID.isEmpty else { throw fail("question \(i + 1) has no 'id'") }
            let id = HeaderName.fold(rawID)
            guard !fixedColumns.contains(id) else { throw fail("question id '\(rawID)' is a fixed column name") }
            guard seen.insert(id).inserted else { throw fail("question id '\(rawID)' occurs twice") }
            guard let area = q["focus_area"] as? String, FocusArea(rawValue: area) != nil else {
                throw fail("question '\(rawID)': 'focus_area' must be one of \(FocusArea.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let reversed: Bool
            switch q["reversed"] {
            case nil: reversed = false
            case let b as Bool: reversed = b
            default: throw fail("question '\(rawID)': 'reversed' must be true or false")
            }
            var delomrade: String?
            if let raw = q["delomrade"] {
                guard let name = raw as? String, areas.contains(name) else {
                    throw fail("question '\(rawID)': 'delomrade' must be one of the definition's 'delomraden'\(areas.isEmpty ? " (the definition lists none)" : ": " + areas.joined(separator: ", "))")
                }
                delomrade = name
            }
            questions.append(Question(id: id, text: q["text"] as? String, focusArea: area, reversed: reversed, delomrade: delomrade))
        }
        return SurveyDefinition(survey: survey, title: root["title"] as? String, scaleMin: min, scaleMax: max,
                                dontKnow: words.map { $0.trimmingSpacesLowercased() }, questions: questions)
    }
}

extension String {
    func trimmingSpacesLowercased() -> String { trimmingCharacters(in: .whitespaces).lowercased() }
}
