import Foundation

/// The model's reading of `school_expected_results` (docs/views.md): the weighted least
/// squares written out plainly — the normal equations XᵀWX·β = XᵀWy with an explicit
/// intercept column, solved by Gaussian elimination with partial pivoting. The warehouse
/// centres and uses Cramer's rule in SQL; this is the textbook route on purpose.
extension ContractModel {
    public struct ExpectedResult {
        public var school: String, name: String?, term: Term, gradeYear: Int, population: String
        public var n: Int, mean: Double, index: Double, shareNewcomers: Double, shareBoys: Double
        public var expected: Double, residual: Double, residualSD: Double, standardized: Double?
        public var below: Bool, nSchools: Int, rSquared: Double?
    }

    public func expectedResults(_ results: [SchoolResult]) -> [ExpectedResult] {
        let versions = schoolVersions()
        var out: [ExpectedResult] = []
        for (_, group) in qualifying(results) {
            // "… whose school version shown for the term has a socioekonomiskt_index";
            // share_boys over pupils of known sex, NULL → the school does not qualify.
            struct School { var r: SchoolResult; var x: [Double]; var w: Double; var y: Double }
            let schools: [School] = group.compactMap { r in
                guard let index = versions[r.school].flatMap({ Self.version($0, on: r.term.referenceDate) })?.index else { return nil }
                let known = r.members.filter { $0.sex != nil }
                guard !known.isEmpty else { return nil }
                let newcomers = Double(r.members.filter(\.isNewcomer).count) / Double(r.members.count)
                let boys = Double(known.filter { $0.sex == "male" }.count) / Double(known.count)
                return School(r: r, x: [index, newcomers, boys], w: Double(r.nInMean), y: r.meanMerit!)
            }
            guard schools.count >= 20 else { continue }
            // "A covariate whose weighted variance over the qualifying schools is 0 … is left out."
            let kept = (0..<3).filter { j in Set(schools.map { $0.x[j] }).count > 1 }
            let design = schools.map { s in [1.0] + kept.map { j in s.x[j] } }
            let p = kept.count + 1
            var a = [[Double]](repeating: [Double](repeating: 0, count: p + 1), count: p)
            for (s, row) in zip(schools, design) {
                for i in 0..<p {
                    for k in 0..<p { a[i][k] += s.w * row[i] * row[k] }
                    a[i][p] += s.w * row[i] * s.y
                }
            }
            guard let beta = Self.solve(a) else { continue }
            let fitted = design.map { row in zip(row, beta).map(*).reduce(0, +) }
            let sw = schools.map(\.w).reduce(0, +)
            let residuals = zip(schools, fitted).map { $0.y - $1 }
            let ssResidual = zip(schools, residuals).map { $0.w * $1 * $1 }.reduce(0, +)
            let sd = (ssResidual / sw).squareRoot()
            let weightedMean = schools.map { $0.w * $0.y }.reduce(0, +) / sw
            let ssTotal = schools.map { $0.w * ($0.y - weightedMean) * ($0.y - weightedMean) }.reduce(0, +)
            for (i, s) in schools.enumerated() {
                let z = sd > 0 ? residuals[i] / sd : nil
                out.append(ExpectedResult(
                    school: s.r.school, name: s.r.name, term: s.r.term, gradeYear: s.r.gradeYear, population: s.r.population,
                    n: s.r.nInMean, mean: s.y, index: s.x[0], shareNewcomers: s.x[1], shareBoys: s.x[2],
                    expected: fitted[i], residual: residuals[i], residualSD: sd, standardized: z, below: (z ?? 0) <= -1,
                    nSchools: schools.count, rSquared: ssTotal > 0 ? 1 - ssResidual / ssTotal : nil))
            }
        }
        return out
    }

    /// Gaussian elimination with partial pivoting on an augmented matrix; nil when singular.
    static func solve(_ matrix: [[Double]]) -> [Double]? {
        var a = matrix
        let n = a.count
        for col in 0..<n {
            let pivot = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
            guard abs(a[pivot][col]) > 1e-12 * max(1, abs(a[col][col])) else { return nil }
            a.swapAt(col, pivot)
            for row in (col + 1)..<n {
                let f = a[row][col] / a[col][col]
                for k in col...n { a[row][k] -= f * a[col][k] }
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            x[row] = (a[row][n] - ((row + 1)..<n).map { a[row][$0] * x[$0] }.reduce(0, +)) / a[row][row]
        }
        return x
    }
}
