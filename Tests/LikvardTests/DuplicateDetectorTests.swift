@testable import Likvard
import LikvardIO
import LikvardSQL
import Testing

/// Duplicate records are found the same before and after the digests spill to SQLite.
@Suite struct DuplicateDetectorTests {
    @Test(arguments: [1_000, 3])   // in memory only; spilling after three digests
    func findsEveryRepeatedRecord(memoryLimit: Int) throws {
        let lines = ["h1;h2", "a;1", "b;2", "a;1", "c;3", "d;4", "b;2", "e;5", "a;1", "f;6"]
        let reader = CSVReader(source: MemoryByteSource(Array(lines.joined(separator: "\n").utf8)), encoding: .utf8)
        _ = try reader.readHeader()
        let detector = DuplicateDetector(memoryLimit: memoryLimit)
        var duplicateLines: [Int] = []
        while try reader.next() {
            if try detector.isDuplicate(reader) { duplicateLines.append(reader.line) }
        }
        #expect(duplicateLines == [4, 7, 9])
    }

    /// Enough records to grow the in-memory table several times (and, with the small
    /// limit, to spill): every repeat is found, no first occurrence is.
    @Test(arguments: [1_000_000, 2_000])
    func findsRepeatsAmongManyRecords(memoryLimit: Int) throws {
        var lines = ["h1;h2"]
        for i in 0..<5_000 { lines.append("\(i);x") }
        for i in stride(from: 0, to: 5_000, by: 7) { lines.append("\(i);x") }
        let reader = CSVReader(source: MemoryByteSource(Array(lines.joined(separator: "\n").utf8)), encoding: .utf8)
        _ = try reader.readHeader()
        let detector = DuplicateDetector(memoryLimit: memoryLimit)
        var duplicates = 0, firstSeen = 0
        while try reader.next() {
            if try detector.isDuplicate(reader) { duplicates += 1 } else { firstSeen += 1 }
        }
        #expect(firstSeen == 5_000)
        #expect(duplicates == (0..<5_000).filter { $0 % 7 == 0 }.count)
    }
}
