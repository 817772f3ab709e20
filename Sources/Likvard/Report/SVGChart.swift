import Foundation

/// Charts as inline SVG the report writes itself: axes, tick labels, a legend, and a
/// `<title>` for screen readers. No scripts, no fonts, no network.
struct LineChart {
    struct Series {
        let name: String
        let values: [Double?]
        let color: String
        let dashed: Bool
    }

    let title: String
    let xLabels: [String]
    let series: [Series]
    let yLabel: String
    var width = 720.0
    var height = 320.0

    func svg() -> String {
        // right: room for half of the last x label (VT2025), which is centred on the edge
        let left = 64.0, right = 40.0, top = 28.0, bottom = 76.0
        let plotW = width - left - right, plotH = height - top - bottom
        let all = series.flatMap { $0.values.compactMap { $0 } }
        var (lo, hi) = (all.min() ?? 0, all.max() ?? 1)
        if hi - lo < 1 { lo -= 1; hi += 1 }
        let ticks = Axis.ticks(lo, hi)
        lo = min(lo, ticks.first!); hi = max(hi, ticks.last!)
        func x(_ i: Int) -> Double { xLabels.count <= 1 ? left + plotW / 2 : left + plotW * Double(i) / Double(xLabels.count - 1) }
        func y(_ v: Double) -> Double { top + plotH * (1 - (v - lo) / (hi - lo)) }

        var s = Axis.open(width: width, height: height, title: title)
        s += Axis.horizontalGrid(ticks, y: y, left: left, right: left + plotW)
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>"
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>"
        for (i, label) in xLabels.enumerated() {
            s += "<text x=\"\(f(x(i)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\" font-size=\"11\">\(Markup.escape(label))</text>"
        }
        s += "<text transform=\"translate(14 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"11\">\(Markup.escape(yLabel))</text>"
        for line in series {
            var path = ""
            var pen = false
            for (i, v) in line.values.enumerated() {
                guard let v else { pen = false; continue }
                path += "\(pen ? "L" : "M")\(f(x(i))) \(f(y(v))) "
                pen = true
                s += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"3\" fill=\"\(line.color)\"><title>\(Markup.escape(line.name)), \(Markup.escape(xLabels[i])): \(SwedishFormat.decimal(v))</title></circle>"
            }
            if !path.isEmpty {
                s += "<path d=\"\(path.trimmingCharacters(in: .whitespaces))\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
            }
        }
        s += Axis.legend(series.map { ($0.name, $0.color, $0.dashed) }, x: left, y: height - 30, width: plotW)
        return s + "</svg>"
    }
}

struct BarChart {
    let title: String
    let categories: [String]
    let values: [Double?]
    let yLabel: String
    var color = "#1f5f9f"
    /// Decimals of the value labels (0 for counts).
    var valueDigits = 1
    var width = 560.0
    var height = 280.0
    /// Fixed axis range (e.g. a survey's scale); nil: from the data.
    var range: (Double, Double)?

    func svg() -> String {
        let left = 64.0, right = 16.0, top = 28.0, bottom = 52.0
        let plotW = width - left - right, plotH = height - top - bottom
        let present = values.compactMap { $0 }
        var (lo, hi) = range ?? (0, max(present.max() ?? 1, 1))
        let ticks = Axis.ticks(lo, hi)
        if range == nil { lo = min(lo, ticks.first!); hi = max(hi, ticks.last!) }
        func y(_ v: Double) -> Double { top + plotH * (1 - (v - lo) / (hi - lo)) }
        let slot = plotW / Double(max(categories.count, 1))
        var s = Axis.open(width: width, height: height, title: title)
        s += Axis.horizontalGrid(ticks.filter { $0 >= lo && $0 <= hi }, y: y, left: left, right: left + plotW,
                                 digits: { $0.rounded() == $0 ? 0 : 1 })
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>"
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>"
        for (i, category) in categories.enumerated() {
            let cx = left + slot * (Double(i) + 0.5)
            if let v = values[i] {
                let barTop = y(max(lo, min(hi, v)))
                s += "<rect x=\"\(f(cx - slot * 0.3))\" y=\"\(f(barTop))\" width=\"\(f(slot * 0.6))\" height=\"\(f(top + plotH - barTop))\" fill=\"\(color)\"><title>\(Markup.escape(category)): \(SwedishFormat.decimal(v, digits: valueDigits))</title></rect>"
                s += "<text x=\"\(f(cx))\" y=\"\(f(barTop - 4))\" text-anchor=\"middle\" font-size=\"10\">\(SwedishFormat.decimal(v, digits: valueDigits))</text>"
            } else {
                s += "<text x=\"\(f(cx))\" y=\"\(f(top + plotH - 4))\" text-anchor=\"middle\" font-size=\"11\">\(SwedishFormat.suppressed)</text>"
            }
            s += "<text x=\"\(f(cx))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\" font-size=\"11\">\(Markup.escape(category))</text>"
        }
        s += "<text transform=\"translate(14 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"11\">\(Markup.escape(yLabel))</text>"
        return s + "</svg>"
    }
}

