import Foundation
import LikvardIO
import LikvardTestSupport
import Testing

/// Real gzip streams written by the system's `gzip`, read back through zlib.
@Suite struct GzipByteSourceTests {
    static func readAll(_ path: String, chunk: Int = 4096) throws -> [UInt8] {
        let source = try GzipByteSource(input: try FileByteSource(path: path))
        var out: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let n = try source.read(into: buffer)
            if n == 0 { return out }
            out += buffer[0..<n]
        }
    }

    /// `n` lines written to `name` in `dir` and gzipped there by the system's `gzip`
    /// (`options` as given); returns the text and the `.gz` file's path.
    static func gzipped(_ dir: TempDirectory, _ name: String, lines n: Int, options: String = "",
                        _ line: (Int) -> String) throws -> (text: String, path: String) {
        let text = (0..<n).map { line($0) + "\n" }.joined()
        dir.write(name, text)
        try Built.shell("cd '\(dir.path)' && gzip \(options) '\(name)'")
        return (text, "\(dir.path)/\(name).gz")
    }

    static func isCorrupt(_ error: any Error) -> Bool {
        if case GzipError.corrupt = error { return true }
        return false
    }

    @Test func readsWhatGzip9Wrote() throws {
        let dir = TempDirectory()
        let (text, path) = try Self.gzipped(dir, "a.csv", lines: 20_000, options: "-9") { "rad \($0);åäö;\($0 * 7)" }
        #expect(try Self.readAll(path) == Array(text.utf8))
    }

    @Test func multiMemberFilesAreOneStream() throws {
        let dir = TempDirectory()
        dir.write("a.csv", "first;member\n")
        dir.write("b.csv", "second;member\n")
        try Built.shell("cd '\(dir.path)' && gzip a.csv && gzip b.csv && cat a.csv.gz b.csv.gz > ab.csv.gz")
        #expect(String(decoding: try Self.readAll(dir.path + "/ab.csv.gz", chunk: 3), as: UTF8.self) == "first;member\nsecond;member\n")
    }

    @Test func truncatedStreamIsAnError() throws {
        let dir = TempDirectory()
        _ = try Self.gzipped(dir, "t.csv", lines: 5_000) { "line \($0) with some text" }
        try Built.shell("cd '\(dir.path)' && head -c 2000 t.csv.gz > cut.csv.gz")
        #expect(throws: GzipError.truncated) { try Self.readAll(dir.path + "/cut.csv.gz") }
    }

    @Test func corruptStreamIsAnError() throws {
        let dir = TempDirectory()
        let (_, path) = try Self.gzipped(dir, "c.csv", lines: 5_000) { "line \($0) with some text" }
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        for i in 100..<140 { bytes[i] ^= 0x5A }
        dir.write("c.csv.gz", bytes)
        #expect(performing: { try Self.readAll(path) }, throws: Self.isCorrupt)
    }

    @Test func emptyFileIsNotAGzipStream() throws {
        let dir = TempDirectory()
        dir.write("empty.csv.gz", [UInt8]())
        #expect(performing: { try Self.readAll(dir.path + "/empty.csv.gz") }, throws: Self.isCorrupt)
    }

    @Test func trailingGarbageAfterAMemberIsCorrupt() throws {
        let dir = TempDirectory()
        dir.write("g.csv", "a;b\n")
        try Built.shell("cd '\(dir.path)' && gzip g.csv && printf 'garbage' >> g.csv.gz")
        #expect(throws: (any Error).self) { try Self.readAll(dir.path + "/g.csv.gz") }
    }
}
