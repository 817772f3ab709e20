import LikvardIO
import Testing

@Suite struct TextEncodingTests {
    static func isUTF8(_ bytes: [UInt8], split: Int? = nil) -> Bool {
        var v = UTF8Validator()
        let cut = split ?? bytes.count
        bytes[0..<cut].withUnsafeBytes { v.feed($0) }
        bytes[cut...].withUnsafeBytes { v.feed($0) }
        return v.isValidSoFarAndComplete
    }

    @Test(arguments: [
        (Array("Årskurs;Skolnamn".utf8), true),
        ([0xC3, 0xA5], true),                    // å
        ([0xE5], false),                         // å in Windows-1252
        ([0xC0, 0x80], false),                   // overlong NUL
        ([0xED, 0xA0, 0x80], false),             // surrogate
        ([0xF4, 0x90, 0x80, 0x80], false),       // above U+10FFFF
        ([0xF0, 0x9F, 0x98, 0x80], true),        // emoji
        ([0xE2, 0x82], false),                   // cut short at the end
        ([0x00, 0x41], true),                    // NUL is valid UTF-8
    ] as [([UInt8], Bool)])
    func utf8Validation(bytes: [UInt8], valid: Bool) {
        #expect(Self.isUTF8(bytes) == valid)
    }

    @Test func validatorCarriesSequencesAcrossChunks() {
        let text = Array("Göteborgs förskola — ö".utf8)
        for split in 0...text.count { #expect(Self.isUTF8(text, split: split)) }
    }

    @Test func windows1252DecodesSwedishLettersAndQuotes() {
        let bytes: [UInt8] = [0xC5, 0xE4, 0xF6, 0x20, 0x80, 0x20, 0x93, 0x94, 0xE9]
        #expect(TextEncoding.windows1252.decode(bytes) == "Åäö € “”é")
    }

    @Test func headerNamesFold() {
        #expect(HeaderName.fold("  Årskurs ") == "arskurs")
        #expect(HeaderName.fold("Kartläggning_Klar") == "kartlaggning_klar")
        #expect(HeaderName.fold("MODERSMÅL") == "modersmal")
        #expect(HeaderName.fold("Tillfälligt_ID") == "tillfalligt_id")
        #expect(HeaderName.fold("Skolstart_Sverige") == "skolstart_sverige")
        #expect(HeaderName.fold("Ankomstdatum é") == "ankomstdatum e")
    }
}
