import LikvardIO
import Testing

/// The "Common rules" of the input contract, case by case.
@Suite struct CSVReaderTests {
    struct Parsed: Equatable {
        var header: [String]?
        var records: [Record]
    }

    struct Record: Equatable, CustomStringConvertible {
        var line: Int
        var fields: [String]
        var malformed = false
        var description: String { "\(line):\(fields)\(malformed ? " malformed" : "")" }
    }

    static func parse(_ text: String, encoding: TextEncoding = .utf8, chunk: Int = 7) throws -> Parsed {
        try parse(Array(text.utf8), encoding: encoding, chunk: chunk)
    }

    static func parse(_ bytes: [UInt8], encoding: TextEncoding = .utf8, chunk: Int = 7) throws -> Parsed {
        var options = CSVReader.Options()
        options.chunkSize = chunk   // tiny chunks: every boundary case of the buffer gets hit
        let reader = CSVReader(source: MemoryByteSource(bytes), encoding: encoding, options: options)
        let header = try reader.readHeader()
        var records: [Record] = []
        while try reader.next() {
            records.append(Record(line: reader.line, fields: (0..<reader.fieldCount).map(reader.value),
                                  malformed: reader.malformation != nil))
        }
        return Parsed(header: header, records: records)
    }

    @Test func semicolonsAndLineNumbers() throws {
        let p = try Self.parse("a;b\n1;2\n3;4\n")
        #expect(p.header == ["a", "b"])
        #expect(p.records == [Record(line: 2, fields: ["1", "2"]), Record(line: 3, fields: ["3", "4"])])
    }

    @Test func crlfAndMissingFinalNewline() throws {
        let p = try Self.parse("a;b\r\n1;2\r\n3;4")
        #expect(p.records.map(\.fields) == [["1", "2"], ["3", "4"]])
    }

    @Test func byteOrderMarkIsNotPartOfTheFirstName() throws {
        let p = try Self.parse([0xEF, 0xBB, 0xBF] + Array("skolenhetskod;skolnamn\n1;2\n".utf8))
        #expect(p.header == ["skolenhetskod", "skolnamn"])
    }

    @Test func windows1252FieldsDecode() throws {
        let bytes: [UInt8] = Array("skolnamn;stadsdel\n".utf8) + [0x53, 0xF6, 0x64, 0x65, 0x72, 0x3B, 0xC5, 0x6B, 0x65, 0x72, 0x0A]
        let p = try Self.parse(bytes, encoding: .windows1252)
        #expect(p.records.first?.fields == ["Söder", "Åker"])
    }

    @Test func quotedDelimiterQuoteAndLineBreak() throws {
        let p = try Self.parse("a;b;c\n\"x;y\";\"he said \"\"hej\"\"\";\"two\nlines\"\n5;6;7\n")
        #expect(p.records == [
            Record(line: 2, fields: ["x;y", "he said \"hej\"", "two\nlines"]),
            Record(line: 4, fields: ["5", "6", "7"]),
        ])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let p = try Self.parse("a;b\n\n   \n1;2\n\r\n3;4\n")
        #expect(p.records.map(\.line) == [4, 6])
    }

    @Test func sepLineSetsTheDelimiter() throws {
        let p = try Self.parse("sep=,\na,b;c\n1,2;3\n")
        #expect(p.header == ["a", "b;c"])
        #expect(p.records == [Record(line: 3, fields: ["1", "2;3"])])
    }

    @Test(arguments: [
        ("a;b;c\n1;2;3\n", ["1", "2", "3"]),
        ("a\tb\tc\n1\t2\t3\n", ["1", "2", "3"]),
        ("a,b,c\n1,2,3\n", ["1", "2", "3"]),
        ("a;b,c\n1;2,3\n", ["1", "2,3"]),          // tie: ; wins
        ("a\tb,c\n1\t2,3\n", ["1", "2,3"]),        // tie: TAB before ,
        ("\"a;x\",b,c\n1,2,3\n", ["1", "2", "3"]), // ; inside quotes does not count
    ])
    func delimiterDetection(text: String, expected: [String]) throws {
        #expect(try Self.parse(text).records.first?.fields == expected)
    }

    @Test func raggedRowsKeepTheirFieldCounts() throws {
        let p = try Self.parse("a;b;c\n1;2\n1;2;3;4\n")
        #expect(p.records.map(\.fields.count) == [2, 4])
    }

    @Test func unterminatedQuoteAtEndOfFileResumesOnTheNextLine() throws {
        let p = try Self.parse("a;b\n1;\"open\n2;3\n4;5\n")
        #expect(p.records == [
            Record(line: 2, fields: [], malformed: true),
            Record(line: 3, fields: ["2", "3"]),
            Record(line: 4, fields: ["4", "5"]),
        ])
    }

    @Test func quotedFieldMaySpanAHundredLinesButNotMore() throws {
        let ninetyNineBreaks = String(repeating: "x\n", count: 99) + "end"
        let ok = try Self.parse("a;b\n1;\"\(ninetyNineBreaks)\"\n2;3\n", chunk: 64)
        #expect(ok.records.count == 2)
        #expect(ok.records[1].line == 102)
        let hundredBreaks = String(repeating: "x\n", count: 100) + "end"
        let bad = try Self.parse("a;b\n1;\"\(hundredBreaks)\"\n2;3\n", chunk: 64)
        #expect(bad.records.first == Record(line: 2, fields: [], malformed: true))
        // reading resumes on line 3, inside the would-be field: each line is its own record
        #expect(bad.records[1].line == 3)
        #expect(bad.records.last?.line == 103)
    }

    @Test func lineNumbersAfterAQuotedLineBreak() throws {
        let p = try Self.parse("a;b\n\"1\n1\";x\n\"2\r\n2\r\n2\";y\n3;z\n")
        #expect(p.records.map(\.line) == [2, 4, 7])
    }

    @Test func textAfterAClosingQuoteIsMalformed() throws {
        let p = try Self.parse("a;b\n\"1\"x;2\n3;4\n")
        #expect(p.records.map(\.malformed) == [true, false])
    }

    @Test func rawTextOfARecordIsItsLine() throws {
        let reader = CSVReader(source: MemoryByteSource(Array("a;b\r\n1; \"2\" \r\n".utf8)), encoding: .utf8)
        _ = try reader.readHeader()
        #expect(try reader.next())
        #expect(reader.rawText == "1; \"2\" ")
        #expect(reader.value(1) == "2")
    }

    @Test func emptyInputHasNoHeader() throws {
        #expect(try Self.parse("").header == nil)
        #expect(try Self.parse("\n  \n\r\n").header == nil)
    }

    @Test func headerOnlyHasNoRecords() throws {
        let p = try Self.parse("a;b\n")
        #expect(p.header == ["a", "b"])
        #expect(p.records.isEmpty)
    }

    @Test func overlongRecordIsMalformedAndSkippedWithoutBufferingIt() throws {
        var options = CSVReader.Options()
        options.maxRecordBytes = 1000
        options.chunkSize = 64
        let text = "a;b\n" + String(repeating: "x", count: 50_000) + ";1\n2;3\n"
        let reader = CSVReader(source: MemoryByteSource(Array(text.utf8)), encoding: .utf8, options: options)
        _ = try reader.readHeader()
        #expect(try reader.next())
        #expect(reader.malformation == .recordTooLong(limit: 1000))
        #expect(try reader.next())
        #expect(reader.line == 3)
        #expect(reader.value(0) == "2")
    }
}
