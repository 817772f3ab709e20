@testable import Likvard
import LikvardIO
import LikvardSQL
import Testing

/// Duplicate records are found the same before and after the digests spill to SQLite.
@Suite struct DuplicateDetectorTests {
    /// In memory only; spilling after three digests, to SQLite or to the log decided at the
    /// end: the repeats found at once and those found at the end are the same lines.
    @Test(arguments: [(1_000, false), (3, false), (1_000, true), (3, true)])
    func findsEveryRepeatedRecord(memoryLimit: Int, decidesAtEnd: Bool) throws {
        let lines = ["h1;h2", "a;1", "b;2", "a;1", "c;3", "d;4", "b;2", "e;5", "a;1", "f;6", "e;5", "e;5"]
        let reader = CSVReader(source: MemoryByteSource(Array(lines.joined(separator: "\n").utf8)), encoding: .utf8)
        _ = try reader.readHeader()
        let detector = DuplicateDetector(memoryLimit: memoryLimit, decidesAtEnd: decidesAtEnd)
        var atOnce: [Int] = []
        while try reader.next() {
            if try detector.isDuplicate(reader) { atOnce.append(reader.line) }
        }
        let atEnd = try detector.laterDuplicates()
        #expect((atOnce + atEnd).sorted() == [4, 7, 9, 11, 12])
        // Line 4 repeats line 2 before the limit is reached: always found at once.
        #expect(atOnce.contains(4))
        #expect(atEnd.isEmpty == (memoryLimit == 1_000 || !decidesAtEnd))
    }

    /// The log alone, with partitions small enough to be split again (and, for digests
    /// whose top bits are all equal, split down to the last level): every later line of a
    /// repeated digest, none of the first ones, in order.
    @Test(arguments: [false, true])
    func logNamesEveryLaterLine(sameTopBits: Bool) throws {
        let log = DigestLog(sortLimit: 40)
        var generator = SystemRandomNumberGenerator()
        var digests: [RecordDigest] = []
        var expected: [Int] = []
        for line in 1...3_000 {
            if line % 11 == 0, let earlier = digests.randomElement(using: &generator) {
                digests.append(earlier)
                expected.append(line)
            } else {
                let a = sameTopBits ? Int.random(in: 0..<1_000_000, using: &generator) : Int.random(in: .min ... .max, using: &generator)
                digests.append(RecordDigest(a: a, b: line))
            }
            try log.append(digests[line - 1], line: line)
        }
        #expect(try log.laterLines() == expected)
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
