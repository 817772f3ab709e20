/// The model's reading of feed `skolverket` and its two views (docs/feeds.md, "skolverket";
/// docs/views.md, "Official statistics"): Skolverket's figures per school unit beside the
/// warehouse's own, and the spread of school means for Sweden, the municipality and the
/// warehouse.
extension ContractModel {
    public struct OfficialResult {
        public var schoolYear: String
        public var code: String
        public var name: String
        public var municipality: String
        public var organiser: String
        public var pupils: Int?
        public var allPassed: Double?
        public var vocational: Double?
        public var vocationalNearlyAll: Bool
        public var merit: Double?
        public var suppressed: Bool
        public var warehouseMerit: Double?
        public var difference: Double?
    }

    /// A SIRIS figure: a number with a decimal comma, or a marker (no value).
    static func siris(_ text: String) -> Double? { Double(text.replacingOccurrences(of: ",", with: ".")) }

    /// "A later file for the same school year replaces the earlier one's rows whole"; the
    /// warehouse's own figure is the school's mean merit value in the VT term ending the
    /// school year, grade 9, all pupils (absent or suppressed: none).
    public func officialResults(_ results: [SchoolResult]) -> [OfficialResult] {
        var latest: [String: [ModelInbox.OfficialRow]] = [:]
        for file in inbox.processingOrder {
            if case .official(let year, let rows) = file.content { latest[year] = rows }
        }
        return latest.flatMap { year, rows in
            rows.map { r in
                let vt = Term(season: "VT", year: Int(year.prefix(4))! + 1)
                let own = results.first { $0.school == r.code && $0.term == vt && $0.gradeYear == 9 && $0.population == "all" && $0.sex == "all" }?.meanMerit
                let merit = Self.siris(r.merit)
                return OfficialResult(
                    schoolYear: year, code: r.code, name: r.name, municipality: r.municipality, organiser: r.organiser.lowercased(),
                    pupils: Int(r.pupils), allPassed: Self.siris(r.allPassed).map { $0 / 100 },
                    vocational: Self.siris(r.vocational).map { $0 / 100 }, vocationalNearlyAll: r.vocational == "~100",
                    merit: merit, suppressed: [r.pupils, r.allPassed, r.vocational, r.merit].contains(".."),
                    warehouseMerit: own, difference: own.flatMap { o in merit.map { o - $0 } })
            }
        }
    }

    public struct NationalComparison {
        public var schoolYear: String
        public var scope: String
        public var nSchools: Int
        public var nPupils: Int
        public var p10: Double?, median: Double?, p90: Double?, gap: Double?
    }

    /// Per school year: over the school units with both a pupil count and a mean, all of
    /// Sweden and the municipality (its code a setting, Stockholm's by default), nearest-rank
    /// percentiles of the means; and the warehouse's own spread of the VT term ending that
    /// school year (grade 9, all pupils), from `school_disparity`.
    public func nationalComparison(_ official: [OfficialResult], _ disparity: [Disparity], municipality: String = "0180") -> [NationalComparison] {
        var rows: [NationalComparison] = []
        for year in Set(official.map(\.schoolYear)) {
            let counted = official.filter { $0.schoolYear == year && $0.pupils != nil && $0.merit != nil }
            for (scope, units) in [("sweden", counted), ("municipality", counted.filter { $0.municipality == municipality })] where !units.isEmpty {
                let means = units.map { $0.merit! }.sorted()
                let p10 = Self.nearestRank(10, means), p90 = Self.nearestRank(90, means)
                rows.append(NationalComparison(schoolYear: year, scope: scope, nSchools: units.count, nPupils: units.map { $0.pupils! }.reduce(0, +),
                                               p10: p10, median: Self.nearestRank(50, means), p90: p90, gap: p90 - p10))
            }
            let vt = Term(season: "VT", year: Int(year.prefix(4))! + 1)
            if let d = disparity.first(where: { $0.term == vt && $0.gradeYear == 9 && $0.population == "all" }) {
                rows.append(NationalComparison(schoolYear: year, scope: "warehouse", nSchools: d.nSchools, nPupils: d.nPupilsInMeans,
                                               p10: d.p10, median: d.median, p90: d.p90, gap: d.gap))
            }
        }
        return rows
    }
}
