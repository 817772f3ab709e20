/// Checks, chunk by chunk, whether a byte stream is well-formed UTF-8 (RFC 3629: no
/// overlong forms, no surrogates, nothing above U+10FFFF). Constant memory.
public struct UTF8Validator: Sendable {
    private var pending = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    public private(set) var sawInvalidByte = false

    public init() {}

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard !sawInvalidByte else { return }
        var i = 0
        let n = bytes.count
        guard let base = bytes.baseAddress else { return }
        while i < n {
            // Fast path: eight ASCII bytes at a time.
            if pending == 0 {
                while i + 8 <= n && base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                }
                if i >= n { break }
            }
            let b = bytes[i]
            i += 1
            if pending == 0 {
                if b < 0x80 { continue }
                switch b {
                case 0xC2...0xDF: pending = 1
                case 0xE0: pending = 2; lower = 0xA0
                case 0xE1...0xEC, 0xEE, 0xEF: pending = 2
                case 0xED: pending = 2; upper = 0x9F
                case 0xF0: pending = 3; lower = 0x90
                case 0xF1...0xF3: pending = 3
                case 0xF4: pending = 3; upper = 0x8F
                default: sawInvalidByte = true; return
                }
            } else {
                guard b >= lower && b <= upper else { sawInvalidByte = true; return }
                lower = 0x80
                upper = 0xBF
                pending -= 1
            }
        }
    }

    /// The input ended: a sequence still open is invalid.
    public mutating func finish() {
        if pending != 0 { sawInvalidByte = true }
    }

    /// True when every byte fed so far is UTF-8 and no sequence is left open.
    public var isValidSoFarAndComplete: Bool { !sawInvalidByte && pending == 0 }
}
