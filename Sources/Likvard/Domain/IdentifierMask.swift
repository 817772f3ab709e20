/// Masks every token that looks like a personnummer, samordningsnummer or temporary id,
/// wherever it stands in a text: `20090314-1232` → `20090314-****`.
///
/// "Looks like" is deliberately wide (no check digit, no date check): a mistyped
/// personnummer is still personal data.
public enum IdentifierMask {
    public static func mask(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var changed = false
        var i = 0
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func isAlnum(_ b: UInt8) -> Bool {
            isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A)
        }
        while i < bytes.count {
            guard isDigit(bytes[i]), i == 0 || !isAlnum(bytes[i - 1]) else { i += 1; continue }
            var j = i
            while j < bytes.count && isDigit(bytes[j]) { j += 1 }
            let run = j - i
            var tailStart: Int?
            if run == 12 || run == 10 {
                tailStart = j - 4
            } else if run == 8 || run == 6 {
                var k = j
                if k < bytes.count && (bytes[k] == UInt8(ascii: "-") || bytes[k] == UInt8(ascii: "+")) { k += 1 }
                // four digits, or T + three alphanumerics (temporary id; 8-digit dates only)
                if k + 4 <= bytes.count,
                   (k + 4 == bytes.count || !isAlnum(bytes[k + 4])) {
                    let four = bytes[k..<(k + 4)]
                    if four.allSatisfy(isDigit) && k > j {
                        tailStart = k
                    } else if four.allSatisfy(isDigit) && k == j {
                        tailStart = nil  // 6/8 digits glued to 4 more is a 10/12 run, handled above
                    } else if run == 8, bytes[k] | 0x20 == UInt8(ascii: "t"), four.dropFirst().allSatisfy(isAlnum) {
                        tailStart = k
                    }
                }
            }
            if let start = tailStart, start + 4 <= bytes.count {
                for p in start..<(start + 4) { bytes[p] = UInt8(ascii: "*") }
                changed = true
                i = start + 4
            } else {
                i = j
            }
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }
}
