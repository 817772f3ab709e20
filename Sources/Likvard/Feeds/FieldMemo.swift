/// Remembers each column's check results by the field's bytes, so a value seen before in
/// the file is not decoded into a `String` and checked again.
///
/// Why: a grade export repeats a handful of schools, terms, subjects, grades and dates, and
/// each pupil's identifier once per subject; decoding and checking every field was most of
/// the load's own time. Only fields of up to 16 bytes are remembered (packed into two
/// integers, no allocation), in one open-addressing table per column: a multiply-shift
/// hash instead of SipHash, and no copy-on-write or exclusivity checks on the hot path.
/// Each column keeps at most `limit` results and starts over when full, so memory stays
/// bounded however long the file is; a probe never goes past `maxProbes` slots, so keys
/// that happen (or are made) to collide cost a slow check, never a long search.
final class FieldMemo {
    /// A trimmed field (`CSVReader.withTrimmedField`) of 1–16 bytes, packed.
    struct Key: Equatable {
        let low: UInt64
        let high: UInt64
        let count: Int

        /// Nil when the field is empty or longer than 16 bytes.
        init?(bytes: UnsafeBufferPointer<UInt8>) {
            let n = bytes.count
            guard n > 0 && n <= 16 else { return nil }
            var low: UInt64 = 0, high: UInt64 = 0
            for i in 0..<n {
                let b = UInt64(bytes[i])
                if i < 8 { low |= b << (8 * UInt64(i)) } else { high |= b << (8 * UInt64(i - 8)) }
            }
            self.low = low
            self.high = high
            count = n
        }

        var hash: Int {
            var h = (low &* 0x9E37_79B9_7F4A_7C15) ^ (high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(count)
            h ^= h >> 29
            h = h &* 0xBF58_476D_1CE4_E5B9
            return Int(truncatingIfNeeded: h ^ (h >> 32))
        }
    }

    private final class Table {
        var capacity: Int
        var count = 0
        var keys: UnsafeMutablePointer<Key?>
        var results: UnsafeMutablePointer<Result<FieldValue, RowReject>?>

        init(capacity: Int) {
            self.capacity = capacity
            keys = .allocate(capacity: capacity)
            keys.initialize(repeating: nil, count: capacity)
            results = .allocate(capacity: capacity)
            results.initialize(repeating: nil, count: capacity)
        }

        deinit {
            keys.deinitialize(count: capacity)
            keys.deallocate()
            results.deinitialize(count: capacity)
            results.deallocate()
        }
    }

    private var tables: [Table]
    private let limit: Int
    private let maxProbes = 32

    /// `limit`: a power of two, the most results one column holds.
    init(columns: Int, limit: Int = 1 << 14) {
        precondition(limit > 0 && limit & (limit - 1) == 0, "the memo's limit is a power of two")
        tables = (0..<columns).map { _ in Table(capacity: min(64, limit * 2)) }
        self.limit = limit
    }

    subscript(column: Int, key: Key) -> Result<FieldValue, RowReject>? {
        let table = tables[column]
        let mask = table.capacity - 1
        var i = key.hash & mask
        for _ in 0..<maxProbes {
            guard let k = table.keys[i] else { return nil }
            if k == key { return table.results[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    func remember(_ result: Result<FieldValue, RowReject>, column: Int, key: Key) {
        var table = tables[column]
        if table.count * 2 >= table.capacity {
            if table.capacity >= limit * 2 {
                table = Table(capacity: table.capacity)          // full: start over
            } else {
                table = grown(table)
            }
            tables[column] = table
        }
        insert(result, key: key, into: table)
    }

    private func insert(_ result: Result<FieldValue, RowReject>, key: Key, into table: Table) {
        let mask = table.capacity - 1
        var i = key.hash & mask
        for _ in 0..<maxProbes {
            if table.keys[i] == nil {
                table.keys[i] = key
                table.results[i] = result
                table.count += 1
                return
            }
            if table.keys[i] == key { return }
            i = (i + 1) & mask
        }
        // A long run of colliding keys: not remembered (the value is checked each time).
    }

    private func grown(_ table: Table) -> Table {
        let bigger = Table(capacity: table.capacity * 2)
        for i in 0..<table.capacity {
            if let key = table.keys[i], let result = table.results[i] { insert(result, key: key, into: bigger) }
        }
        return bigger
    }
}
