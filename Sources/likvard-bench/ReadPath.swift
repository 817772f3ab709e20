import Foundation
import LikvardIO

/// The project's read path, alone: decompress + decide encoding + parse every field.
/// `likvard-bench read FILE` prints `rows=N fields=N bytes=N`; tests run it as a child
/// process to measure its memory.
enum ReadPath {
    struct Counts {
        var rows = 0
        var fields = 0
        var fieldBytes = 0
    }

    static func read(path: String) throws -> Counts {
        let gzip = path.hasSuffix(".gz")
        // Pass 1: is it UTF-8 throughout?
        var validator = UTF8Validator()
        do {
            let source: ByteSource = gzip ? try GzipByteSource(input: try FileByteSource(path: path)) : try FileByteSource(path: path)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let n = try source.read(into: buffer)
                if n == 0 { break }
                validator.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            }
        }
        // Pass 2: split every record and decode every field.
        let source: ByteSource = gzip ? try GzipByteSource(input: try FileByteSource(path: path)) : try FileByteSource(path: path)
        let reader = CSVReader(source: source, encoding: validator.isValidSoFarAndComplete ? .utf8 : .windows1252)
        var counts = Counts()
        guard try reader.readHeader() != nil else { return counts }
        while try reader.next() {
            counts.rows += 1
            for i in 0..<reader.fieldCount {
                counts.fields += 1
                counts.fieldBytes += reader.value(i).utf8.count
            }
        }
        return counts
    }
}
