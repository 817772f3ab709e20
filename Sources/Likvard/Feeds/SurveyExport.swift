import LikvardIO

/// Feed `enkater`, answer exports: a wide CSV of one survey, fixed columns then one column
/// per question id. The survey is the one the first row names; every other column must be
/// one of its current definition's questions. Numbers are checked against the scale,
/// don't-know words kept as such; each row becomes one response with its non-empty answers.
struct SurveyExport: FeedParser {
    let feed = Feed.enkater
    private let c = SchemaColumns(.enkater)
    let definition: SurveyDefinition
    /// The header's extra columns, in header order: each a question id of `definition`.
    private let questions: [String]

    /// Checks the header against the survey named by the first row (`unknown_survey`,
    /// `unknown_question`); `definition` is that survey's current one, if any.
    init(surveyNamed name: String, definition: SurveyDefinition?, extraColumns: [String]) throws {
        guard let definition else {
            throw FileQuarantine(.unknownSurvey, "the first row names survey '\(name)', which has no definition in enkater/*.json")
        }
        let ids = Set(definition.questions.map(\.id))
        if let unknown = extraColumns.first(where: { !ids.contains($0) }) {
            throw FileQuarantine(.unknownQuestion, "column '\(unknown)' is not a question of survey '\(definition.survey)'")
        }
        self.definition = definition
        questions = extraColumns
    }

    /// The survey named by the reader's current (first) record, as far as it can be read.
    static func surveyName(of reader: CSVReader, validator: RowValidator) -> String {
        guard let field = validator.fieldIndex(ofSchemaColumn: SourceSchema.named(.enkater).column("survey")!),
              reader.malformation == nil, field < reader.fieldCount else { return "" }
        return reader.value(field)
    }

    var readsExtraColumns: Bool { true }

    var extraCheck: (@Sendable (Int, String, String) -> RowReject?)? {
        let definition = self.definition
        let dontKnow = Set(definition.dontKnow)
        return { _, column, text in
            if column == "survey" {
                return text == definition.survey ? nil
                    : RowReject(.invalidValue, column: column, "survey '\(text)' differs from this file's survey '\(definition.survey)'")
            }
            guard !SurveyDefinition.fixedColumns.contains(column), !text.isEmpty else { return nil }
            if let n = Int(text) {
                return (definition.scaleMin...definition.scaleMax).contains(n) ? nil
                    : RowReject(.invalidValue, column: column, "\(column) '\(text)' is off the scale \(definition.scaleMin)–\(definition.scaleMax)")
            }
            return dontKnow.contains(text.lowercased()) ? nil
                : RowReject(.invalidValue, column: column, "\(column) '\(IdentifierMask.mask(text))' is neither a number on the scale nor a don't-know word")
        }
    }

    func record(_ v: [FieldValue], extras: [String], line: Int) -> FeedRecord {
        // extraCheck let only numbers on the scale and don't-know words through
        let answers = zip(questions, extras).compactMap { question, text in
            text.isEmpty ? nil : SurveyResponse.Answer(question: question, value: Int(text))
        }
        return .surveyResponse(SurveyResponse(
            line: line, survey: definition.survey, responseID: v[c["svar_id"]].text!, school: v[c["skolenhetskod"]].text!,
            submittedOn: v[c["inskickad"]].date!, role: v[c["roll"]].text, level: v[c["niva"]].text, answers: answers))
    }
}

/// One response to a survey, with its non-empty answers.
struct SurveyResponse: Sendable {
    struct Answer: Sendable {
        let question: String
        /// nil: a don't-know answer.
        let value: Int?
    }

    let line: Int
    let survey: String
    let responseID: String
    let school: String
    /// `inskickad` as a date in Europe/Stockholm.
    let submittedOn: CivilDate
    let role: String?
    let level: String?
    let answers: [Answer]
}
