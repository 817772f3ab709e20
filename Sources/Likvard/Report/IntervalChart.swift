/// Estimates with their intervals, one row per group and a point with error bars per
/// estimate: each kind of activity's effect one, two and three years after its start, with
/// the placebo year beside them in grey — and a line at 0, where "no difference" lies.
struct IntervalChart {
    struct Estimate {
        let label: String
        let value: Double
        /// nil: too few schools for an interval.
        let low: Double?
        let high: Double?
        let placebo: Bool
    }

    struct Group {
        let label: String
        let estimates: [Estimate]
    }

    let title: String
    let groups: [Group]
    let axisLabel: String
    var width = 720.0

    func svg() -> String {
        let left = 170.0, right = 30.0, top = 30.0, row = 18.0, gap = 12.0
        // each group's name on a row of its own, above its estimates
        let rows = groups.map(\.estimates.count).reduce(0, +) + groups.count
        let bottom = top + Double(rows) * row + Double(groups.count) * gap
        let height = bottom + 70
        let plotW = width - left - right
        let estimates = groups.flatMap(\.estimates)
        let values: [Double] = estimates.map(\.value) + estimates.compactMap(\.low) + estimates.compactMap(\.high) + [0]
        let ticks = Axis.ticks(values.min() ?? -1, values.max() ?? 1)
        let (lo, hi) = (ticks.first!, max(ticks.last!, ticks.first! + 1e-9))
        func x(_ v: Double) -> Double { left + plotW * (v - lo) / (hi - lo) }
        var s = Axis.open(width: width, height: height, title: title)
        s += Axis.verticalGrid(ticks, x: x, top: top, bottom: bottom)
        s += "<line x1=\"\(f(x(0)))\" y1=\"\(f(top))\" x2=\"\(f(x(0)))\" y2=\"\(f(bottom))\" stroke=\"#333\"/>"
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(bottom + 34))\" text-anchor=\"middle\" font-size=\"11\">\(Markup.escape(axisLabel))</text>"
        var y = top
        for group in groups {
            s += "<text x=\"\(f(8))\" y=\"\(f(y + 13))\" font-size=\"12\" font-weight=\"bold\">\(Markup.escape(group.label))</text>"
            y += row
            for e in group.estimates {
                let cy = y + row / 2
                let color = e.placebo ? "#888888" : "#1f5f9f"
                s += "<text x=\"\(f(left - 8))\" y=\"\(f(cy + 4))\" text-anchor=\"end\" font-size=\"11\">\(Markup.escape(e.label))</text>"
                if let low = e.low, let high = e.high {
                    s += "<line x1=\"\(f(x(low)))\" y1=\"\(f(cy))\" x2=\"\(f(x(high)))\" y2=\"\(f(cy))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
                    for end in [low, high] {
                        s += "<line x1=\"\(f(x(end)))\" y1=\"\(f(cy - 4))\" x2=\"\(f(x(end)))\" y2=\"\(f(cy + 4))\" stroke=\"\(color)\" stroke-width=\"2\"/>"
                    }
                }
                let interval = e.low.map { " (\(SwedishFormat.decimal($0)) till \(SwedishFormat.decimal(e.high)))" } ?? " (för få skolor för ett intervall)"
                s += "<circle cx=\"\(f(x(e.value)))\" cy=\"\(f(cy))\" r=\"4\" fill=\"\(color)\"><title>\(Markup.escape(group.label)), \(Markup.escape(e.label)): \(SwedishFormat.decimal(e.value))\(interval)</title></circle>"
                y += row
            }
            y += gap
        }
        let ly = height - 20
        s += "<circle cx=\"\(f(left + 8))\" cy=\"\(f(ly))\" r=\"4\" fill=\"#1f5f9f\"/><text x=\"\(f(left + 18))\" y=\"\(f(ly + 4))\" font-size=\"11\">effekt med 95 %-intervall</text>"
        s += "<circle cx=\"\(f(left + 228))\" cy=\"\(f(ly))\" r=\"4\" fill=\"#888888\"/><text x=\"\(f(left + 238))\" y=\"\(f(ly + 4))\" font-size=\"11\">placebo: året före starten (bör ligga nära 0)</text>"
        return s + "</svg>"
    }
}
