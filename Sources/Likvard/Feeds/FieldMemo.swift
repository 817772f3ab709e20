/// Remembers each column's check results by the field's bytes, so a value seen before in
/// the file is not decoded into a `String` and checked again.
///
/// Why: a grade export repeats a handful of schools, terms, subjects, grades and dates, and
/// each pupil's identifier once per subject; decoding and checking every field was most of
/// the load's own time. Only fields of up to 16 bytes are remembered (packed into two
/// integers, no allocation); each column keeps at most `limit` results and starts over
/// when full, so memory stays bounded however long the file is.
final class FieldMemo {
    /// A trimmed field of 1–16 bytes, packed.
    struct Key: Hashable {
        let low: UInt64
        let high: UInt64
        let count: Int

        /// Nil when the trimmed field is empty or longer than 16 bytes.
        init?(trimming bytes: UnsafeBufferPointer<UInt8>) {
            var lo = 0, hi = bytes.count
            while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
            while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 || bytes[hi - 1] == 0x0D) { hi -= 1 }
            let n = hi - lo
            guard n > 0 && n <= 16 else { return nil }
            var low: UInt64 = 0, high: UInt64 = 0
            for i in 0..<n {
                let b = UInt64(bytes[lo + i])
                if i < 8 { low |= b << (8 * UInt64(i)) } else { high |= b << (8 * UInt64(i - 8)) }
            }
            self.low = low
            self.high = high
            count = n
        }
    }

    private var results: [[Key: Result<FieldValue, RowReject>]]
    private let limit: Int

    init(columns: Int, limit: Int = 1 << 14) {
        results = Array(repeating: [:], count: columns)
        self.limit = limit
    }

    subscript(column: Int, key: Key) -> Result<FieldValue, RowReject>? {
        results[column][key]
    }

    func remember(_ result: Result<FieldValue, RowReject>, column: Int, key: Key) {
        if results[column].count >= limit { results[column].removeAll(keepingCapacity: true) }
        results[column][key] = result
    }
}
