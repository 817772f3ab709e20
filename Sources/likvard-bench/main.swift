import Foundation
import Likvard

// likvard-bench: benchmarks and measurement helpers (never timed tests).
//   likvard-bench read FILE       the read path alone; prints counts
//   likvard-bench generate N DIR  a benchmark inbox with about N grade rows
//   likvard-bench [--scale N] [--with-ten-times]
//                                 the benchmark of docs/performance.md (and the nightly
//                                 run again at ten times the rows, with a table of both)
//   likvard-bench follow-up [--scale N]
//                                 section 6 alone, on the clustered warehouse section 2 left
let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "read":
        guard arguments.count == 2 else { throw BenchError("usage: likvard-bench read FILE") }
        let counts = try ReadPath.read(path: arguments[1])
        print("rows=\(counts.rows) fields=\(counts.fields) bytes=\(counts.fieldBytes) peak_rss_kb=\(PeakMemory.kilobytes)")
    case "generate":
        guard arguments.count == 3, let rows = Int(arguments[1]) else { throw BenchError("usage: likvard-bench generate ROWS INBOX") }
        print("wrote \(try InboxGenerator(gradeRows: rows).write(to: arguments[2])) grade rows")
    case "follow-up":
        var scale = 1
        if let i = arguments.firstIndex(of: "--scale"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) { scale = n }
        let bench = Benchmark(scale: scale)
        try bench.followUpRefresh(of: bench.folder + "/warehouse-clustered-\(2_000_000 * scale).sqlite")
    default:
        var scale = 1
        if let i = arguments.firstIndex(of: "--scale"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) { scale = n }
        var bench = Benchmark(scale: scale)
        bench.withTenTimes = arguments.contains("--with-ten-times")
        try bench.run()
    }
} catch {
    FileHandle.standardError.write(Data("likvard-bench: \(error)\n".utf8))
    exit(1)
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
