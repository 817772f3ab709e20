/// One horizontal bar per group from its p10 to its p90 with the median marked: the
/// city's spread of school means beside Sweden's and the municipality's.
struct RangeChart {
    struct Range {
        let label: String
        let p10: Double
        let median: Double
        let p90: Double
    }

    let title: String
    let ranges: [Range]
    let axisLabel: String
    var width = 720.0

    func svg() -> String {
        let left = 190.0, right = 36.0, top = 30.0, row = 34.0
        let height = top + row * Double(ranges.count) + 56
        let plotW = width - left - right
        let ticks = Axis.ticks(ranges.map(\.p10).min() ?? 0, ranges.map(\.p90).max() ?? 1)
        let (lo, hi) = (ticks.first!, max(ticks.last!, ticks.first! + 1e-9))
        func x(_ v: Double) -> Double { left + plotW * (v - lo) / (hi - lo) }
        let bottom = top + row * Double(ranges.count)
        var s = Axis.open(width: width, height: height, title: title)
        s += Axis.verticalGrid(ticks, x: x, top: top, bottom: bottom)
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(bottom + 34))\" text-anchor=\"middle\" font-size=\"11\">\(Markup.escape(axisLabel))</text>"
        for (i, r) in ranges.enumerated() {
            let cy = top + row * (Double(i) + 0.5)
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(cy + 4))\" text-anchor=\"end\" font-size=\"12\">\(Markup.escape(r.label))</text>"
            s += "<rect x=\"\(f(x(r.p10)))\" y=\"\(f(cy - 7))\" width=\"\(f(max(x(r.p90) - x(r.p10), 1)))\" height=\"14\" fill=\"#9dbbd9\"><title>\(Markup.escape(r.label)): p10 \(SwedishFormat.decimal(r.p10)), p90 \(SwedishFormat.decimal(r.p90))</title></rect>"
            s += "<line x1=\"\(f(x(r.median)))\" y1=\"\(f(cy - 10))\" x2=\"\(f(x(r.median)))\" y2=\"\(f(cy + 10))\" stroke=\"#1a1a1a\" stroke-width=\"3\"><title>\(Markup.escape(r.label)): median \(SwedishFormat.decimal(r.median))</title></line>"
        }
        return s + "</svg>"
    }
}
