/// Points on two numeric axes, some marked, with a fitted line: school mean merit value
/// against the socio-economic index, the schools below expectation in another colour.
struct ScatterChart {
    struct Point {
        let label: String
        let x: Double
        let y: Double
        let marked: Bool
    }

    let title: String
    let points: [Point]
    /// The line's two ends, (x, y), drawn across the plot; nil: none.
    let line: ((Double, Double), (Double, Double))?
    let xLabel: String
    let yLabel: String
    let legend: (plain: String, marked: String, line: String)
    var width = 720.0
    var height = 360.0
    /// Decimals of the x axis's tick labels (an index: 2; kronor: 0).
    var xDigits = 2

    func svg() -> String {
        let left = 64.0, right = 28.0, top = 28.0, bottom = 84.0
        let plotW = width - left - right, plotH = height - top - bottom
        let xs = points.map(\.x), ys = points.map(\.y) + [line?.0.1, line?.1.1].compactMap { $0 }
        let xTicks = Axis.ticks(xs.min() ?? 0, xs.max() ?? 1), yTicks = Axis.ticks(ys.min() ?? 0, ys.max() ?? 1)
        let (x0, x1) = (xTicks.first!, max(xTicks.last!, xTicks.first! + 1e-9)), (y0, y1) = (yTicks.first!, max(yTicks.last!, yTicks.first! + 1e-9))
        func px(_ v: Double) -> Double { left + plotW * (v - x0) / (x1 - x0) }
        func py(_ v: Double) -> Double { top + plotH * (1 - (v - y0) / (y1 - y0)) }

        var s = Axis.open(width: width, height: height, title: title)
        s += Axis.horizontalGrid(yTicks, y: py, left: left, right: left + plotW)
        for t in xTicks {
            s += "<text x=\"\(f(px(t)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\" font-size=\"11\">\(SwedishFormat.decimal(t, digits: xDigits))</text>"
        }
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>"
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>"
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(top + plotH + 34))\" text-anchor=\"middle\" font-size=\"11\">\(Markup.escape(xLabel))</text>"
        s += "<text transform=\"translate(14 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"11\">\(Markup.escape(yLabel))</text>"
        if let ((ax, ay), (bx, by)) = line {
            s += "<line x1=\"\(f(px(ax)))\" y1=\"\(f(py(ay)))\" x2=\"\(f(px(bx)))\" y2=\"\(f(py(by)))\" stroke=\"#3a8f3a\" stroke-width=\"2\"/>"
        }
        for p in points {
            let color = p.marked ? "#b8462e" : "#1f5f9f"
            s += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"\(p.marked ? 5 : 4)\" fill=\"\(color)\"><title>\(Markup.escape(p.label)): \(SwedishFormat.decimal(p.y)) (\(Markup.escape(xLabel)) \(SwedishFormat.decimal(p.x, digits: xDigits)))</title></circle>"
        }
        let ly = height - 24
        s += "<circle cx=\"\(f(left + 8))\" cy=\"\(f(ly))\" r=\"4\" fill=\"#1f5f9f\"/><text x=\"\(f(left + 18))\" y=\"\(f(ly + 4))\" font-size=\"11\">\(Markup.escape(legend.plain))</text>"
        if points.contains(where: \.marked) {
            s += "<circle cx=\"\(f(left + 228))\" cy=\"\(f(ly))\" r=\"5\" fill=\"#b8462e\"/><text x=\"\(f(left + 238))\" y=\"\(f(ly + 4))\" font-size=\"11\">\(Markup.escape(legend.marked))</text>"
        }
        if line != nil {
            s += "<line x1=\"\(f(left + 448))\" y1=\"\(f(ly))\" x2=\"\(f(left + 472))\" y2=\"\(f(ly))\" stroke=\"#3a8f3a\" stroke-width=\"2\"/><text x=\"\(f(left + 478))\" y=\"\(f(ly + 4))\" font-size=\"11\">\(Markup.escape(legend.line))</text>"
        }
        return s + "</svg>"
    }
}
