@testable import Likvard
import LikvardIO
import Testing

/// The validator's memo returns exactly what was remembered, for every key, while it
/// grows, after it starts over, and when keys collide.
@Suite struct FieldMemoTests {
    /// The key of `text` as the first field of a CSV record, trimmed as the validator trims it.
    static func key(_ text: String) -> FieldMemo.Key? {
        let reader = CSVReader(source: MemoryByteSource(Array("h;x\n\(text);x\n".utf8)), encoding: .utf8)
        _ = try? reader.readHeader()
        guard (try? reader.next()) == true else { return nil }
        return reader.withTrimmedField(0, FieldMemo.Key.init(bytes:))
    }

    @Test func keysAreTrimmedAndBounded() {
        #expect(Self.key(" 12345678\t") == Self.key("12345678"))
        #expect(Self.key("HT2024") != Self.key("HT2025"))
        #expect(Self.key("A") != Self.key("A\u{0}"))              // the length is part of the key
        #expect(Self.key("   ") == nil)
        #expect(Self.key(String(repeating: "1", count: 16)) != nil)
        #expect(Self.key(String(repeating: "1", count: 17)) == nil)
    }

    @Test(arguments: [8, 1 << 14])   // starting over every 8 results; growing to 10,000
    func returnsWhatWasRememberedOrNothing(limit: Int) throws {
        let memo = FieldMemo(columns: 2, limit: limit)
        for i in 0..<10_000 {
            let key = try #require(Self.key("2009\(i)"))
            memo.remember(.success(.integer(i)), column: 1, key: key)
            #expect(memo[1, key].flatMap { try? $0.get().integer } == i)
            #expect(memo[0, key] == nil)                        // columns are separate
        }
        // Everything still held answers with its own value; nothing answers wrongly.
        var held = 0
        for i in 0..<10_000 {
            let key = try #require(Self.key("2009\(i)"))
            if let result = memo[1, key] {
                held += 1
                #expect(try result.get().integer == i)
            }
        }
        if limit == 8 { #expect(held >= 1 && held <= 8) } else { #expect(held == 10_000) }
    }
}
