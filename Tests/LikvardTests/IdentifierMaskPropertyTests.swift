import Foundation
import Likvard
import LikvardTestSupport
import Testing

/// The identifier mask as a property over random texts (seeded, so a failure names its
/// case): every identifier in any spelling — a mistyped date, one digit too many, any of the
/// separators, full-width digits, whatever stands around it — comes out masked; school unit
/// codes, dates, amounts and merit values never do.
@Suite struct IdentifierMaskPropertyTests {
    static let separators: [String] = [" ", "\u{00A0}", "\t", "\n", "\r\n", "\u{200B}", "-", "\u{2010}", "\u{2013}", "\u{2014}",
                                       "\u{2212}", ".", "/", "_", "+", "  "]
    static let surroundings: [String] = ["", " ", ";", "\"", "'", "pnr ", "Kommentar ", "x", "(", ") ", "\n", "elev: ", "Ali"]

    /// An identifier as someone may have typed it: 8 digits beginning 19 or 20, or 6 (the date
    /// unchecked), up to two separators, four digits or T and three — perhaps a digit too many.
    static func identifier(_ random: inout SeededRandom) -> (text: String, tail: String) {
        func digits(_ n: Int) -> String { (0..<n).map { _ in String(random.int(0...9)) }.joined() }
        let date = random.chance(0.7) ? random.pick(["19", "20"]) + digits(6) : digits(6)
        var separator = ""
        switch random.int(0...3) {
        case 0: separator = ""
        case 1, 2: separator = random.pick(separators)
        default:
            let single = separators.filter { $0.unicodeScalars.count == 1 }
            separator = random.pick(single) + random.pick(single)
        }
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var tail = random.chance(0.7) ? digits(4)
            : random.pick(["T", "t"]) + String((0..<3).map { _ in letters[random.int(0...(letters.count - 1))] })
        if random.chance(0.15) { tail += digits(1) }   // one digit too many
        var text = date + separator + tail
        if random.chance(0.15) {
            // full-width digits (NFKC makes them digits)
            text = String(text.unicodeScalars.map { c -> Character in
                (0x30...0x39).contains(c.value) ? Character(Unicode.Scalar(c.value - 0x30 + 0xFF10)!) : Character(c)
            })
        }
        return (text, tail)
    }

    @Test(arguments: 0..<20)
    func everyIdentifierIsMasked(batch: Int) {
        var random = SeededRandom(seed: 9_000 + UInt64(batch))
        for _ in 0..<500 {
            let (id, tail) = Self.identifier(&random)
            let prefix = random.pick(Self.surroundings), suffix = random.pick(Self.surroundings.filter { $0 != "x" && $0 != "Ali" })
            let text = prefix + id + suffix
            let masked = IdentifierMask.mask(text)
            #expect(masked.contains("****"), "not masked: \(text.debugDescription) → \(masked.debugDescription)")
            // the identifier, in any width, is no longer there whole
            let whole = id.precomposedStringWithCompatibilityMapping
            #expect(!masked.contains(whole) && !masked.contains(id), "survived: \(text.debugDescription) → \(masked.debugDescription)")
            _ = tail
        }
    }

    /// Any run of 10 to 13 digits is masked after its date part.
    @Test func longRunsOfDigitsAreMasked() {
        var random = SeededRandom(seed: 77)
        for _ in 0..<500 {
            let n = random.int(10...13)
            let run = (0..<n).map { _ in String(random.int(0...9)) }.joined()
            let masked = IdentifierMask.mask("a " + run + " b")
            #expect(masked == "a " + run.prefix(n >= 12 ? 8 : 6) + String(repeating: "*", count: n - (n >= 12 ? 8 : 6)) + " b",
                    "\(run) → \(masked)")
        }
    }

    /// What a steward needs to read stays readable: school unit codes, dates, amounts, merit
    /// values, terms, and a raw line made of them.
    @Test(arguments: 0..<10)
    func valuesThatAreNoIdentifierStay(batch: Int) {
        var random = SeededRandom(seed: 5_000 + UInt64(batch))
        func digits(_ n: Int) -> String { (0..<n).map { _ in String(random.int(0...9)) }.joined() }
        for _ in 0..<300 {
            // a school unit code: alone it may begin with anything; beside a date, not 19 or 20
            // (8 digits beginning 19 or 20, a space and four digits is an identifier's form)
            let school = random.pick(["3", "4", "5", "7", "9"]) + digits(7)
            let alone = random.pick(["19", "20", "12"]) + digits(6)
            #expect(IdentifierMask.mask(alone) == alone)
            let date = "20\(digits(2))-\(String(format: "%02d", random.int(1...12)))-\(String(format: "%02d", random.int(1...28)))"
            let compact = date.replacingOccurrences(of: "-", with: "")
            let amount = String(random.int(0...9_999_999))
            let merit = String(format: "%.1f", Double(random.int(0...136)) * 2.5).replacingOccurrences(of: ".", with: random.pick([".", ","]))
            let term = random.pick(["HT", "VT"]) + "20\(digits(2))"
            for text in [school, date, compact, amount, merit, term,
                         "\(school);9;\(term);MA;C;\(date)", "skolenhetskod '\(school)' is not in the school unit register",
                         "kostnad_kr '\(amount)' is not a whole number of at least 0", "\(date)T12:30:00Z", "lasar 2023/24",
                         "\(school) \(date) \(merit) \(amount) kr"] {
                #expect(IdentifierMask.mask(text) == text, "masked: \(text)")
            }
        }
    }
}
