import Foundation
import LikvardIO

/// The project's read path, alone: decompress + decode + parse every field, as the
/// pipeline does it (UTF-8 validated while parsing; a file that is not UTF-8 throughout is
/// read again as Windows-1252). `likvard-bench read FILE` prints the counts and the peak
/// RSS; tests run it as a child process to measure its memory.
enum ReadPath {
    struct Counts {
        var rows = 0
        var fields = 0
        var fieldBytes = 0
    }

    static func read(path: String) throws -> Counts {
        let first = try read(path: path, encoding: .utf8)
        return first.valid ? first.counts : try read(path: path, encoding: .windows1252).counts
    }

    private static func read(path: String, encoding: TextEncoding) throws -> (counts: Counts, valid: Bool) {
        let file = try FileByteSource(path: path)
        let source: ByteSource = path.hasSuffix(".gz") ? try GzipByteSource(input: file) : file
        let reader = CSVReader(source: source, encoding: encoding)
        var counts = Counts()
        guard try reader.readHeader() != nil else { return (counts, reader.isValidUTF8SoFar) }
        while try reader.next() {
            counts.rows += 1
            for i in 0..<reader.fieldCount {
                counts.fields += 1
                counts.fieldBytes += reader.value(i).utf8.count
            }
        }
        return (counts, reader.isValidUTF8SoFar)
    }
}