/// Shared pieces of the charts.
enum Axis {
    static func open(width: Double, height: Double, title: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" font-family=\"sans-serif\"><title>\(Markup.escape(title))</title>"
            + "<text x=\"\(f(width / 2))\" y=\"16\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">\(Markup.escape(title))</text>"
    }

    /// Vertical grid lines at `x(t)` from `top` to `bottom`, each labelled below.
    static func verticalGrid(_ ticks: [Double], x: (Double) -> Double, top: Double, bottom: Double) -> String {
        ticks.map { t in
            "<line x1=\"\(f(x(t)))\" y1=\"\(f(top))\" x2=\"\(f(x(t)))\" y2=\"\(f(bottom))\" stroke=\"#e3e3e3\"/>"
                + "<text x=\"\(f(x(t)))\" y=\"\(f(bottom + 16))\" text-anchor=\"middle\" font-size=\"11\">\(SwedishFormat.decimal(t, digits: 0))</text>"
        }.joined()
    }

    /// Horizontal grid lines at `y(t)` from `left` to `right`, each labelled to the left
    /// (`digits` decimals for a tick, whole numbers by default).
    static func horizontalGrid(_ ticks: [Double], y: (Double) -> Double, left: Double, right: Double,
                               digits: (Double) -> Int = { _ in 0 }) -> String {
        ticks.map { t in
            "<line x1=\"\(f(left))\" y1=\"\(f(y(t)))\" x2=\"\(f(right))\" y2=\"\(f(y(t)))\" stroke=\"#e3e3e3\"/>"
                + "<text x=\"\(f(left - 6))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\" font-size=\"11\">\(SwedishFormat.decimal(t, digits: digits(t)))</text>"
        }.joined()
    }

    /// About five round ticks covering lo…hi.
    static func ticks(_ lo: Double, _ hi: Double) -> [Double] {
        let span = max(hi - lo, 1e-9)
        let raw = span / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        let first = floor(lo / step) * step
        var out: [Double] = []
        var t = first
        while t <= hi + step * 0.001 { out.append(t); t += step }
        if out.last! < hi { out.append(t) }
        return out
    }

    static func legend(_ items: [(String, String, Bool)], x: Double, y: Double, width: Double) -> String {
        var s = ""
        let columns = min(items.count, 3)
        let slot = width / Double(max(columns, 1))
        for (i, item) in items.enumerated() {
            let lx = x + slot * Double(i % columns), ly = y + Double(i / columns) * 16
            s += "<line x1=\"\(f(lx))\" y1=\"\(f(ly))\" x2=\"\(f(lx + 24))\" y2=\"\(f(ly))\" stroke=\"\(item.1)\" stroke-width=\"2\"\(item.2 ? " stroke-dasharray=\"6 4\"" : "")/>"
            s += "<text x=\"\(f(lx + 30))\" y=\"\(f(ly + 4))\" font-size=\"11\">\(Markup.escape(item.0))</text>"
        }
        return s
    }
}

/// Coordinates with one decimal, always with a point (SVG syntax, not Swedish).
func f(_ v: Double) -> String { String(format: "%.1f", v) }
