/// The character encoding of one input file.
///
/// Swedish exports come as UTF-8 (with or without BOM) or as Windows-1252. The decision is
/// per file: a file that is valid UTF-8 throughout is UTF-8, any other is Windows-1252
/// throughout. Every byte the CSV grammar cares about (`;` `,` TAB `"` CR LF) is ASCII and
/// the same in both, so the reader splits bytes and only decodes the fields it hands out.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case windows1252 = "Windows-1252"

    /// Decodes `bytes` as text in this encoding.
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        switch self {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            var ascii = true
            for b in bytes where b >= 0x80 { ascii = false; break }
            if ascii { return String(decoding: bytes, as: UTF8.self) }
            var scalars = String.UnicodeScalarView()
            for b in bytes { scalars.append(Windows1252.scalar(b)) }
            return String(scalars)
        }
    }

    public func decode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { decode($0) }
    }
}

enum Windows1252 {
    /// 0x80–0x9F differ from Latin-1; the five undefined bytes map to the C1 controls of
    /// the same value, as WHATWG's decoder does.
    private static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func scalar(_ byte: UInt8) -> Unicode.Scalar {
        if byte >= 0x80 && byte <= 0x9F { return Unicode.Scalar(high[Int(byte) - 0x80])! }
        return Unicode.Scalar(byte)
    }
}
