import LikvardIO
import LikvardSQL

/// Feed `enkater`, answer exports: a wide CSV of one survey, fixed columns then one
/// column per question id. Unpivoted to one row per non-empty answer; numbers are checked
/// against the current definition's scale, don't-know words kept as such.
final class SurveyExport: FeedRows {
    let feed = Feed.enkater
    private let context: LoadContext
    private var fileID = 0
    private let schema = SourceSchema.named(.enkater)
    private lazy var c = (id: schema.column("svar_id")!, survey: schema.column("survey")!,
                          school: schema.column("skolenhetskod")!, submitted: schema.column("inskickad")!,
                          role: schema.column("roll")!, level: schema.column("niva")!)
    private var definition: SurveyDefinition?
    private var reader: CSVReader?
    /// (file field index, question id) of every question column.
    private var questionFields: [(Int, String)] = []
    private var dontKnow: Set<String> = []

    init(context: LoadContext) { self.context = context }

    func begin(fileID: Int, validator: RowValidator, reader: CSVReader, hasRecord: Bool) throws {
        self.fileID = fileID
        self.reader = reader
        definition = nil
        questionFields = []
        guard hasRecord else { return }
        // The survey is named by the first row; the header's other columns must be its questions.
        let surveyField = validator.fieldIndex(ofSchemaColumn: c.survey)!
        let name = reader.malformation == nil && surveyField < reader.fieldCount ? reader.value(surveyField) : ""
        guard let definition = try SurveyDefinition.current(name, in: context.db) else {
            throw FileQuarantine(.unknownSurvey, "the first row names survey '\(name)', which has no definition in enkater/*.json")
        }
        self.definition = definition
        dontKnow = Set(definition.dontKnow)
        let ids = Set(definition.questions.map(\.id))
        for (field, column) in zip(validator.extraFields, validator.extraColumns) {
            guard ids.contains(column) else {
                throw FileQuarantine(.unknownQuestion, "column '\(column)' is not a question of survey '\(definition.survey)'")
            }
            questionFields.append((field, column))
        }
    }

    /// Answers are read from the reader's record while inserting.
    var insertsFromValuesAlone: Bool { false }

    var extraCheck: ((Int, String, String) -> RowReject?)? {
        { [unowned self] _, column, text in
            guard let definition = self.definition else { return nil }
            if column == "survey" {
                return text == definition.survey ? nil
                    : RowReject(.invalidValue, column: column, "survey '\(text)' differs from this file's survey '\(definition.survey)'")
            }
            guard !SurveyDefinition.fixedColumns.contains(column), !text.isEmpty else { return nil }
            if let n = Int(text) {
                return (definition.scaleMin...definition.scaleMax).contains(n) ? nil
                    : RowReject(.invalidValue, column: column, "\(column) '\(text)' is off the scale \(definition.scaleMin)–\(definition.scaleMax)")
            }
            return self.dontKnow.contains(text.lowercased()) ? nil
                : RowReject(.invalidValue, column: column, "\(column) '\(IdentifierMask.mask(text))' is neither a number on the scale nor a don't-know word")
        }
    }

    func insert(_ v: [FieldValue], line: Int) throws {
        guard let definition, let reader else { return }
        let responseID = v[c.id].text!
        try context.db.statement("""
            insert into survey_responses (survey, response_id, file_id, line_number, school_unit_code,
              submitted_on, role, level)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(definition.survey, responseID, fileID, line, v[c.school].text!,
                         v[c.submitted].date!.description, v[c.role].text, v[c.level].text)
        let answer = try context.db.statement("""
            insert into survey_answers (survey, response_id, file_id, line_number, question_id, value)
            values (?, ?, ?, ?, ?, ?)
            """)
        for (field, question) in questionFields {
            let text = reader.value(field)
            guard !text.isEmpty else { continue }
            try answer.execute(definition.survey, responseID, fileID, line, question, Int(text))
        }
    }

    /// The next refresh recomputes the follow-up of the terms this file's responses touch.
    func recordTouched(fileID: Int) throws {
        try context.recordSurveyFile(fileID)
    }

    func removeRows(fileID: Int) throws {
        try context.db.run("delete from survey_answers where file_id = ?", fileID)
        try context.db.run("delete from survey_responses where file_id = ?", fileID)
    }
}
