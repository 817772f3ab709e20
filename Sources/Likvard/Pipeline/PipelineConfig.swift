import Foundation

/// A pipeline definition (`pipelines/*.json`): where the inbox and warehouse are, which
/// key to use, and the rules the contract leaves configurable. Relative paths are
/// resolved against the pipeline file's folder. See docs/pipelines.md.
public struct PipelineConfig: Sendable {
    public var name = "pipeline"
    public var inbox: String?
    public var warehouse: String?
    public var keyFile: String?
    public var minFileAgeSeconds: Double = 0
    /// Share of a file's data rows that may be rejected before it is quarantined.
    public var rejectThreshold: [String: Double] = [:]
    public var defaultRejectThreshold = 0.05
    /// Month-day of each season's reference date.
    public var referenceDateHT = "12-31"
    public var referenceDateVT = "06-30"
    public var autumnTermStart = "08-15"
    /// Suppression thresholds: at least the floors below, for every tier and the warehouse.
    public var minPupils = PipelineConfig.minimumPupils
    public var minRespondents = PipelineConfig.minimumRespondents
    /// The floors of the thresholds (fewer than 10 pupils, 5 respondents is never shown).
    public static let minimumPupils = 10
    public static let minimumRespondents = 5
    /// Which population the public tier keeps where `all` and `excl_newcomers` differ by
    /// fewer than min_pupils pupils (VT grade 9 always keeps `all`): the one the
    /// administration reports.
    public var publicKeeps = PipelineConfig.defaultPublicKeeps
    public static let defaultPublicKeeps = "excl_newcomers"
    public var lowEligibilityShare = 0.80
    public var decliningPoints = 10.0
    public var lowSurveyFraction = 0.375
    public var mappingDeadlineMonths = 2
    /// The municipality `national_comparison` compares with (Skolverket's `Kommun-kod`).
    public var municipalityCode = "0180"
    /// The day of each school year's autumn on which newcomers are counted for the newcomer
    /// allocation (`allocation_basis`), `MM-DD`.
    public var allocationCountDate = "10-15"
    /// The newcomer allocation per pupil and need group (1–4), in kronor; a group left out
    /// has no amount.
    public var newcomerAmountsKr: [Int: Int] = [:]
    /// Publications `run` writes after each refresh: tier → file (docs/disclosure.md).
    public var publications: [PublicationTier: String] = [:]
    /// The PostgreSQL database `run` publishes into after each refresh, and which tiers
    /// (docs/postgres.md). The URL carries no password.
    public var postgresPublication: (url: String, tiers: [PublicationTier])?
    /// When each feed's files are expected (`likvard freshness`, `docs/operations.md`).
    public var freshness: [Feed: FreshnessRule] = [:]

    public init() {}

    public func threshold(for feed: Feed) -> Double { rejectThreshold[feed.rawValue] ?? defaultRejectThreshold }

