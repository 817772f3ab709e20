/// The model's survey follow-up (docs/views.md, `focus_area_followup`; docs/feeds.md, feed
/// `enkater`).
extension ContractModel {
    public struct FocusAreaRow {
        public var school: String
        public var survey: String
        public var term: Term
        public var focusArea: String
        public var role: String
        public var nRespondents: Int
        public var meanScore: Double?
        public var shareDontKnow: Double?
        public var suppressed: Bool
        public var scaleMin: Int
        public var scaleMax: Int
    }

    /// "A later definition of the same survey replaces the earlier one."
    func currentDefinitions() -> [String: ModelInbox.SurveyDefinition] {
        var current: [String: ModelInbox.SurveyDefinition] = [:]
        for file in inbox.processingOrder {
            if case .definition(let d, _) = file.content { current[d.survey] = d }
        }
        return current
    }

    /// "The same (survey, svar_id) delivered again replaces the earlier response."
    func currentResponses() -> [ModelInbox.SurveyResponse] {
        var current: [String: ModelInbox.SurveyResponse] = [:]
        var order: [String] = []
        for file in inbox.processingOrder {
            guard case .responses(let rows, _) = file.content else { continue }
            for r in rows {
                let key = r.survey + "|" + r.responseID
                if current[key] == nil { order.append(key) }
                current[key] = r
            }
        }
        return order.map { current[$0]! }
    }

    /// `focus_area_followup`: "one row per (school, survey, term, focus_area, role) …
    /// role is 'all' plus each role present. A row exists only where n_respondents ≥ 1.
    /// n_respondents: responses with at least one answer (number or don't-know) in that
    /// focus area; mean_score: mean of the scored numeric answers; share_dont_know:
    /// don't-know answers / all non-empty answers. Both pool all answers of the row."
    /// "A reversed question is scored min + max − value."
    public func focusAreas() -> [FocusAreaRow] { focusAreaPools(perSchool: true) }

    /// `focus_area_city`: "focus_area_followup pooled over every school: the same columns
    /// without school_unit_code" (`school` is "" in these rows).
    public func focusAreaCity() -> [FocusAreaRow] { focusAreaPools(perSchool: false) }

    func focusAreaPools(perSchool: Bool) -> [FocusAreaRow] {
        surveyPools(of: { _ in true }, area: { $0.focusArea }, groups: { ["all"] + ($0.role.map { [$0] } ?? []) },
                    school: { perSchool ? $0.school : "" })
    }

    /// `self_assessment_profile`: "For surveys whose definition lists delomraden: like
    /// focus_area_followup, with delomrade in place of focus_area and niva ('all' plus each
    /// level present) in place of role." Rows carry the delomrade in `focusArea` and the
    /// niva in `role`.
    public func selfAssessmentProfile() -> [FocusAreaRow] {
        surveyPools(of: { !$0.delomraden.isEmpty }, area: { $0.delomrade }, groups: { ["all"] + ($0.level.map { [$0] } ?? []) },
                    school: { $0.school })
    }

    /// The pooling both views share: per (school, survey, term, area, group) the responses
    /// with an answer in the area, and every answer of the row pooled (not a mean of
    /// respondent means). "A row describing fewer than … 5 respondents for surveys shows its
    /// counts but NULL in every mean and share."
    func surveyPools(of surveys: (ModelInbox.SurveyDefinition) -> Bool, area areaOf: (ModelInbox.SurveyQuestion) -> String?,
                     groups: (ModelInbox.SurveyResponse) -> [String], school schoolOf: (ModelInbox.SurveyResponse) -> String) -> [FocusAreaRow] {
        let definitions = currentDefinitions()
        struct Pool { var respondents = 0, scores: [Double] = [], dontKnow = 0, answers = 0 }
        var pools: [String: (FocusAreaRow, Pool)] = [:]
        for response in currentResponses() {
            guard let definition = definitions[response.survey], surveys(definition) else { continue }
            let term = Term(of: response.submittedOn)
            var byArea: [String: (scores: [Double], dontKnow: Int, answers: Int)] = [:]
            for question in definition.questions {
                guard let area = areaOf(question), let answer = response.answers[question.id] else { continue }
                var pooled = byArea[area] ?? ([], 0, 0)
                pooled.answers += 1
                switch answer {
                case .dontKnow: pooled.dontKnow += 1
                case .value(let v):
                    pooled.scores.append(Double(question.reversed ? definition.scaleMin + definition.scaleMax - v : v))
                }
                byArea[area] = pooled
            }
            let school = schoolOf(response)
            for (area, pooled) in byArea {
                for group in groups(response) {
                    let key = [school, response.survey, "\(term)", area, group].joined(separator: "|")
                    var entry = pools[key] ?? (FocusAreaRow(school: school, survey: response.survey, term: term,
                                                            focusArea: area, role: group, nRespondents: 0, meanScore: nil,
                                                            shareDontKnow: nil, suppressed: true, scaleMin: definition.scaleMin,
                                                            scaleMax: definition.scaleMax), Pool())
                    entry.1.respondents += 1
                    entry.1.scores += pooled.scores
                    entry.1.dontKnow += pooled.dontKnow
                    entry.1.answers += pooled.answers
                    pools[key] = entry
                }
            }
        }
        return pools.values.map { row, pool in
            var r = row
            r.nRespondents = pool.respondents
            r.suppressed = pool.respondents < settings.minRespondents
            if !r.suppressed {
                r.meanScore = pool.scores.isEmpty ? nil : pool.scores.reduce(0, +) / Double(pool.scores.count)
                r.shareDontKnow = Double(pool.dontKnow) / Double(pool.answers)
            }
            return r
        }
    }

    /// `terms`: "one row per term that has grades or survey responses".
    public func terms(_ pupils: [PupilTerm]) -> [Term] {
        Array(Set(pupils.map(\.term) + currentResponses().map { Term(of: $0.submittedOn) })).sorted()
    }
}
