import Foundation

/// `make bench`: generates a deterministic grade export and measures, in the same run,
/// `gzip -dc` of it against the project's read path. Prints rows/s and the ratio.
struct Benchmark {
    let scale: Int

    func run() throws {
        let folder = FileManager.default.currentDirectoryPath + "/bench-data"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let rows = 2_000_000 * scale
        let file = folder + "/betyg-\(rows).csv.gz"
        if !FileManager.default.fileExists(atPath: file) {
            print("generating \(rows) grade rows → \(file)")
            try GradeExportGenerator(rows: rows).write(gzipTo: file)
        }
        let gzipSeconds = try time { try Shell.run("gzip -dc '\(file)' > /dev/null") }
        var counts = ReadPath.Counts()
        let readSeconds = try time { counts = try ReadPath.read(path: file) }
        precondition(counts.rows == rows, "read \(counts.rows) rows, expected \(rows)")
        print("read path benchmark, \(rows) rows (\(counts.fields) fields)")
        print(String(format: "  gzip -dc            %7.2f s  %10.0f rows/s", gzipSeconds, Double(rows) / gzipSeconds))
        print(String(format: "  likvard read path   %7.2f s  %10.0f rows/s", readSeconds, Double(rows) / readSeconds))
        print(String(format: "  ratio read/gzip     %7.2f   (target ≤ 3.0)", readSeconds / gzipSeconds))
    }

    func time(_ body: () throws -> Void) throws -> Double {
        let t0 = Date()
        try body()
        return Date().timeIntervalSince(t0)
    }
}

enum Shell {
    static func run(_ command: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchError("command failed (\(p.terminationStatus)): \(command)") }
    }
}