    /// Reads a pipeline file. Unknown keys are an error: a misspelt setting must not be
    /// silently ignored by a nightly job.
    public static func load(path: String) throws -> PipelineConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read pipeline file \(path): it does not exist or is not readable")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let config = try parse(data: data, source: path, baseDirectory: base)
        // `pipelines/demo.json` holds only the demo's settings: its inbox, warehouse and key
        // are wherever `run --demo` wrote them, which no path in the file could know.
        if config.name == "demo" && config.inbox == nil && config.warehouse == nil {
            throw ConfigurationError("pipeline file \(path) holds the settings of the embedded demo, which `likvard run --demo` reads and writes under ./likvard-demo/; give --demo instead of --pipeline (likvard status --demo, likvard rerun --demo …)")
        }
        return config
    }

    public static func parse(data: Data, source: String, baseDirectory: String) throws -> PipelineConfig {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ConfigurationError("pipeline file \(source) is not valid JSON: \(Self.describe(error, in: data))")
        }
        guard let dict = object as? [String: Any] else {
            throw ConfigurationError("pipeline file \(source) must hold a JSON object")
        }
        var config = PipelineConfig()
        func resolve(_ p: String) -> String {
            p.hasPrefix("/") ? p : URL(fileURLWithPath: baseDirectory).appendingPathComponent(p).standardizedFileURL.path
        }
        func string(_ key: String) throws -> String {
            guard let v = dict[key] as? String else { throw ConfigurationError("pipeline file \(source): '\(key)' must be a string") }
            return v
        }
        func number(_ value: Any?, _ key: String) throws -> Double {
            guard let v = value as? NSNumber else {
                throw ConfigurationError("pipeline file \(source): '\(key)' must be a number")
            }
            return v.doubleValue
        }
        func monthDay(_ key: String) throws -> String {
            let v = try string(key)
            guard CivilDate.parse("2000-" + v) != nil else {
                throw ConfigurationError("pipeline file \(source): '\(key)' must be MM-DD, got '\(v)'")
            }
            return v
        }
        for key in dict.keys.sorted() {
            switch key {
            case "name": config.name = try string(key)
            case "description", "comment": break
            case "inbox": config.inbox = resolve(try string(key))
            case "warehouse": config.warehouse = resolve(try string(key))
            case "key_file": config.keyFile = resolve(try string(key))
            case "min_file_age_seconds": config.minFileAgeSeconds = try number(dict[key], key)
            case "reject_threshold":
                if let single = dict[key] as? NSNumber {
                    config.defaultRejectThreshold = single.doubleValue
                } else if let perFeed = dict[key] as? [String: Any] {
                    for (feed, value) in perFeed {
                        let share = try number(value, "reject_threshold.\(feed)")
                        if feed == "default" { config.defaultRejectThreshold = share; continue }
                        guard Feed(rawValue: feed) != nil else {
                            throw ConfigurationError("pipeline file \(source): reject_threshold names unknown feed '\(feed)'")
                        }
                        config.rejectThreshold[feed] = share
                    }
                } else {
                    throw ConfigurationError("pipeline file \(source): 'reject_threshold' must be a number or an object per feed")
                }
            case "reference_date_ht": config.referenceDateHT = try monthDay(key)
            case "reference_date_vt": config.referenceDateVT = try monthDay(key)
            case "autumn_term_start": config.autumnTermStart = try monthDay(key)
            case "min_pupils", "min_respondents":
                let value = try number(dict[key], key)
                let floor = key == "min_pupils" ? Self.minimumPupils : Self.minimumRespondents
                guard value >= Double(floor), value == value.rounded() else {
                    throw ConfigurationError("pipeline file \(source): '\(key)' must be a whole number of at least \(floor) (a floor: fewer is never shown), got \(value)")
                }
                if key == "min_pupils" { config.minPupils = Int(value) } else { config.minRespondents = Int(value) }
            case "public_keeps":
                let value = try string(key)
                guard ["excl_newcomers", "all"].contains(value) else {
                    throw ConfigurationError("pipeline file \(source): 'public_keeps' must be \"excl_newcomers\" or \"all\", got '\(value)'")
                }
                config.publicKeeps = value
            case "low_eligibility_share": config.lowEligibilityShare = try number(dict[key], key)
            case "declining_points": config.decliningPoints = try number(dict[key], key)
            case "low_survey_fraction": config.lowSurveyFraction = try number(dict[key], key)
            case "mapping_deadline_months": config.mappingDeadlineMonths = Int(try number(dict[key], key))
            case "municipality_code":
                let code = try string(key)
                guard code.count == 4, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else {
                    throw ConfigurationError("pipeline file \(source): 'municipality_code' must be Skolverket's 4-digit code as a string, e.g. \"0180\" (Stockholm)")
                }
                config.municipalityCode = code
            case "allocation_count_date": config.allocationCountDate = try monthDay(key)
            case "newcomer_amounts_kr":
                let usage = "'newcomer_amounts_kr' must be an object of need group (\"1\"–\"4\") → whole kronor per pupil, e.g. {\"1\": 95000, \"2\": 70000}"
                guard let amounts = dict[key] as? [String: Any] else { throw ConfigurationError("pipeline file \(source): \(usage)") }
                for (group, value) in amounts {
                    guard let g = Int(group), (1...4).contains(g), let amount = value as? NSNumber,
                          amount.doubleValue >= 0, amount.doubleValue == amount.doubleValue.rounded() else {
                        throw ConfigurationError("pipeline file \(source): \(usage)")
                    }
                    config.newcomerAmountsKr[g] = amount.intValue
                }
            case "publish":
                guard let tiers = dict[key] as? [String: Any] else {
                    throw ConfigurationError("pipeline file \(source): 'publish' must be an object of tier → file, e.g. {\"public\": \"public.sqlite\"}")
                }
                for (name, value) in tiers {
                    guard let tier = PublicationTier(rawValue: name), let path = value as? String else {
                        throw ConfigurationError("pipeline file \(source): 'publish' takes the tiers internal, public and microdata, each with a file path")
                    }
                    config.publications[tier] = resolve(path)
                }
            case "publish_postgres":
                let usage = "'publish_postgres' must be an object with a PostgreSQL \"url\" (no password) and the \"tiers\" to publish, e.g. {\"url\": \"postgresql://likvard_publisher@db.example/likvard\", \"tiers\": [\"internal\", \"public\"]}"
                guard let target = dict[key] as? [String: Any], let url = target["url"] as? String,
                      let names = target["tiers"] as? [String], !names.isEmpty,
                      Set(target.keys).isSubset(of: ["url", "tiers"]) else {
                    throw ConfigurationError("pipeline file \(source): \(usage)")
                }
                let tiers = try names.map { name -> PublicationTier in
                    guard let tier = PublicationTier(rawValue: name) else {
                        throw ConfigurationError("pipeline file \(source): 'publish_postgres' names unknown tier '\(name)' (internal, public, microdata)")
                    }
                    return tier
                }
                config.postgresPublication = (url, tiers)
            case "freshness": config.freshness = try Self.freshness(dict[key], source: source)
            default:
                throw ConfigurationError("pipeline file \(source): unknown setting '\(key)' (see docs/pipelines.md)")
            }
        }
        return config
    }

    /// `{"betyg": {"warn_after_days": 10, "error_after_days": 30, "in_term_only": true}, …}`:
    /// each feed's limits in days (at least one, the error limit not below the warning).
    static func freshness(_ value: Any?, source: String) throws -> [Feed: FreshnessRule] {
        let usage = "'freshness' must be an object of feed → {\"warn_after_days\": N, \"error_after_days\": N, \"in_term_only\": true|false}"
        guard let perFeed = value as? [String: Any] else { throw ConfigurationError("pipeline file \(source): \(usage)") }
        var rules: [Feed: FreshnessRule] = [:]
        for (name, object) in perFeed {
            guard let feed = Feed(rawValue: name) else {
                throw ConfigurationError("pipeline file \(source): 'freshness' names unknown feed '\(name)' (\(Feed.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard let fields = object as? [String: Any], !fields.isEmpty else { throw ConfigurationError("pipeline file \(source): \(usage)") }
            var rule = FreshnessRule()
            for (field, v) in fields {
                switch field {
                case "warn_after_days", "error_after_days":
                    guard let n = v as? NSNumber, n.doubleValue > 0 else {
                        throw ConfigurationError("pipeline file \(source): freshness.\(name).\(field) must be a number of days above 0")
                    }
                    if field == "warn_after_days" { rule.warnAfterDays = n.doubleValue } else { rule.errorAfterDays = n.doubleValue }
                case "in_term_only":
                    guard let b = v as? Bool else { throw ConfigurationError("pipeline file \(source): freshness.\(name).in_term_only must be true or false") }
                    rule.inTermOnly = b
                default:
                    throw ConfigurationError("pipeline file \(source): freshness.\(name) has unknown setting '\(field)' (warn_after_days, error_after_days, in_term_only)")
                }
            }
            guard rule.warnAfterDays != nil || rule.errorAfterDays != nil else {
                throw ConfigurationError("pipeline file \(source): freshness.\(name) needs warn_after_days or error_after_days")
            }
            if let w = rule.warnAfterDays, let e = rule.errorAfterDays, e < w {
                throw ConfigurationError("pipeline file \(source): freshness.\(name): error_after_days (\(e)) is below warn_after_days (\(w))")
            }
            rules[feed] = rule
        }
        return rules
    }

    /// Foundation's JSON error names a byte offset ("around character 46"); a person looks
    /// for a line and a column, so with the file's bytes the offset becomes both (1-based).
    static func describe(_ error: Error, in data: Data? = nil) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error.localizedDescription)"
        guard let data, let match = text.firstMatch(of: /around (?:line \d+, column \d+, index|character) (\d+)/),
              let offset = Int(match.1), offset <= data.count else { return text }
        let before = data.prefix(offset)
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let column = offset - (before.lastIndex(of: 0x0A).map { $0 - data.startIndex + 1 } ?? 0) + 1
        return "line \(line), column \(column): \(text)"
    }

    /// The settings the derived SQL reads from `pipeline_settings`.
    var sqlSettings: [(String, Any)] {
        [
            ("reference_date_ht", referenceDateHT),
            ("reference_date_vt", referenceDateVT),
            ("autumn_term_start", autumnTermStart),
            ("min_pupils", minPupils),
            ("min_respondents", minRespondents),
            ("low_eligibility_share", lowEligibilityShare),
            ("declining_points", decliningPoints),
            ("low_survey_fraction", lowSurveyFraction),
            ("mapping_deadline_months", mappingDeadlineMonths),
            ("municipality_code", municipalityCode),
            ("allocation_count_date", allocationCountDate),
            ("public_keeps", publicKeeps),
        ] + newcomerAmountsKr.sorted { $0.key < $1.key }.map { ("newcomer_amount_kr_\($0.key)", $0.value) }
    }
}
