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

    @Test func readsWhatGzip9Wrote() throws {
        let dir = TempDirectory()
        var text = ""
        for i in 0..<20_000 { text += "rad \(i);åäö;\(i * 7)\n" }
        dir.write("a.csv", text)
        try Built.shell("gzip -9 '\(dir.path)/a.csv'")
        #expect(try Self.readAll(dir.path + "/a.csv.gz") == Array(text.utf8))
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
        var text = ""
        for i in 0..<5_000 { text += "line \(i) with some text\n" }
        dir.write("t.csv", text)
        try Built.shell("cd '\(dir.path)' && gzip t.csv && head -c 2000 t.csv.gz > cut.csv.gz")
        #expect(throws: GzipError.truncated) { try Self.readAll(dir.path + "/cut.csv.gz") }
    }

    @Test func corruptStreamIsAnError() throws {
        let dir = TempDirectory()
        var text = ""
        for i in 0..<5_000 { text += "line \(i) with some text\n" }
        dir.write("c.csv", text)
        try Built.shell("cd '\(dir.path)' && gzip c.csv")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: dir.path + "/c.csv.gz")))
        for i in 100..<140 { bytes[i] ^= 0x5A }
        dir.write("c.csv.gz", bytes)
        #expect { try Self.readAll(dir.path + "/c.csv.gz") } throws: { error in
            if case GzipError.corrupt = error { return true }
            return false
        }
    }

    @Test func emptyFileIsNotAGzipStream() throws {
        let dir = TempDirectory()
        dir.write("empty.csv.gz", [UInt8]())
        #expect { try Self.readAll(dir.path + "/empty.csv.gz") } throws: { error in
            if case GzipError.corrupt = error { return true }
            return false
        }
    }

    @Test func trailingGarbageAfterAMemberIsCorrupt() throws {
        let dir = TempDirectory()
        dir.write("g.csv", "a;b\n")
        try Built.shell("cd '\(dir.path)' && gzip g.csv && printf 'garbage' >> g.csv.gz")
        #expect(throws: (any Error).self) { try Self.readAll(dir.path + "/g.csv.gz") }
    }
}
